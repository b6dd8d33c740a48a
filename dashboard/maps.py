"""Folium maps built from query-layer frames. Every value shown in HTML is escaped here.

Callers never write HTML: a tooltip is a ``Tooltip`` of plain values (a title, rows of label and value),
which this module escapes and lays out itself, so a worker or camp named ``<img onerror=...>`` shows as
text. Boundaries are the base map (India's de jure outline from the reference TopoJSON); a tile layer is
added only when ``ATLAS_TILE_URL`` names a server on this machine, and never replaces the boundaries.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from atlas.settings import settings
from dashboard.i18n import number
from dashboard.offline import use_local_assets
from geo.flows import WIDTH_CLASSES, arrowhead, class_width, curved_line

INDIA_CENTRE = (23.0, 82.5)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
BOUNDARY_STYLE = {"color": "#555555", "weight": 0.8, "fillOpacity": 0.0}
STATE_STYLE = {"color": "#222222", "weight": 1.4, "fillOpacity": 0.0}
FLOW_COLOUR = "#c2410c"
# Sequential palette (colour-blind safe, light to dark) for counts.
PALETTE = ("#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000")
NO_DATA = "#e5e7eb"


def _esc(value: object) -> str:
    """HTML-escape any value for a popup or tooltip."""
    return html.escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Tooltip:
    """What a map feature says when pointed at, as plain values: a bold title, then ``label: value`` rows.

    Values are text or counts (a missing count reads "<5", as suppressed cells do)."""

    title: str = ""
    rows: Sequence[tuple[str, object]] = ()

    def html(self) -> str:
        lines = [f"<b>{_esc(self.title)}</b>"] if self.title else []
        lines += [f"{_esc(label)}: {_esc(_shown(value))}" for label, value in self.rows]
        return "<br>".join(lines)


def _shown(value: object) -> str:
    if isinstance(value, str):
        return value
    return shown_count(value)


def base_map(*, fit: gpd.GeoDataFrame | None = None, zoom: int = 5) -> folium.Map:
    """An empty map with no tiles (boundaries are the base), fitted to ``fit`` when given."""
    use_local_assets()
    m = folium.Map(location=list(INDIA_CENTRE), zoom_start=zoom, tiles=None, maxZoom=14, minZoom=4, control_scale=True)
    if fit is not None and not fit.empty:
        minx, miny, maxx, maxy = fit.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    if local_tiles := local_tile_url():
        folium.TileLayer(tiles=local_tiles, attr=settings.tile_attribution, name="tiles").add_to(m)
    return m


def local_tile_url() -> str | None:
    """The configured tile server, if it is on this machine: the dashboard never asks another host for anything."""
    url = settings.tile_url
    if not url:
        return None
    host = urlsplit(url).hostname
    return url if host is None or host in LOCAL_HOSTS else None


def rounded(areas: gpd.GeoDataFrame, decimals: int = 3) -> gpd.GeoDataFrame:
    """Coordinates rounded to ``decimals`` places (3 = about 100 m): a third of the payload, no visible change."""
    out = areas.copy()
    out["geometry"] = shapely.transform(out.geometry.values, lambda xy: np.round(xy, decimals))
    return out


def outline_json(areas: gpd.GeoDataFrame, decimals: int = 2) -> str:
    """Outlines as GeoJSON text; two decimals (about 1 km) are finer than a pixel at the zooms the base map is
    read at."""
    return str(rounded(areas[["geometry"]], decimals).loc[lambda f: ~f.geometry.is_empty].to_json(drop_id=True))


def add_boundaries(m: folium.Map, areas: gpd.GeoDataFrame | str, *, style: Mapping[str, object], name: str) -> None:
    """Outlines only: ``areas`` as a frame, or as the text of ``outline_json`` (which pages keep, see
    ``data.outlines``)."""
    text = areas if isinstance(areas, str) else outline_json(areas)
    Outlines(text, style=style, name=name).add_to(m)


class Outlines(MacroElement):
    """Outlines drawn from GeoJSON text as it is: ``folium.GeoJson`` would parse India's 723 districts, write them
    out again at every render (streamlit-folium renders a map twice) and walk every point for the map's bounds,
    about 0.2 s a map. The text holds coordinates only (``outline_json``), so it is safe to put in the script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJson({{ this.text }}, {
                style: {{ this.style | tojson }}, interactive: false
            }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str, *, style: Mapping[str, object], name: str) -> None:
        super().__init__()
        self._name = f"Outlines_{name}"
        self.text, self.style = text, dict(style)

    def _get_self_bounds(self) -> list[list[float | None]]:
        return [[None, None], [None, None]]  # outlines never decide where the map looks


def class_breaks(values: pd.Series, classes: int = len(PALETTE)) -> list[float]:
    """Quantile breaks over the non-missing values (at least two distinct)."""
    clean = values.dropna()
    if clean.empty:
        return [0.0, 1.0]
    breaks = sorted(set(clean.quantile([i / classes for i in range(classes + 1)]).round().tolist()))
    return breaks if len(breaks) > 1 else [breaks[0], breaks[0] + 1]


def colour_for(value: float | None, breaks: Sequence[float]) -> str:
    if value is None or pd.isna(value):
        return NO_DATA
    for index, upper in enumerate(breaks[1:]):
        if value <= upper:
            return PALETTE[min(index, len(PALETTE) - 1)]
    return PALETTE[-1]


def add_choropleth(
    m: folium.Map,
    areas: gpd.GeoDataFrame,
    *,
    value: str,
    tooltip: Callable[[Any], Tooltip],
    name: str,
) -> list[float]:
    """Fill ``areas`` by ``value``; each feature carries its own tooltip."""
    breaks = class_breaks(areas[value])
    if areas.empty:
        return breaks
    frame = rounded(areas[["geometry"]])
    if "area_id" in areas.columns:  # what a click on the area reports back to the page
        frame["area_id"] = areas["area_id"].astype(str)
    frame["fill"] = [colour_for(v, breaks) for v in areas[value]]
    frame["tip"] = [tooltip(row).html() for _, row in areas.iterrows()]
    folium.GeoJson(
        frame.to_json(drop_id=True),
        name=name,
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#6b7280",
            "weight": 0.6,
            "fillOpacity": 0.75,
        },
        highlight_function=lambda _f: {"weight": 2, "color": "#111827"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(m)
    return breaks


def add_flows(m: folium.Map, flows: pd.DataFrame, *, tooltip: Callable[[Any], Tooltip], name: str) -> int:
    """Curved lines from home to destination, their width on one fixed scale (``geo.flows.WIDTH_CLASSES``) and an
    arrowhead at the destination. Returns how many were drawn.

    All of them are one GeoJSON layer: a folium element per line costs a template compile each (about 1 ms), which
    made 200 flows the slowest part of the page."""
    features = []
    for _, flow in flows.iterrows():
        line = curved_line((flow["from_lon"], flow["from_lat"]), (flow["to_lon"], flow["to_lat"]))
        width = class_width(int(flow["workers"]))
        shown = {"tip": tooltip(flow).html(), "width": width}
        features.append(_feature("LineString", [_xy(point) for point in line], kind="flow", **shown))
        head = [_xy(point) for point in arrowhead(line, length=0.12 + 0.03 * width)]
        features.append(_feature("Polygon", [[*head, head[0]]], kind="arrow", **shown))
    if features:  # folium refuses a tooltip field on a layer with no features
        _layer(m, features, name=name, style_function=_flow_style)
    return len(flows)


def _layer(m: folium.Map, features: list[dict[str, Any]], *, name: str, **options: Any) -> None:
    """One GeoJSON layer of ``features``, each with its own tooltip (its ``tip`` property, already escaped)."""
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        **options,
    ).add_to(m)


def _xy(point: Sequence[float]) -> list[float]:
    """A (lat, lon) point of a drawn line as GeoJSON's [lon, lat], to about 10 m."""
    return [round(float(point[1]), 4), round(float(point[0]), 4)]


def _feature(geometry: str, coordinates: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": geometry, "coordinates": coordinates}, "properties": properties}


def _flow_style(feature: dict[str, Any]) -> dict[str, Any]:
    # The class names are what the browser tests (and anyone styling the page) find the lines and arrows by.
    if feature["properties"]["kind"] == "flow":
        return {"color": FLOW_COLOUR, "weight": feature["properties"]["width"], "opacity": 0.45,
                "fill": False, "className": "atlas-flow"}  # fmt: skip
    return {"color": FLOW_COLOUR, "weight": 0, "fill": True, "fillColor": FLOW_COLOUR, "fillOpacity": 0.8,
            "className": "atlas-arrow"}  # fmt: skip


def add_flow_places(m: folium.Map, places: pd.DataFrame, *, tooltip: Callable[[Any], Tooltip], name: str) -> None:
    """A circle at each home district (blue) and destination (orange), its area by the workers leaving or arriving
    over all flows, on one scale for both. A click reports the place's ``key``, ``role`` and ``state_code``."""
    add_circles(
        m,
        places,
        size="workers",
        tooltip=tooltip,
        name=name,
        colour=lambda place: "#1d4ed8" if place["role"] == "origin" else FLOW_COLOUR,
        fill_opacity=0.35,
        class_name="atlas-place",
        clicked=("key", "role", "state_code"),
    )


def add_circles(  # noqa: PLR0913 - every option is keyword-only and named for what it does
    m: folium.Map,
    points: pd.DataFrame,
    *,
    size: str,
    tooltip: Callable[[Any], Tooltip],
    name: str,
    colour: str | Callable[[Any], str] = "#1d4ed8",
    fill_opacity: float = 0.55,
    class_name: str = "atlas-circle",
    clicked: Sequence[str] = (),
) -> None:
    """Circles sized by ``size`` (area proportional to the count) at ``lon``/``lat``, as one GeoJSON layer;
    ``colour`` is one colour or a colour per row; the ``clicked`` columns are what a click on a circle reports."""
    largest = float(points[size].max()) if not points.empty else 1.0
    features = []
    for _, row in points.iterrows():
        style = {
            "radius": round(4 + 20 * (float(row[size]) / largest) ** 0.5 if largest else 4, 1),
            "color": colour(row) if callable(colour) else colour,
            "fillColor": colour(row) if callable(colour) else colour,
            "fillOpacity": fill_opacity,
        }
        reported = {column: str(row[column]) for column in clicked}
        point = [round(float(row["lon"]), 4), round(float(row["lat"]), 4)]
        features.append(_feature("Point", point, tip=tooltip(row).html(), style=style, **reported))
    if features:
        _layer(
            m,
            features,
            name=name,
            marker=folium.CircleMarker(weight=1, fill=True, class_name=class_name),
            style_function=lambda feature: feature["properties"]["style"],
        )


def flow_width_items(number: Callable[[int], str]) -> list[tuple[float, str]]:
    """The fixed flow-width scale as (pixels, "≥ N") legend items, ``number`` formatting the counts."""
    return [(pixels, f"≥ {number(floor)}") for floor, pixels in WIDTH_CLASSES]


def legend_items(breaks: Sequence[float]) -> list[tuple[str, str]]:
    """(colour, "low – high") pairs for a legend rendered by the page."""
    items = []
    for index in range(len(breaks) - 1):
        low, high = int(breaks[index]), int(breaks[index + 1])
        items.append((PALETTE[min(index, len(PALETTE) - 1)], f"{number(low)} – {number(high)}"))
    return items


def payload_bytes(m: folium.Map) -> int:
    """Size of the map's HTML as it is sent to the browser."""
    return len(m.get_root().render().encode("utf-8"))


def skills_rows(skills: Mapping[str, int] | str, label: Callable[[str], str], top: int = 5) -> list[tuple[str, object]]:
    """``(label, count)`` rows of a tooltip for the largest skills."""
    data = json.loads(skills) if isinstance(skills, str) else dict(skills)
    ordered = sorted(data.items(), key=lambda kv: -kv[1])[:top]
    return [(label(k), int(v)) for k, v in ordered]


def shown_count(value: Any) -> str:
    """A count for a tooltip: suppressed (missing) counts read "<5"."""
    if value is None or pd.isna(value):
        return "<5"
    return number(int(value))


def points_map(  # noqa: PLR0913 - every option after the data is keyword-only and named for what it does
    points: pd.DataFrame,
    boundaries: gpd.GeoDataFrame | str,
    *,
    size: str,
    colour: str,
    tooltip: Callable[[Any], Tooltip],
    zoom: int = 6,
    clicked: Sequence[str] = (),
) -> folium.Map:
    """District outlines and circles sized by ``size``, fitted to the points that have coordinates; a click on a
    circle reports its ``clicked`` columns."""
    located = points.dropna(subset=["lon", "lat"])
    m = base_map(zoom=zoom)
    if not located.empty:
        m.fit_bounds([[located["lat"].min(), located["lon"].min()], [located["lat"].max(), located["lon"].max()]])
    add_boundaries(m, boundaries, style=BOUNDARY_STYLE, name="districts")
    add_circles(m, located, size=size, tooltip=tooltip, name=size, colour=colour, clicked=clicked)
    return m


def preview_map(
    lat: float, lon: float, *, label: Tooltip, boundaries: gpd.GeoDataFrame | str, nearby: pd.DataFrame | None = None
) -> folium.Map:
    """One place (a geocoded workplace) on district outlines, described by ``label``, with the named places
    around it (``name, lon, lat``) as small labelled dots, so that the agent can tell whether it is right."""
    m = base_map(zoom=9)
    m.location = [lat, lon]
    add_boundaries(m, boundaries, style=BOUNDARY_STYLE, name="districts")
    for place in [] if nearby is None else nearby.to_dict("records"):
        folium.CircleMarker(
            (place["lat"], place["lon"]), radius=4, color="#6b7280", fill=True,
            tooltip=folium.Tooltip(Tooltip(str(place["name"])).html(), permanent=True, direction="right"),
        ).add_to(m)  # fmt: skip
    folium.CircleMarker((lat, lon), radius=9, color="#1d4ed8", fill=True, tooltip=folium.Tooltip(label.html())).add_to(
        m
    )
    spread = 0.2 if nearby is None or nearby.empty else max(0.05, float(nearby["km"].max()) / 100)
    m.fit_bounds([[lat - spread, lon - spread], [lat + spread, lon + spread]])
    return m
