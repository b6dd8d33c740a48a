"""A district's profile, opened by clicking it on a map: its workers and migrants, where they go, their skills,
complaints, reach and how well their homes are placed, with a way into the District view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, drill, frame, render
from dashboard.i18n import SKILL_LABELS, TEXT, compact, label, name, number, percent
from dashboard.render import md
from dashboard.tables import localise, place

TEXT.update(
    {
        "profile": ("District profile: {name}", "ज़िला परिचय: {name}"),
        "profile_hint": (
            "Click a district on the map above for its profile.",
            "परिचय के लिए ऊपर के मानचित्र में ज़िले पर क्लिक करें।",
        ),
        "profile_hint_any": ("Click a district on the map for its profile.", "परिचय के लिए मानचित्र में ज़िले पर क्लिक करें।"),
        "open_district_view": ("Open in the District view", "ज़िला दृश्य में खोलें"),
        "profile_reached": ("Reached in 90 days", "90 दिनों में संपर्क"),
        "profile_home_fine": ("Homes placed at block or better", "प्रखंड या बेहतर स्तर पर घर"),
    }
)


def show_clicked(clicked: Mapping[str, Any] | None, areas: pd.DataFrame) -> bool:
    """The profile of the district clicked on a map of districts (``areas``: ``area_id, name_en, name_hi``), if
    the click was on one of them; True when a profile was shown."""
    chosen = drill.clicked_properties(clicked).get("area_id")
    by_id = areas.set_index(areas["area_id"].astype(str))
    if not chosen or str(chosen) not in by_id.index:
        return False
    show_profile(int(chosen), name(by_id.loc[str(chosen)], frame.current().lang))
    return True


def show_profile(district_id: int, district_name: str, *, offer_blocks: bool = True) -> None:
    view = frame.current()
    lang = view.lang
    here = view.filters.with_(home_district_id=district_id, home_block_code=None)
    k = data.kpis(here)
    workers = k["workers"] or 0
    st.subheader(view.t("profile").format(name=md(district_name)))
    tiles = st.columns(5)
    tiles[0].metric(view.t("kpi_workers"), compact(workers, lang), help=number(workers))
    tiles[1].metric(view.t("kpi_migrants"), compact(k["migrants"], lang), delta=percent(k["migrants"], workers),
                    delta_color="off", delta_arrow="off")  # fmt: skip
    tiles[2].metric(view.t("profile_reached"), percent(k["reached_90d"], workers))
    tiles[3].metric(view.t("profile_home_fine"), percent(k["home_fine"], workers))
    if k["open_complaints"] is None:
        tiles[4].metric(view.t("kpi_open"), "–", delta=view.t("not_for_role"), delta_color="off", delta_arrow="off")
    else:
        tiles[4].metric(view.t("kpi_open"), number(k["open_complaints"]),
                        delta=f"{number(k['overdue_complaints'] or 0)} {view.t('kpi_overdue')}",
                        delta_color="red" if k["overdue_complaints"] else "gray", delta_arrow="off")  # fmt: skip
    left, right = st.columns(2)
    places = data.top_destinations(here).head(5)
    places["place"] = [f"{name(r, lang)}, {place(r['state_en'], r['state_hi'], lang)}" for _, r in places.iterrows()]
    with left:
        render.table(localise(places, {"place": "col_district", "workers": "workers"}, lang))
    skills = data.top_skills(here).head(5)
    skills["skill"] = [label(SKILL_LABELS, s, lang) for s in skills["skill_group"]]
    with right:
        render.table(localise(skills, {"skill": "col_skills", "workers": "workers"}, lang))
    scope = data.current_scope()
    buttons = st.columns(2)
    if offer_blocks and buttons[0].button(view.t("show_blocks"), key="pf_blocks"):
        frame.go_to("views/overview.py", here)
    if (
        scope is not None
        and scope.may_open("district")
        and buttons[1].button(view.t("open_district_view"), key="pf_open")
    ):
        frame.go_to("views/district.py", here)
