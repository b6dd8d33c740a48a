"""The yardstick for the Overview's landing time: the floor of this stack, not a product page.

    streamlit run bench/yardstick_app.py   (bench.browser starts it beside the dashboard)

One Streamlit page that, after a click on "Show" (as the dashboard's "Sign in"), draws India's district and state
boundaries from memory with folium on the offline assets, 200 straight lines and one plotly bar chart. The
boundaries are read once per process and kept as GeoJSON text rounded as the dashboard rounds them, so a run does
no database work and no encoding: whatever the Overview takes beyond this page is its own cost. It draws them the
way folium offers (``folium.GeoJson``, ``folium.PolyLine``), not with the dashboard's own faster layers
(``dashboard.maps.Outlines``), so it stays the stack's floor rather than a copy of the page it measures.
"""

from __future__ import annotations

import random

import folium
import plotly.graph_objects as go
import streamlit as st
from streamlit_folium import st_folium

from atlas.db import default_engine
from atlas.queries.overview import boundaries
from dashboard.maps import BOUNDARY_STYLE, STATE_STYLE, base_map, outline_json

LINES = 200


@st.cache_resource
def outlines() -> tuple[str, str, list[tuple[float, float]]]:
    """The district and state outlines as GeoJSON text, and the districts' centres for the lines."""
    with default_engine().connect() as connection:
        districts = boundaries(connection, level="district")
        states = boundaries(connection, level="state")
    centres = [(p.y, p.x) for p in districts.geometry.representative_point()]
    return outline_json(districts), outline_json(states), centres


def draw() -> None:
    district_json, state_json, centres = outlines()
    m = base_map()
    for text, style in ((district_json, BOUNDARY_STYLE), (state_json, STATE_STYLE)):
        folium.GeoJson(text, style_function=lambda _f, s=dict(style): s, interactive=False).add_to(m)
    pick = random.Random(7)
    for _ in range(LINES):
        ends = pick.sample(centres, 2)
        folium.PolyLine(ends, color="#c2410c", weight=2, opacity=0.45, class_name="atlas-flow").add_to(m)
    st_folium(m, returned_objects=[], height=560, use_container_width=True, key="yardstick_map")
    bars = go.Figure(go.Bar(x=[f"Place {i}" for i in range(10)], y=[pick.randint(100, 1000) for _ in range(10)]))
    st.plotly_chart(bars, width="stretch")


st.set_page_config(page_title="Yardstick", layout="wide")
if st.session_state.get("shown") or st.button("Show"):
    st.session_state["shown"] = True
    draw()
