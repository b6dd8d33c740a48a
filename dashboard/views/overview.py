"""Overview for the minister and senior officials: KPIs, flow map, choropleth, Sankey, destinations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import geopandas as gpd
import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from atlas.queries.overview import TREND_SERIES
from atlas.settings import settings
from dashboard import (
    alerts_panel,
    charts,
    data,
    deferred,
    downloads,
    drill,
    frame,
    maps,
    months_control,
    profile_panel,
    render,
)
from dashboard.i18n import SKILL_LABELS, compact, label, name, number, percent
from dashboard.render import md

view = frame.current()
f, lang = view.filters, view.lang
frame.title("page_overview")

# One month at a time (the map's widths and circles keep their fixed scale), or everything the filters select;
# "Play" steps through the months.
months = data.months_with_data(f)
month = months_control.month_control(months)
if month is not None:
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    f = f.with_(date_from=month, date_to=next_month - timedelta(days=1))

k = data.kpis(f)
workers = k["workers"] or 0


def tile_count(count: int | None) -> str:
    """A tile's count, or "< 5" under the small-cell threshold (a block can hold one or two workers)."""
    if count and count < settings.min_cell_count:
        return f"< {settings.min_cell_count}"
    return compact(count, lang)


def exact(count: int | None) -> str:
    """The tile's count in full (16,00,000 behind "16 lakh"), suppressed like the tile."""
    return tile_count(count) if count and count < settings.min_cell_count else number(count)


def share_tile(column: Any, key: str, count: int | None) -> None:
    """A count with its share of all workers underneath, in grey: a share is not a change, so no arrow."""
    share = f"{percent(count, workers)} {view.t('of_workers')}"
    column.metric(
        view.t(key), tile_count(count), delta=share, delta_color="off", delta_arrow="off", help=md(exact(count))
    )


# Two rows of three, so that no label is cut. A tile the state has no records of (no migrants from Haryana,
# no calls made) is left out and named below, rather than shown as a misleading zero.
shares = {"kpi_home_fine": k["home_fine"], "kpi_migrants": k["migrants"], "kpi_located": k["located"],
          "kpi_reached": k["reached_90d"]}  # fmt: skip
shown = {key: count for key, count in shares.items() if count}
rows = (len(shown) + 3 + 2) // 3  # the workers, the shares shown, the open complaints and the alerts
tiles = [c for _ in range(rows) for c in st.columns(3)]
tiles[0].metric(view.t("kpi_workers"), tile_count(workers), help=md(exact(workers)))
for column, (key, count) in zip(tiles[1:], shown.items(), strict=False):
    share_tile(column, key, count)
open_tile = tiles[1 + len(shown)]
if k["open_complaints"] is None:
    open_tile.metric(view.t("kpi_open"), "–", delta=view.t("not_for_role"), delta_color="off", delta_arrow="off")
else:
    overdue = k["overdue_complaints"] or 0
    open_tile.metric(
        view.t("kpi_open"),
        number(k["open_complaints"]),
        delta=f"{number(overdue)} {view.t('kpi_overdue')}",
        delta_color="red" if overdue else "gray",
        delta_arrow="off",
    )
alert_tile = tiles[2 + len(shown)]
if k["open_complaints"] is None:
    alert_tile.metric(view.t("kpi_alerts"), "–", delta=view.t("not_for_role"), delta_color="off", delta_arrow="off")
else:
    alerts = alerts_panel.open_alert_count()
    alert_tile.metric(
        view.t("kpi_alerts"),
        number(alerts),
        delta=view.t("not_acknowledged"),
        delta_color="red" if alerts else "gray",
        delta_arrow="off",
    )
if k["open_complaints"] is not None and f.home_state_code:
    downloads.offer(
        view.t("state_report"),
        data.state_report(f.home_state_code, lang),
        what=f"state_report_{f.home_state_code}_{lang}.pdf",
        mime="application/pdf",
        key="ov_report",
        filters=f,
    )
if hidden := [view.t(key) for key, count in shares.items() if not count]:
    st.caption(f"{view.t('tiles_left_out')} {md(', '.join(hidden))}.")

st.subheader(view.t("flow_map"))
controls = st.columns([2, 3])
to_state = frame.remembered_choice(
    controls[0].radio,
    view.t("flows_to"),
    [False, True],
    horizontal=True,
    key="ov_to_state",
    format_func=lambda v: view.t("to_state") if v else view.t("to_district"),
)
top_n = controls[1].slider(view.t("top_n"), 20, 500, 200, step=20, key="ov_top_n")
flows = data.flows(f, top_n=top_n, to_state=bool(to_state))
flow_map = maps.base_map()
maps.add_boundaries(flow_map, data.outlines("district"), style=maps.BOUNDARY_STYLE, name="districts")
maps.add_boundaries(flow_map, data.outlines("state"), style=maps.STATE_STYLE, name="states")


def flow_tip(row: Any) -> maps.Tooltip:
    skills = maps.skills_rows(row["skills"], lambda s: label(SKILL_LABELS, s, lang))
    title = f"{name(row, lang, 'from_')} → {name(row, lang, 'to_')}"
    return maps.Tooltip(title, [(view.t("workers"), number(int(row["workers"]))), *skills])


def place_tip(row: Any) -> maps.Tooltip:
    count = view.t("leaving" if row["role"] == "origin" else "arriving")
    return maps.Tooltip(
        name(row, lang), [(count, number(int(row["workers"]))), (view.t("flows_n"), number(row["flows"]))]
    )


places = data.flow_places(f, to_state=bool(to_state))
maps.add_flows(flow_map, flows, tooltip=flow_tip, name="flows")
maps.add_flow_places(flow_map, places, tooltip=place_tip, name="places")  # on top of the lines, to be clicked
# Only a click on a circle reruns the page. The map's key names the flows' focus, so a click never outlives it.
focus_key = f"ov_flow_map_{f.home_district_id}_{f.dest_state_code}_{f.dest_district_id}_{bool(to_state)}"
picked = st_folium(
    flow_map, returned_objects=["last_active_drawing"], height=560, use_container_width=True, key=focus_key
)
focused = drill.flows_of_place(f, drill.clicked_properties(picked), to_state=bool(to_state))
if focused is not None and focused != f:
    frame.go_to("views/overview.py", focused.with_(date_from=view.filters.date_from, date_to=view.filters.date_to))
drill.flow_focus(f)
if flows.empty:
    st.info(view.t("no_data"))
origins = places[places["role"] == "origin"]
left_out = (int(origins["flows"].sum()) - len(flows), int(origins["workers"].sum()) - int(flows["workers"].sum()))
render.line_legend(maps.flow_width_items(number), maps.FLOW_COLOUR, view.t("flow_widths"))
if left_out[0] > 0:
    st.caption(view.t("flows_left_out").format(workers=md(number(left_out[1])), flows=md(number(left_out[0]))))
st.caption(f"{view.t('flow_places_note')} {view.t('suppressed_note')} {view.t('boundary_note')}")


def area_map() -> tuple[gpd.GeoDataFrame, Any]:
    """Migrants by home district (or by block, within a district); returns the areas and the map's last click."""
    st.subheader(view.t("choropleth"))
    areas = data.migrants_by_home_area(f)
    choropleth = maps.base_map(fit=areas)
    breaks = maps.add_choropleth(
        choropleth,
        areas,
        value="migrants",
        name="areas",
        tooltip=lambda r: maps.Tooltip(name(r, lang), [(view.t("migrants"), r["migrants"])]),
    )
    # Only a click on an area reruns the page (not panning or zooming): on districts it opens that district's
    # profile, on blocks it chooses the block. Each level has its own map, so a click never outlives its level.
    level_key = f"ov_area_map_{f.home_state_code}_{f.home_district_id}_{f.home_block_code}"
    clicked = st_folium(
        choropleth, returned_objects=["last_active_drawing"], height=420, use_container_width=True, key=level_key
    )
    render.legend(maps.legend_items(breaks), view.t("migrants"))
    if f.home_district_id is not None:
        st.caption(f"{view.t('block_click_hint')} {view.t('approximate_blocks')}")
    else:
        st.caption(view.t("profile_hint"))
    drill.breadcrumb(f)
    return areas, clicked


def sankey_and_destinations() -> None:
    st.subheader(view.t("sankey"))
    pairs = data.sankey(f)
    homes_folded = int(pairs["homes_folded"].iloc[0]) if not pairs.empty else 0
    dests_folded = int(pairs["dests_folded"].iloc[0]) if not pairs.empty else 0
    sankey = charts.sankey(
        pairs,
        lang,
        other_homes=view.t("other_districts").format(n=number(homes_folded)),
        other_dests=view.t("other_states").format(n=number(dests_folded)),
    )
    st.plotly_chart(sankey, width="stretch", config=charts.NO_DOWNLOAD, key="ov_sankey")
    if homes_folded or dests_folded:
        st.caption(view.t("sankey_note").format(homes=number(homes_folded), dests=number(dests_folded)))
    else:
        st.caption(view.t("sankey_all"))
    st.subheader(view.t("destinations"))
    dest = data.top_destinations(f)
    figure: go.Figure = charts.destinations_bar(dest, lang, view.t("workers"))
    st.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key="ov_destinations")


def profile(areas: gpd.GeoDataFrame, clicked: Any) -> None:
    """A district clicked on the area map, or the one district chosen (by the sidebar or a circle on the flow
    map): its profile. A block clicked: only its workers."""
    chosen = drill.clicked_properties(clicked).get("area_id")
    if f.home_district_id is None:
        profile_panel.show_clicked(clicked, areas)
    elif chosen and chosen in set(areas["area_id"]) and chosen != f.home_block_code:
        frame.go_to("views/overview.py", f.with_(home_block_code=chosen))
    elif (
        f.home_block_code is None
        and f.home_state_code
        and (one := drill.place_name(f.home_state_code, f.home_district_id)) is not None
    ):
        profile_panel.show_profile(f.home_district_id, one, offer_blocks=False)


def trends() -> None:
    st.subheader(view.t("trends"))
    months = data.monthly_trends(view.filters)
    figure = go.Figure(
        [
            go.Scatter(x=months["month"], y=months[series], name=view.t(f"trend_{series}"), mode="lines+markers")
            for series in TREND_SERIES
        ]
    )
    figure.update_layout(
        height=360,
        margin={"l": 8, "r": 8, "t": 10, "b": 8},
        xaxis={"tickformat": "%m-%Y"},
        yaxis=charts.indian_axis([v for s in TREND_SERIES for v in months[s].dropna()], lang),
        legend={"orientation": "h"},
    )
    st.plotly_chart(figure, width="stretch", config=charts.NO_DOWNLOAD, key="ov_trends")
    st.caption(view.t("trends_note"))


# The flow map is what the page opens for: on a first view the rest follows a moment later (dashboard.deferred).
deferred.pause_on_first_view("overview")
left, right = st.columns(2)
with left:
    shown_areas, area_click = area_map()
with right:
    sankey_and_destinations()
profile(shown_areas, area_click)
trends()
