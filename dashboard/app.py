"""Shramik Atlas dashboard: sign-in, the frame built once, then the pages the user's role may open."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.data import DataUnavailable
from dashboard.i18n import t

st.set_page_config(page_title="Shramik Atlas · श्रमिक एटलस", layout="wide", page_icon="🗺️")

# (file, title key, URL path); the first page a role may open is its home page.
PAGES = [
    ("views/overview.py", "page_overview", "overview"),
    ("views/district.py", "page_district", "district"),
    ("views/skills.py", "page_skills", "skills"),
    ("views/complaints.py", "page_complaints", "complaints"),
    ("views/call_centre.py", "page_call_centre", "call-centre"),
    ("views/drives.py", "page_drives", "drives"),
    ("views/data_quality.py", "page_data", "data"),
    ("views/audit.py", "page_audit", "audit"),
    ("views/rights.py", "page_rights", "rights"),
    ("views/about.py", "page_about", "about"),
]


def main() -> None:
    lang = frame.language()
    try:
        scope = frame.sign_in(lang)
        if scope is None:
            return
        view = frame.build(scope, lang)
    except DataUnavailable:
        st.error(t("db_down", lang))
        return
    st.session_state[frame.CURRENT_VIEW_KEY] = view
    allowed = [(p, k, u) for p, k, u in PAGES if scope.may_open(u)]
    pages = [
        st.Page(path, title=view.t(key), url_path=url, default=i == 0) for i, (path, key, url) in enumerate(allowed)
    ]
    page = st.navigation(pages)
    try:
        page.run()
    except DataUnavailable:
        st.error(view.t("db_down"))


main()
