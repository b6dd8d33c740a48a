"""Skills for planners: a hexagon heatmap of skill density, and exports of exactly what is shown."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas.exports import PngClasses, csv_bytes, geojson_bytes, geopackage_bytes, png_bytes
from dashboard import data, downloads, frame, maps, render
from dashboard.i18n import SKILL_LABELS, label, number
from dashboard.offline import inline_assets
from dashboard.render import md

view = frame.current()
f, lang = view.filters, view.lang
frame.title("skill_heatmap")

left, right = st.columns(2)
basis = frame.remembered_choice(
    left.radio,
    view.t("basis"),
    ["home", "destination"],
    horizontal=True,
    key="sk_basis",
    format_func=lambda b: view.t("by_home") if b == "home" else view.t("by_destination"),
)
size_m = right.radio(
    view.t("cell_size"), [25_000, 10_000], horizontal=True, key="sk_size", format_func=lambda s: f"{s // 1000} km"
)
cells = data.skill_density(f, basis=str(basis), size_m=int(size_m))
skills_shown = ", ".join(label(SKILL_LABELS, s, lang) for s in f.skill_groups) or view.t("all_skills")
title = (
    f"{view.t('skill_heatmap')}: {skills_shown} ({view.t('by_home') if basis == 'home' else view.t('by_destination')})"
)
st.caption(f"{md(title)}. {view.t('skill_filters_note')}")

heat = maps.base_map(fit=cells)
maps.add_boundaries(heat, data.outlines("state"), style=maps.STATE_STYLE, name="states")
breaks = maps.add_choropleth(
    heat,
    cells,
    value="workers",
    name="cells",
    tooltip=lambda r: maps.Tooltip(rows=[(view.t("workers"), number(r["workers"]))]),
)
st_folium(heat, returned_objects=[], height=560, use_container_width=True, key="sk_map")
render.legend(maps.legend_items(breaks), view.t("workers"))
st.caption(f"{number(len(cells))} {view.t('cells')}. {view.t('export_note')}")

st.subheader(view.t("exports"))
# The file's name says what it shows: the skills chosen, by home or destination, and the hexagon size.
stem = f"skill_density_{'-'.join(f.skill_groups) or 'all_skills'}_{basis}_{size_m // 1000}km"
png_classes = PngClasses(
    fills=[maps.colour_for(v, breaks) for v in cells["workers"]],
    legend=[*maps.legend_items(breaks), (maps.NO_DATA, "< 5")],
)
source_line = "Shramik Atlas · Census 2011 boundaries (covid19india.org, MIT) · India Post"
boundaries = data.boundaries(level="state")
table = cells.assign(
    lon=cells.geometry.representative_point().x.round(4), lat=cells.geometry.representative_point().y.round(4)
)
# Each export is built only when its button is clicked, from the same frame the map shows.
exports = [
    (
        "PNG",
        "png",
        "image/png",
        lambda: png_bytes(
            cells,
            classes=png_classes,
            title=title,
            legend=view.t("workers"),
            source=source_line,
            boundaries=boundaries,
        ),
    ),
    ("HTML", "html", "text/html", lambda: inline_assets(heat.get_root().render()).encode("utf-8")),
    ("GeoJSON", "geojson", "application/geo+json", lambda: geojson_bytes(cells)),
    ("GeoPackage", "gpkg", "application/geopackage+sqlite3", lambda: geopackage_bytes(cells, layer=stem)),
    ("CSV", "csv", "text/csv", lambda: csv_bytes(table.drop(columns="geometry"))),
]
for column, (caption, extension, mime, build) in zip(st.columns(len(exports)), exports, strict=True):
    downloads.offer(
        caption, build, what=f"{stem}.{extension}", mime=mime, key=f"sk_{extension}", filters=f, where=column
    )
