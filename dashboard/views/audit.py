"""Audit log for auditors: who did what, when, with filters. Only an auditor's session can read it."""

from __future__ import annotations

import streamlit as st

from dashboard import data, frame, render
from dashboard.tables import localise

ACTIONS = (None, "login", "login_failed", "search", "view", "edit", "status", "upload", "export", "record", "correct",
           "erase")  # fmt: skip
view = frame.current()
frame.title("page_audit")
left, right = st.columns(2)
action = left.selectbox(
    view.t("col_action"), ACTIONS, format_func=lambda a: a or view.t("all_actions"), key="au_action"
)
username = right.text_input(view.t("username"), max_chars=100, key="au_user").strip() or None
entries = data.audit_entries(action, username)
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
