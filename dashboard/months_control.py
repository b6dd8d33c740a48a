"""The Overview's month control: a slider over the months with data, and a Play switch to step through them.

While playing, a fragment wakes every ``STEP_S`` seconds and moves the slider one month on, then runs the whole
page again, so the flows, circles and tiles all show that month (on their fixed scales). It stops at the last
month or when the switch is turned off. A switch rather than a button: its state outlives a click that lands
while the page is being redrawn, which a Play/Pause button's click would not.

The timer runs only while playing. A tick already on its way when the user clicks another page can still reach
the server after that page's run, and run there (see ``dashboard.deferred``, which gave up its timer for this);
the tick then changes nothing (``frame.showing``), but its empty output can take one element's place until the
next run. Rare enough to keep the timer here: it needs a click onto another page during playback.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

import streamlit as st

from dashboard import frame
from dashboard.i18n import TEXT

TEXT.update(
    {
        "play": ("▶ Play", "▶ चलाएँ"),
        "play_help": (
            "Step through the months, one every few seconds; switch off to pause.",
            "महीनों को एक-एक करके, कुछ सेकंड में, दिखाएँ; रोकने के लिए बंद करें।",
        ),
    }
)

MONTH_KEY = "ov_month"
PLAYING_KEY = "ov_playing"
STEP_S = 3.0
_STEPPED_KEY = "ov_month_stepped"  # when the last step was taken


def _pending(key: str) -> str:
    """Where a fragment leaves a widget's next value: a drawn widget cannot be changed, so the next run sets it."""
    return f"{key}_next"


def month_control(months: Sequence[date]) -> date | None:
    """Draw the control; the chosen month (None: all months)."""
    view = frame.current()
    options: list[date | None] = [None, *months]
    for key in (MONTH_KEY, PLAYING_KEY):
        if _pending(key) in st.session_state:
            st.session_state[key] = st.session_state.pop(_pending(key))
    if st.session_state.get(MONTH_KEY) not in options:
        st.session_state[MONTH_KEY] = None
    left, right = st.columns([2, 9], vertical_alignment="bottom")
    playing = left.toggle(
        view.t("play"),
        key=PLAYING_KEY,
        help=view.t("play_help"),
        disabled=len(months) < 2,
        on_change=_started,
        args=(list(months),),
    )
    month: date | None = right.select_slider(
        view.t("month"),
        options=options,
        format_func=lambda m: view.t("all_months") if m is None else m.strftime("%m-%Y"),
        key=MONTH_KEY,
    )
    if playing and len(months) > 1:
        _advance(list(months))
    return month


def _started(months: list[date]) -> None:
    """Switched on: start from the first month unless a month before the last is already chosen."""
    if st.session_state.get(PLAYING_KEY) and st.session_state.get(MONTH_KEY) in (None, months[-1]):
        st.session_state[MONTH_KEY] = months[0]
    st.session_state[_STEPPED_KEY] = time.monotonic()


@st.fragment(run_every=STEP_S)
def _advance(months: list[date]) -> None:
    """Each tick, the next month; a tick soon after the last step (or during the page's own run) waits, and a
    tick that outlived the Overview (the user moved on) changes nothing."""
    if not frame.showing("overview"):
        return
    if time.monotonic() - st.session_state.get(_STEPPED_KEY, 0.0) < STEP_S * 0.9:
        return
    current = st.session_state.get(MONTH_KEY)
    later = [m for m in months if current is None or m > current]
    if later:
        st.session_state[_pending(MONTH_KEY)] = later[0]
    else:
        st.session_state[_pending(PLAYING_KEY)] = False  # the last month stays on screen
    st.session_state[_STEPPED_KEY] = time.monotonic()
    st.rerun(scope="app")
