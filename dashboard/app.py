"""Shramik Atlas dashboard: the entry point builds the frame once, then runs the chosen page."""

from __future__ import annotations

import streamlit as st

from dashboard import frame
from dashboard.data import DataUnavailable
from dashboard.i18n import t

st.set_page_config(page_title="Shramik Atlas · श्रमिक एटलस", layout="wide", page_icon="🗺️")

PAGES = [
    ("views/overview.py", "page_overview", "overview", True),
    ("views/district.py", "page_district", "district", False),
    ("views/skills.py", "page_skills", "skills", False),
    ("views/complaints.py", "page_complaints", "complaints", False),
    ("views/call_centre.py", "page_call_centre", "call-centre", False),
    ("views/drives.py", "page_drives", "drives", False),
    ("views/data_quality.py", "page_data", "data", False),
    ("views/about.py", "page_about", "about", False),
]


def main() -> None:
    try:
        view = frame.build()
    except DataUnavailable:
        st.error(t("db_down", st.session_state.get("f_lang", "en")))
        return
    st.session_state["atlas_current_view"] = view
    pages = [st.Page(path, title=view.t(title), url_path=url, default=default) for path, title, url, default in PAGES]
    page = st.navigation(pages)
    try:
        page.run()
    except DataUnavailable:
        st.error(view.t("db_down"))


main()
