"""Where the 2020 returnees are now: how many work outside the home state again, since when, where, in which
skills, and how many the call centre has never reached, by district or block, with the never-reached to call."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from atlas.queries.returnees import returnee_filters
from dashboard import charts, data, downloads, frame, render
from dashboard.i18n import SKILL_LABELS, TEXT, compact, label, name, number, percent
from dashboard.render import md
from dashboard.tables import localise, place

TEXT.update(
    {
        "returnees_intro": (
            "The workers of the 2020 returned-migrant survey, as the latest records show them.",
            "2020 के लौटे प्रवासी श्रमिक सर्वेक्षण के श्रमिक, नवीनतम रिकॉर्ड के अनुसार।",
        ),
        "kpi_returnees": ("Returnees surveyed", "सर्वेक्षित लौटे श्रमिक"),
        "kpi_outside_again": ("Working outside the home state again", "फिर से गृह राज्य से बाहर कार्यरत"),
        "kpi_never_reached": ("Never reached by the call centre", "कॉल सेंटर से कभी संपर्क नहीं"),
        "since_when": (
            "Outside the home state, by the month last seen there",
            "गृह राज्य से बाहर, अंतिम बार देखे गए माह के अनुसार",
        ),
        "returnee_destinations": ("Where they work now", "अब कहाँ काम करते हैं"),
        "returnee_skills": ("Their skills", "उनके कौशल"),
        "returnees_by_area": ("By home district or block", "गृह ज़िला या प्रखंड के अनुसार"),
        "col_outside": ("Outside again", "फिर बाहर"),
        "col_never": ("Never reached", "कभी संपर्क नहीं"),
        "returnee_call_list": (
            "Never reached or not in 90 days: the call list (CSV)",
            "कभी या 90 दिनों से संपर्क नहीं: कॉल सूची (CSV)",
        ),
        "choose_district_for_list": (
            "Choose a home district in the sidebar for its call list.",
            "कॉल सूची के लिए बाईं ओर गृह ज़िला चुनें।",
        ),
    }
)
view = frame.current()
f, lang = view.filters, view.lang
frame.title("page_returnees")
st.caption(view.t("returnees_intro"))
cohort = returnee_filters(f)
k = data.kpis(cohort)
areas = data.returnees_by_area(f)
returnees = k["workers"] or 0
never = int(areas["never_reached"].fillna(0).sum())
tiles = st.columns(3)
tiles[0].metric(view.t("kpi_returnees"), compact(returnees, lang), help=number(returnees))
tiles[1].metric(
    view.t("kpi_outside_again"),
    compact(k["migrants"], lang),
    delta=f"{percent(k['migrants'], returnees)} {view.t('of_workers')}",
    delta_color="off",
    delta_arrow="off",
)
tiles[2].metric(
    view.t("kpi_never_reached"),
    compact(never, lang),
    delta=f"{percent(never, returnees)} {view.t('of_workers')}",
    delta_color="off",
    delta_arrow="off",
)

left, right = st.columns(2)
with left:
    st.subheader(view.t("since_when"))
    months = data.returnees_outside_by_month(f)
    figure = go.Figure(go.Bar(x=months["month"], y=months["outside"], marker_color="#c2410c"))
    figure.update_layout(height=320, margin={"l": 8, "r": 8, "t": 10, "b": 8}, xaxis={"tickformat": "%m-%Y"},
                         yaxis=charts.indian_axis(months["outside"].tolist(), lang))  # fmt: skip
    st.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key="rt_months")
with right:
    st.subheader(view.t("returnee_destinations"))
    places = data.top_destinations(cohort)
    places["place"] = [f"{name(r, lang)}, {place(r['state_en'], r['state_hi'], lang)}" for _, r in places.iterrows()]
    render.table(localise(places, {"place": "col_district", "workers": "workers"}, lang), height=320)

st.subheader(view.t("returnee_skills"))
skills = data.top_skills(cohort)
skills["skill"] = [label(SKILL_LABELS, s, lang) for s in skills["skill_group"]]
render.table(localise(skills, {"skill": "col_skills", "workers": "workers"}, lang))

st.subheader(view.t("returnees_by_area"))
areas["area"] = [name(r, lang) for _, r in areas.iterrows()]
columns = {"area": "col_district" if f.home_district_id is None else "col_block", "returnees": "kpi_returnees",
           "outside": "col_outside", "never_reached": "col_never"}  # fmt: skip
render.table(localise(areas, columns, lang), height=360)
st.caption(view.t("suppressed_note"))

if not data.reads_records():
    st.stop()
if f.home_district_id is None:
    st.info(md(view.t("choose_district_for_list")))
    st.stop()
calls = data.call_list(cohort)
calls["block"] = [place(e, h, lang) for e, h in zip(calls["block_en"], calls["block_hi"], strict=True)]
call_columns = {"worker_id": "worker_id", "name": "col_name", "phone_masked": "col_phone", "block": "col_block",
                "last_reached_at": "col_last_reached"}  # fmt: skip
shown = localise(calls, call_columns, lang)
downloads.people_csv(view.t("returnee_call_list"), shown, what="returnee_call_list.csv", key="rt_calls", filters=cohort)
