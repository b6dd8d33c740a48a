"""Distress alerts on the Complaints page (the list, and acknowledging one with a note) and their Overview tile."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, frame, render
from dashboard.i18n import CATEGORY_LABELS, IST, TEXT, day, label, number
from dashboard.tables import place

ACK_OUTCOME_KEY = "cp_alert_outcome"

TEXT.update(
    {
        "alerts": ("Distress alerts", "संकट चेतावनियाँ"),
        "alert_rule": (
            "A week alerts when a destination district's complaints of one kind are above the 99th percentile of a "
            "Poisson distribution with the mean of the 8 weeks before, and at least 3 (2 for stranded, accident, "
            "death and missing). Last 4 weeks.",
            "किसी गंतव्य ज़िले में एक प्रकार की शिकायतें किसी सप्ताह पिछले 8 सप्ताह के औसत वाले पॉइसन वितरण के "
            "99वें प्रतिशतक से अधिक और कम से कम 3 हों (फँसे, दुर्घटना, मृत्यु और लापता के लिए 2), तो चेतावनी। "
            "पिछले 4 सप्ताह।",
        ),
        "no_alerts": ("No alerts in the last 4 weeks.", "पिछले 4 सप्ताह में कोई चेतावनी नहीं।"),
        "col_week": ("Week from", "सप्ताह (से)"),
        "col_usual": ("Usual per week", "सामान्य साप्ताहिक"),
        "col_alert_at": ("Alerts at", "चेतावनी सीमा"),
        "col_acknowledged": ("Acknowledged", "संज्ञान लिया"),
        "acknowledge": ("Acknowledge an alert", "चेतावनी का संज्ञान लें"),
        "acknowledge_button": ("Acknowledge", "संज्ञान लें"),
        "acknowledged": ("Alert acknowledged.", "चेतावनी का संज्ञान लिया गया।"),
        "already_acknowledged": (
            "Someone has already acknowledged this alert.",
            "इस चेतावनी का संज्ञान पहले ही लिया जा चुका है।",
        ),
        "kpi_alerts": ("Distress alerts, 4 weeks", "संकट चेतावनियाँ, 4 सप्ताह"),
        "not_acknowledged": ("not acknowledged", "संज्ञान नहीं लिया"),
    }
)


def alerts_now() -> pd.DataFrame:
    view = frame.current()
    return data.current_alerts(view.filters, today=datetime.now(IST).date())


def show_alerts() -> None:
    """The alert list, then a form to acknowledge one that is still open."""
    view = frame.current()
    lang = view.lang
    st.subheader(view.t("alerts"))
    st.caption(view.t("alert_rule"))
    alerts = alerts_now()
    if alerts.empty:
        st.info(view.t("no_alerts"))
        return
    render.table(_alert_table(alerts, lang))
    _acknowledge_form(alerts[alerts["acknowledged_by"].isna()], lang)
    outcome = st.session_state.pop(ACK_OUTCOME_KEY, None)
    if outcome is not None:
        (st.success if outcome else st.info)(view.t("acknowledged" if outcome else "already_acknowledged"))


def _where(row: Mapping[Hashable, Any], lang: str) -> str:
    return f"{place(row['district_en'], row['district_hi'], lang)}, {place(row['state_en'], row['state_hi'], lang)}"


def _alert_table(alerts: pd.DataFrame, lang: str) -> pd.DataFrame:
    view = frame.current()
    acknowledged = [
        view.t("not_acknowledged") if pd.isna(by) else f"{by}, {day(at.to_pydatetime())}: {note}"
        for by, at, note in zip(alerts["acknowledged_by"], alerts["acknowledged_at"], alerts["note"], strict=True)
    ]
    return pd.DataFrame(
        {
            view.t("col_week"): [day(w) for w in alerts["week"]],
            view.t("col_district"): [_where(r, lang) for r in alerts.to_dict("records")],
            view.t("col_category"): [label(CATEGORY_LABELS, c, lang) for c in alerts["category"]],
            view.t("col_count"): [number(int(n)) for n in alerts["complaints"]],
            view.t("col_usual"): [number(round(float(b), 1)) for b in alerts["baseline"]],
            view.t("col_alert_at"): [number(int(n)) for n in alerts["threshold"]],
            view.t("col_acknowledged"): acknowledged,
        }
    )


def _acknowledge_form(open_alerts: pd.DataFrame, lang: str) -> None:
    if open_alerts.empty:
        return
    view = frame.current()
    rows = open_alerts.to_dict("records")
    names = [f"{day(r['week'])} · {_where(r, lang)} · {label(CATEGORY_LABELS, str(r['category']), lang)}" for r in rows]
    with st.form("cp_alert_form", clear_on_submit=True):
        st.markdown(f"**{view.t('acknowledge')}**")
        chosen = st.selectbox(view.t("alerts"), range(len(rows)), format_func=names.__getitem__, key="cp_alert_choice")
        note = st.text_area(view.t("note"), max_chars=2000, key="cp_alert_note")
        if st.form_submit_button(view.t("acknowledge_button")):
            if not note.strip():
                st.warning(view.t("note_required"))
                return
            row = rows[chosen]
            done = data.acknowledge_alert(int(row["district_id"]), str(row["category"]), row["week"], note.strip())
            st.session_state[ACK_OUTCOME_KEY] = done
            st.rerun()


def open_alert_count() -> int:
    """Alerts of the last 4 weeks nobody has acknowledged yet."""
    alerts = alerts_now()
    return int(alerts["acknowledged_by"].isna().sum()) if not alerts.empty else 0
