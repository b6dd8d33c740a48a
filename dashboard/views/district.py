"""District view for a district officer: block map, worker list, call list and complaints."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, downloads, frame, maps, render
from dashboard.i18n import CATEGORY_LABELS, STATUS_LABELS, label, name, number
from dashboard.tables import localise, place, skills_text

PAGE_SIZE = 100
view = frame.current()
f, lang = view.filters, view.lang
frame.title("page_district")
if f.home_district_id is None:
    st.info(view.t("choose_district"))
    st.stop()
downloads.offer(
    view.t("district_report"),
    data.district_report(f.home_district_id, lang),
    what=f"district_report_{f.home_district_id}_{lang}.pdf",
    mime="application/pdf",
    key="dv_report",
    filters=f,
)

st.subheader(view.t("block_map"))
blocks = data.migrants_by_home_area(f)
block_map = maps.base_map(fit=blocks)
breaks = maps.add_choropleth(
    block_map,
    blocks,
    value="workers",
    name="blocks",
    tooltip=lambda r: maps.Tooltip(
        name(r, lang), [(view.t("workers"), r["workers"]), (view.t("migrants"), r["migrants"])]
    ),
)
st_folium(block_map, returned_objects=[], height=460, use_container_width=True, key="dv_block_map")
render.legend(maps.legend_items(breaks), view.t("workers"))
st.caption(f"{view.t('approximate_blocks')} {view.t('suppressed_note')}")

st.subheader(view.t("worker_list"))
search = data.worker_search(st.text_input(view.t("worker_search"), max_chars=100, key="dv_search"))
total = data.count_workers(f, search=search)
pages = max(1, -(-total // PAGE_SIZE))
page = st.number_input(f"{view.t('page_n')} ({view.t('of')} {number(pages)})", 1, pages, 1, key="dv_page") - 1
people = data.workers_in_district(f, int(page), PAGE_SIZE, search)
people["workplace"] = [
    ", ".join(p for p in (place(d, dh, lang), place(s, sh, lang)) if p)
    for d, dh, s, sh in zip(
        people["workplace_district_en"],
        people["workplace_district_hi"],
        people["workplace_state_en"],
        people["workplace_state_hi"],
        strict=True,
    )
]
people["block"] = [place(e, h, lang) for e, h in zip(people["block_en"], people["block_hi"], strict=True)]
people["skills"] = [skills_text(s, lang) for s in people["skills"]]
listed = localise(
    people,
    {
        "worker_id": "worker_id",
        "name": "col_name",
        "phone_masked": "col_phone",
        "block": "col_block",
        "village_en": "col_village",
        "workplace": "col_workplace",
        "last_reached_at": "col_last_reached",
        "skills": "col_skills",
    },
    lang,
)
render.table(listed, height=420)
downloads.people_csv(
    view.t("download_worker_list"), listed, what=f"workers_page_{int(page) + 1}.csv", filters=f, key="dv_workers_csv"
)
st.caption(f"{number(total)} {view.t('workers')}")

st.subheader(view.t("call_list"))
calls = data.call_list(f)
due = data.count_due_calls(f)
calls["block"] = [place(e, h, lang) for e, h in zip(calls["block_en"], calls["block_hi"], strict=True)]
calls["reason"] = [view.t(r) for r in calls["reason"]]
shown = localise(
    calls,
    {
        "rank": "col_rank",
        "worker_id": "worker_id",
        "name": "col_name",
        "phone_masked": "col_phone",
        "block": "col_block",
        "last_reached_at": "col_last_reached",
        "reason": "col_reason",
        "open_complaints": "col_open",
    },
    lang,
)
holds = view.t("rows_of").format(shown=number(len(calls)), total=number(due))
st.caption(f"{view.t('rows_of').format(shown=number(len(calls)), total=number(due))} {view.t('call_list_note')}")
render.table(shown, height=320)
# The call list holds names and phones: watermarked with who exported it and when, and audited.
downloads.people_csv(
    view.t("download_call_list"), shown, what="call_list.csv", filters=f, key="dv_call_csv", note=holds
)

st.subheader(view.t("district_complaints"))
complaints = data.complaints_of_district(f)
complaints["category"] = [label(CATEGORY_LABELS, c, lang) for c in complaints["category"]]
complaints["status"] = [label(STATUS_LABELS, s, lang) for s in complaints["status"]]
complaints["missed"] = [view.t(m) if isinstance(m, str) else "" for m in complaints["missed"]]
lodged = localise(
    complaints,
    {
        "complaint_id": "complaint_number",
        "name": "col_name",
        "category": "col_category",
        "status": "col_status",
        "lodged_at": "col_lodged",
        "missed": "missed",
        "missed_due_at": "col_due_any",
        "resolve_due_at": "col_due",
    },
    lang,
)
render.table(lodged, height=320)
downloads.people_csv(
    view.t("download_complaints"), lodged, what="district_complaints.csv", filters=f, key="dv_complaints_csv"
)
