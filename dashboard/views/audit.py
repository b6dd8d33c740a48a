"""Audit log for auditors: who did what, when, with filters. Only an auditor's session can read it."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dashboard import data, frame, render
from dashboard.i18n import AUDIT_ACTION_LABELS, label, today
from dashboard.tables import details_text, localise

ACTIONS = (None, *AUDIT_ACTION_LABELS)
view = frame.current()
frame.title("page_audit")
left, middle, right = st.columns(3)
action = frame.remembered_choice(
    left.selectbox,
    view.t("col_action"),
    ACTIONS,
    format_func=lambda a: label(AUDIT_ACTION_LABELS, a, view.lang) if a else view.t("all_actions"),
    key="au_action",
)
username = middle.text_input(view.t("username"), max_chars=100, key="au_user").strip() or None
days = right.date_input(
    view.t("date_range"), value=(today() - timedelta(days=7), today()), format="DD-MM-YYYY", key="au_days"
)
first_day, last_day = (days[0], days[1]) if isinstance(days, tuple) and len(days) == 2 else (None, None)
entries = data.audit_entries(action=action, username=username, first_day=first_day, last_day=last_day)
entries["action"] = [label(AUDIT_ACTION_LABELS, a, view.lang) for a in entries["action"]]
entries["details"] = [details_text(d) for d in entries["details"]]
render.table(
    localise(
        entries,
        {
            "at": "col_when",
            "username": "col_user",
            "action": "col_action",
            "target": "col_target",
            "details": "col_details",
        },
        view.lang,
    ),
    height=600,
)
