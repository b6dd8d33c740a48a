"""Below the fold, a moment later: a page's first view draws what is on screen first.

The browser runs a page and its same-origin iframes on one main thread. On the Overview, a second map and three
charts arriving with the flow map delayed it by about a second on 2 cores. So a page's first view in a session
sends its top part, shows a placeholder for ``WAIT_S`` seconds while the browser draws it, and then draws the
rest in the same run. Later runs draw everything at once: filters and clicks change what is already there.

The pause is part of the run, not a timer in the browser (a fragment with ``run_every``): a timer's tick that
reached the server just after the user moved to another page ran the old page's fragment there, and its empty
output replaced an element of the new page (the call centre lost its "Take the next worker" button).
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import frame
from dashboard.i18n import TEXT

TEXT.update({"more_coming": ("Loading the rest of the page…", "पेज का बाकी हिस्सा लोड हो रहा है…")})

WAIT_S = 1.2
# The pause is cut into steps, each rewriting the placeholder: writing an element is where Streamlit stops a run
# for a newer one, so a click during the pause (another page, a filter) is served at once.
STEP_S = 0.1
_READY_KEY = "atlas_below_fold"  # the pages whose first view is done


def pause_on_first_view(page: str) -> None:
    """On ``page``'s first view in this session: a placeholder for ``WAIT_S`` seconds, so the browser draws
    the top of the page before the rest arrives. Later views go straight on."""
    placeholder = st.empty()  # in every run: the elements below keep their places from the first view on
    if page in st.session_state.get(_READY_KEY, set()):
        return
    # Marked first: a run cut short by a click has given the browser its moment, and the next run draws it all.
    st.session_state[_READY_KEY] = st.session_state.get(_READY_KEY, set()) | {page}
    until = time.monotonic() + WAIT_S
    while time.monotonic() < until:
        placeholder.caption(frame.current().t("more_coming"))
        time.sleep(STEP_S)
    placeholder.empty()
