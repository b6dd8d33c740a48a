"""Overview for the minister and senior officials: KPIs, flow map, choropleth, Sankey, destinations."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from dashboard import charts, data, frame, maps, render
from dashboard.i18n import SKILL_LABELS, compact, label, name, number, percent

view = frame.current()
f, lang = view.filters, view.lang
st.title(view.t("page_overview"))

k = data.kpis(f)
tiles = st.columns(6)
tiles[0].metric(view.t("kpi_workers"), compact(k["workers"], lang), help=number(k["workers"]))
tiles[1].metric(view.t("kpi_home_fine"), percent(k["home_fine"], k["workers"]))
tiles[2].metric(view.t("kpi_migrants"), compact(k["migrants"], lang), help=number(k["migrants"]))
tiles[3].metric(
    view.t("kpi_located"), compact(k["located"], lang), delta=percent(k["located"], k["workers"]), delta_color="off"
)
tiles[4].metric(
    view.t("kpi_reached"),
    compact(k["reached_90d"], lang),
    delta=percent(k["reached_90d"], k["workers"]),
    delta_color="off",
)
tiles[5].metric(
    view.t("kpi_open"),
    number(k["open_complaints"]),
    delta=f"{number(k['overdue_complaints'])} {view.t('kpi_overdue')}",
    delta_color="inverse",
)

st.subheader(view.t("flow_map"))
controls = st.columns([2, 3])
to_state = controls[0].radio(
    view.t("flows_to"),
    [False, True],
    horizontal=True,
    key="ov_to_state",
    format_func=lambda v: view.t("to_state") if v else view.t("to_district"),
)
top_n = controls[1].slider(view.t("top_n"), 20, 500, 200, step=20, key="ov_top_n")
flows = data.flows(f, top_n, bool(to_state))
flow_map = maps.base_map()
maps.add_boundaries(flow_map, data.boundaries("district"), style=maps.BOUNDARY_STYLE, name="districts")
maps.add_boundaries(flow_map, data.boundaries("state"), style=maps.STATE_STYLE, name="states")


def flow_tip(row: Any) -> maps.Tooltip:
    skills = maps.skills_rows(row["skills"], lambda s: label(SKILL_LABELS, s, lang))
    title = f"{name(row, lang, 'from_')} → {name(row, lang, 'to_')}"
    return maps.Tooltip(title, [(view.t("workers"), number(int(row["workers"]))), *skills])


maps.add_flows(flow_map, flows, tooltip=flow_tip, name="flows")
st_folium(flow_map, returned_objects=[], height=560, use_container_width=True, key="ov_flow_map")
if flows.empty:
    st.info(view.t("no_data"))
st.caption(f"{view.t('suppressed_note')} {view.t('boundary_note')}")

left, right = st.columns(2)
with left:
    st.subheader(view.t("choropleth"))
    areas = data.migrants_by_home_area(f)
    area_map = maps.base_map(fit=areas)
    breaks = maps.add_choropleth(
        area_map,
        areas,
        value="migrants",
        name="areas",
        tooltip=lambda r: maps.Tooltip(name(r, lang), [(view.t("migrants"), r["migrants"])]),
    )
    st_folium(area_map, returned_objects=[], height=420, use_container_width=True, key="ov_area_map")
    render.legend(maps.legend_items(breaks), view.t("migrants"))
    if f.home_district_id is not None:
        st.caption(view.t("approximate_blocks"))
with right:
    st.subheader(view.t("sankey"))
    pairs = data.sankey(f)
    st.plotly_chart(charts.sankey(pairs, lang), width="stretch", config=charts.NO_DOWNLOAD, key="ov_sankey")
    st.subheader(view.t("destinations"))
    dest = data.top_destinations(f)
    figure: go.Figure = charts.destinations_bar(dest, lang, view.t("workers"))
    st.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key="ov_destinations")
