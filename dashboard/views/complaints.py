"""Complaints: where open complaints are, their breakdowns, what is overdue, and each one's timeline."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from atlas.models import COMPLAINT_STATUSES
from dashboard import alerts_panel, charts, data, frame, maps, profile_panel, render
from dashboard.i18n import CATEGORY_LABELS, DEPARTMENT_LABELS, STATUS_LABELS, TEXT, label, name, percent
from dashboard.tables import localise, place, timeline

TEXT.update(
    {
        "department_ranking": (
            "Departments by share resolved on time (within 21 days)",
            "समय पर (21 दिनों में) निपटाई गई शिकायतों के हिस्से के अनुसार विभाग",
        ),
        "col_resolved": ("Resolved", "निपटाई गई"),
        "col_on_time": ("On time", "समय पर"),
        "col_on_time_share": ("Share on time", "समय पर हिस्सा"),
        "col_escalated": ("Escalated to the state", "राज्य को अग्रेषित"),
    }
)
OUTCOME_KEY = "cp_status_outcome"  # what the last status change did, shown after the page runs again
view = frame.current()
f, lang = view.filters, view.lang
frame.title("page_complaints")

alerts_panel.show_alerts()

st.subheader(view.t("complaints_map"))
blocks = data.open_complaints_by_area(f)
complaint_map = maps.points_map(
    blocks,
    data.outlines("district"),
    size="open",
    colour="#b91c1c",
    tooltip=lambda r: maps.Tooltip(name(r, lang), [(view.t("open"), r["open"]), (view.t("kpi_overdue"), r["overdue"])]),
    clicked=("area_id",),
)
# Districts' circles open the district's profile (a click is the only thing that reruns the page).
clicked = st_folium(
    complaint_map, returned_objects=["last_active_drawing"], height=460, use_container_width=True,
    key=f"cp_map_{f.home_district_id}",
)  # fmt: skip
st.caption(view.t("suppressed_note"))
# The hint only where there is a district's circle to click (none when every district is under 5).
if f.home_district_id is None and not profile_panel.show_clicked(clicked, blocks) and not blocks.empty:
    st.caption(view.t("profile_hint_any"))

st.subheader(view.t("breakdown"))
tables = {"category": CATEGORY_LABELS, "department": DEPARTMENT_LABELS, "status": STATUS_LABELS}
for column, (by, labels) in zip(st.columns(3), tables.items(), strict=True):
    counts = data.complaint_breakdown(f, by=by)
    names = [label(labels, k, lang) for k in counts["key"]]
    figure = go.Figure(
        [
            go.Bar(name=view.t("col_count"), y=names, x=counts["complaints"], orientation="h", marker_color="#9ca3af"),
            go.Bar(name=view.t("col_open_n"), y=names, x=counts["open"], orientation="h", marker_color="#b91c1c"),
        ]
    )
    figure.update_layout(
        barmode="overlay",
        height=340,
        margin={"l": 4, "r": 4, "t": 30, "b": 4},
        title=view.t(f"by_{by}"),
        yaxis={"autorange": "reversed"},
        xaxis=charts.indian_axis(counts["complaints"].tolist(), lang),
        legend={"orientation": "h"},
    )
    column.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key=f"cp_{by}")

st.subheader(view.t("department_ranking"))
ranking = data.department_ranking(f)
ranking["department"] = [label(DEPARTMENT_LABELS, d, lang) for d in ranking["department"]]
ranking["on_time_share"] = [percent(s, 1) if s is not None else "–" for s in ranking["on_time_share"]]
render.table(
    localise(
        ranking,
        {"department": "col_department", "complaints": "col_count", "resolved": "col_resolved",
         "on_time": "col_on_time", "on_time_share": "col_on_time_share"},
        lang,
    )
)  # fmt: skip

st.subheader(view.t("overdue_list"))
overdue = data.overdue_complaints(f)
overdue["category"] = [label(CATEGORY_LABELS, c, lang) for c in overdue["category"]]
overdue["department"] = [label(DEPARTMENT_LABELS, d, lang) for d in overdue["department"]]
overdue["missed"] = [view.t(m) for m in overdue["missed"]]
overdue["block"] = [place(e, h, lang) for e, h in zip(overdue["home_block_en"], overdue["home_block_hi"], strict=True)]
render.table(
    localise(
        overdue,
        {
            "complaint_id": "complaint_number",
            "category": "col_category",
            "department": "col_department",
            "block": "col_block",
            "missed": "missed",
            "due_at": "col_due_any",
            "days_late": "days_late",
            "escalated_at": "col_escalated",
        },
        lang,
    ),
    height=320,
)

st.subheader(view.t("timeline"))
first = int(overdue["complaint_id"].iloc[0]) if not overdue.empty else 1
complaint_id = st.number_input(view.t("complaint_number"), min_value=1, value=first, step=1, key="cp_id")
summary, events = data.complaint_timeline(int(complaint_id))
if summary is None:
    st.info(view.t("not_found"))
    st.stop()
st.markdown(
    f"**{label(CATEGORY_LABELS, str(summary['category']), lang)}** · "
    f"{label(DEPARTMENT_LABELS, str(summary['department']), lang)} · "
    f"{label(STATUS_LABELS, str(summary['status']), lang)}"
)
render.table(timeline(events, lang))

with st.form("cp_status_form"):
    st.markdown(f"**{view.t('change_status')}**")
    to_status = frame.remembered_choice(
        st.selectbox,
        view.t("new_status"),
        COMPLAINT_STATUSES,
        format_func=lambda s: label(STATUS_LABELS, s, lang),
        key="cp_new_status",
    )
    note = st.text_area(view.t("note"), max_chars=2000)
    if st.form_submit_button(view.t("save")):
        if not note.strip():
            st.warning(view.t("note_required"))
        else:
            changed = data.change_complaint_status(int(complaint_id), str(to_status), note.strip())
            # Run the page again, so the status and the timeline above show the change at once.
            st.session_state[OUTCOME_KEY] = "saved" if changed else "unchanged"
            st.rerun()
outcome = st.session_state.pop(OUTCOME_KEY, None)
if outcome == "saved":
    st.success(view.t("saved"))
elif outcome == "unchanged":
    st.info(view.t("unchanged"))
