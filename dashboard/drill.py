"""Drilling down the Overview's maps: state → district → block on the area map, and back up by a breadcrumb;
a circle on the flow map to see only that place's flows, and back to all of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from atlas.filters import Filters
from dashboard import data, frame
from dashboard.i18n import TEXT, name
from dashboard.render import md

TEXT.update(
    {
        "block_click_hint": ("Click a block to see only its workers.", "केवल उसके श्रमिक देखने के लिए प्रखंड पर क्लिक करें।"),
        "show_blocks": ("Show its blocks", "इसके प्रखंड दिखाएँ"),
        "breadcrumb": ("Showing", "दिखाया जा रहा है"),
        "flows_only_from": ("Only the flows from {name}", "केवल {name} से जाने वाले प्रवाह"),
        "flows_only_into": ("Only the flows into {name}", "केवल {name} में आने वाले प्रवाह"),
        "all_flows": ("Show all flows", "सभी प्रवाह दिखाएँ"),
        "flow_click_hint": (
            "Click a circle to see only the flows from or into that place.",
            "केवल उस स्थान से जाने या उसमें आने वाले प्रवाह देखने के लिए वृत्त पर क्लिक करें।",
        ),
    }
)


def levels(filters: Filters) -> list[tuple[str, Filters]]:
    """(name, the filters of that level) from the state down to the place chosen."""
    lang = frame.current().lang
    out: list[tuple[str, Filters]] = []
    top = filters.with_(home_district_id=None, home_block_code=None)
    if filters.home_state_code:
        states = data.states().set_index("state_code")
        out.append((name(states.loc[filters.home_state_code], lang), top))
        if filters.home_district_id is not None:
            districts = data.districts_of_state(filters.home_state_code).set_index("district_id")
            district = top.with_(home_district_id=filters.home_district_id)
            out.append((name(districts.loc[filters.home_district_id], lang), district))
            if filters.home_block_code:
                blocks = data.blocks_of_district(filters.home_district_id).set_index("subdistrict_code")
                out.append((name(blocks.loc[filters.home_block_code], lang), filters))
    return out


def breadcrumb(filters: Filters) -> None:
    """The levels as buttons, the current one last and disabled; a click goes back up to that level."""
    crumbs = levels(filters)
    if len(crumbs) < 2:
        return
    view = frame.current()
    columns = st.columns([1] + [2] * len(crumbs))
    columns[0].caption(view.t("breadcrumb"))
    for i, (column, (label, level)) in enumerate(zip(columns[1:], crumbs, strict=True)):
        last = i == len(crumbs) - 1
        if column.button(f"{label} ›" if not last else label, key=f"ov_crumb_{i}", disabled=last):
            frame.go_to("views/overview.py", level)


def clicked_properties(clicked: Mapping[str, Any] | None) -> dict[str, Any]:
    """The properties of the map feature last clicked (``st_folium``'s ``last_active_drawing``), or ``{}``."""
    return dict(((clicked or {}).get("last_active_drawing") or {}).get("properties") or {})


def flows_of_place(filters: Filters, place: Mapping[str, Any], *, to_state: bool) -> Filters | None:
    """The filters that leave only a clicked circle's flows: those leaving a home district, or those arriving at a
    destination district (or state). None for a click on anything else (a line, an outline)."""
    role, key = place.get("role"), place.get("key")
    if not key or role not in ("origin", "destination"):
        return None
    if role == "origin":
        return filters.with_(home_district_id=int(key), home_block_code=None)
    if to_state:
        return filters.with_(dest_state_code=str(key), dest_district_id=None)
    return filters.with_(dest_state_code=str(place.get("state_code")), dest_district_id=int(key))


def place_name(state_code: str, district_id: int | None = None) -> str | None:
    """A state's name, or one of its districts', in the chosen language; None if there is no such place."""
    key: str | int
    if district_id is None:
        places, key = data.states().set_index("state_code"), state_code
    else:
        places, key = data.districts_of_state(state_code).set_index("district_id"), district_id
    return name(places.loc[key], frame.current().lang) if key in places.index else None


def flow_focus(filters: Filters) -> None:
    """Name the place the flows are limited to (a home district, a destination), with a way back to all flows."""
    view = frame.current()
    named = []
    if filters.home_district_id is not None and filters.home_state_code:
        home = place_name(filters.home_state_code, filters.home_district_id)
        named += [view.t("flows_only_from").format(name=md(home))] if home else []
    if filters.dest_state_code:
        dest = place_name(filters.dest_state_code, filters.dest_district_id)
        named += [view.t("flows_only_into").format(name=md(dest))] if dest else []
    if not named:
        st.caption(view.t("flow_click_hint"))
        return
    columns = st.columns([4, 1])
    columns[0].markdown(" · ".join(f"**{n}**" for n in named))
    everything = filters.with_(home_district_id=None, home_block_code=None, dest_state_code=None, dest_district_id=None)
    if columns[1].button(view.t("all_flows"), key="ov_all_flows"):
        frame.go_to("views/overview.py", everything)
