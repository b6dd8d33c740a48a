"""Drilling down the Overview's map, state → district → block, and back up by a breadcrumb."""

from __future__ import annotations

import streamlit as st

from atlas.filters import Filters
from dashboard import data, frame
from dashboard.i18n import TEXT, name

TEXT.update(
    {
        "block_click_hint": ("Click a block to see only its workers.", "केवल उसके श्रमिक देखने के लिए प्रखंड पर क्लिक करें।"),
        "show_blocks": ("Show its blocks", "इसके प्रखंड दिखाएँ"),
        "breadcrumb": ("Showing", "दिखाया जा रहा है"),
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
