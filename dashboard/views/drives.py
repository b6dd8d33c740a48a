"""Registration drives (Haryana e-Shram): camps on a map, daily progress, district ranking, gig share."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, data, downloads, frame, maps, render
from dashboard.i18n import TEXT, compact, number, percent
from dashboard.tables import localise, place

TEXT.update(
    {
        "eshram_gap": ("Who is not on e-Shram yet, by home block", "अभी तक ई-श्रम पर नहीं: गृह प्रखंडवार"),
        "col_workers": ("Workers", "श्रमिक"),
        "invite_block": ("Block to invite", "आमंत्रण के लिए प्रखंड"),
        "invite_list": ("Its workers without a UAN (CSV)", "उसके UAN-रहित श्रमिक (CSV)"),
        "without_uan": ("Without a UAN", "UAN के बिना"),
        "returnees_without_uan": ("2020 returnees without a UAN", "2020 के लौटे श्रमिक, UAN के बिना"),
        "eshram_gap_note": (
            "Counts of workers on record without a UAN (as of the last load), for choosing where the next camps go; "
            "blocks with fewer than 5 are left out. Those who may see records can download a block's people.",
            "UAN के बिना दर्ज श्रमिकों की संख्या (पिछले लोड तक), अगले शिविरों का स्थान चुनने के लिए; 5 से कम वाले "
            "प्रखंड शामिल नहीं। जिन्हें रिकॉर्ड देखने की अनुमति है, वे किसी प्रखंड के लोगों की सूची ले सकते हैं।",
        ),
    }
)
view = frame.current()
lang = view.lang
frame.title("page_drives")
gap = data.eshram_gap(view.filters)
st.subheader(view.t("eshram_gap"))
gap["block"] = [place(e, h, lang) for e, h in zip(gap["block_en"], gap["block_hi"], strict=True)]
gap["district"] = [place(e, h, lang) for e, h in zip(gap["district_en"], gap["district_hi"], strict=True)]
columns = {"block": "col_block", "district": "col_district", "workers": "col_workers",
           "without_uan": "without_uan", "returnees_without_uan": "returnees_without_uan"}  # fmt: skip
render.table(localise(gap, columns, lang), height=280)
if not gap.empty and data.reads_records():
    blocks = dict(zip(gap["block_code"], gap["block"], strict=True))
    block = st.selectbox(view.t("invite_block"), list(blocks), format_func=blocks.__getitem__, key="dr_gap_block")
    invite = data.people_without_uan(str(block))
    invite_columns = {"worker_id": "worker_id", "name": "col_name", "phone_masked": "col_phone",
                      "village_en": "col_village", "last_reached_at": "col_last_reached"}  # fmt: skip
    people = localise(invite, invite_columns, lang)
    downloads.people_csv(
        view.t("invite_list"), people, what=f"not_on_eshram_{block}.csv", key="dr_gap_people", filters=view.filters
    )
st.caption(view.t("eshram_gap_note"))

names = data.drive_names()
if not names:
    st.info(view.t("no_drives"))
    st.stop()
drive = st.selectbox(view.t("drive"), names, key="dr_drive")
camps = data.camps(str(drive))
shares = data.gig_share(str(drive))
gig = int(shares.loc[shares["platform_type"].notna(), "registrations"].sum())
total = int(shares["registrations"].sum())
tiles = st.columns(4)
tiles[0].metric(view.t("camps"), number(len(camps)))
tiles[1].metric(view.t("registrations"), compact(total, lang), help=number(total))
tiles[2].metric(view.t("achieved"), percent(camps["registrations"].sum(), camps["target"].sum()))
tiles[3].metric(view.t("gig_total"), percent(gig, total))

st.subheader(view.t("camps_map"))
camp_map = maps.points_map(
    camps,
    data.outlines("district"),
    size="registrations",
    colour="#047857",
    zoom=7,
    tooltip=lambda r: maps.Tooltip(
        f"{r['name']} · {place(r['district_en'], r['district_hi'], lang)}",
        [(view.t("registrations"), r["registrations"]), (view.t("target"), r["target"])],
    ),
)
st_folium(camp_map, returned_objects=[], height=460, use_container_width=True, key="dr_map")

left, right = st.columns([3, 2])
daily = data.daily_registrations(str(drive))
figure = go.Figure(
    [
        go.Bar(x=daily["day"], y=daily["registrations"], name=view.t("registrations"), marker_color="#047857"),
        go.Scatter(
            x=daily["day"],
            y=daily["target"],
            name=view.t("target"),
            mode="lines+markers",
            line={"color": "#b45309", "dash": "dash"},
        ),
    ]
)
figure.update_layout(
    height=360,
    margin={"l": 8, "r": 8, "t": 30, "b": 8},
    title=view.t("daily"),
    xaxis={"tickformat": "%d-%m-%Y"},
    yaxis=charts.indian_axis([*daily["registrations"], *daily["target"]], lang),
    legend={"orientation": "h"},
)
left.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key="dr_daily")
platforms = [view.t(p) if isinstance(p, str) else view.t("not_gig") for p in shares["platform_type"]]
pie = go.Figure(go.Pie(labels=platforms, values=shares["registrations"], hole=0.45, sort=False))
pie.update_layout(height=360, margin={"l": 8, "r": 8, "t": 30, "b": 8}, title=view.t("gig_share"))
right.plotly_chart(pie, width="stretch", config=charts.NO_DOWNLOAD, key="dr_gig")

st.subheader(view.t("ranking"))
ranking = data.district_ranking(str(drive))
ranking["district"] = [place(e, h, lang) for e, h in zip(ranking["district_en"], ranking["district_hi"], strict=True)]
render.table(
    localise(
        ranking,
        {
            "rank": "col_rank",
            "district": "col_district",
            "camps": "camps",
            "registrations": "registrations",
            "target": "target",
            "achieved_pct": "achieved",
        },
        lang,
    )
)
