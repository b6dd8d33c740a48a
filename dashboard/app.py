"""Shramik Atlas dashboard: sign-in, the frame built once, then the pages the user's role may open."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from atlas.errors import DatabaseUnavailable
from dashboard import data, frame
from dashboard.i18n import t

st.set_page_config(page_title="Shramik Atlas · श्रमिक एटलस", layout="wide", page_icon="🗺️")

# (file, title key, URL path); a user opens on their own home page (``Scope.landing_page``).
PAGES = [
    ("views/overview.py", "page_overview", "overview"),
    ("views/returnees.py", "page_returnees", "returnees"),
    ("views/district.py", "page_district", "district"),
    ("views/skills.py", "page_skills", "skills"),
    ("views/complaints.py", "page_complaints", "complaints"),
    ("views/call_centre.py", "page_call_centre", "call-centre"),
    ("views/drives.py", "page_drives", "drives"),
    ("views/data_quality.py", "page_data", "data"),
    ("views/audit.py", "page_audit", "audit"),
    ("views/inbox.py", "page_inbox", "inbox"),
    ("views/rights.py", "page_rights", "rights"),
    ("views/about.py", "page_about", "about"),
]


WANTED_KEY = "atlas_wanted_page"  # the page a link asked for before its user had signed in


def asked_for_page() -> str | None:
    """The page in the address the session was opened with (``/complaints?...``), if it names one."""
    path = urlsplit(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    return path if path in {url for _, _, url in PAGES} else None


def main() -> None:
    lang = frame.language() if data.current_scope() is not None else None
    try:
        scope = frame.sign_in(lang)
        if scope is None:
            st.session_state.setdefault(WANTED_KEY, asked_for_page())
            return
        view = frame.build(scope, lang or frame.language())
    except DatabaseUnavailable:
        st.error(t("db_down", lang or frame.chosen_language()))
        return
    st.session_state[frame.CURRENT_VIEW_KEY] = view
    allowed = [(p, k, u) for p, k, u in PAGES if scope.may_open(u)]
    pages = [
        st.Page(path, title=view.t(key), url_path=url, default=url == scope.landing_page) for path, key, url in allowed
    ]
    page = st.navigation(pages)
    wanted = st.session_state.pop(WANTED_KEY, None)
    if wanted and wanted != page.url_path and scope.may_open(wanted):
        # A deep link keeps its page (and its filters) through sign-in; a page the role may not open is not offered.
        st.switch_page(next(p for p in pages if p.url_path == wanted), query_params=dict(st.query_params))
    # The page's own path: st.navigation gives the default page an empty url_path.
    st.session_state[frame.PAGE_KEY] = next((u for p, (_, _, u) in zip(pages, allowed, strict=True) if p is page), "")
    try:
        page.run()
    except DatabaseUnavailable:
        st.error(view.t("db_down"))


main()
