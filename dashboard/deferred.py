"""Below the fold, a moment later: a page's first view draws what is on screen first.

The browser runs a page and its same-origin iframes on one main thread. On the Overview, a second map and three
charts arriving with the flow map delayed it by about a second on 2 cores. So a page's first view in a session
draws its top part and a placeholder; when the browser has had ``WAIT_S`` seconds (the fragment's timer runs in
the browser, so a busy browser asks later), the page runs again with everything. Later runs draw everything at
once: filters and clicks change what is already there.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import frame
from dashboard.i18n import TEXT

TEXT.update({"more_coming": ("Loading the rest of the page…", "पेज का बाकी हिस्सा लोड हो रहा है…")})

WAIT_S = 1.2
_READY_KEY = "atlas_below_fold"  # the pages whose first view is done
_HELD_KEY = "atlas_below_fold_held"  # when the placeholder was drawn


def ready(page: str) -> bool:
    """Whether ``page`` may draw everything now; if not, draws the placeholder that asks for the second run."""
    if page in st.session_state.get(_READY_KEY, set()):
        return True
    st.session_state[_HELD_KEY] = time.monotonic()
    _release(page)
    return False


@st.fragment(run_every=WAIT_S)
def _release(page: str) -> None:
    if not frame.showing(page):
        return  # a tick that outlived its page (the user moved on) changes nothing
    if time.monotonic() - st.session_state.get(_HELD_KEY, 0.0) >= WAIT_S * 0.9:
        st.session_state[_READY_KEY] = st.session_state.get(_READY_KEY, set()) | {page}
        st.rerun(scope="app")
    st.caption(frame.current().t("more_coming"))
