"""The app frame, built once: language, the shared filters, the synthetic-data banner.

State lives in one typed place: ``ViewState`` is read from the URL (so a shared link opens
the same view) and from the session (so filters stay when changing page), and written
back to both on every run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from atlas.auth import Scope
from atlas.filters import GENDERS, SOURCES, Filters
from atlas.settings import settings
from dashboard import data
from dashboard.i18n import GENDER_LABELS, LANGUAGES, SKILL_LABELS, SOURCE_LABELS, label, name, t, today
from dashboard.render import md

_STATE_KEY = "atlas_view"
_SEEN_KEY = "atlas_last_seen"
CURRENT_VIEW_KEY = "atlas_current_view"
PAGE_KEY = "atlas_page"  # the URL path of the page the last full run drew
DEFAULT_HOME_STATE = "10"  # Bihar: the product's first users


@dataclass(frozen=True)
class ViewState:
    lang: str
    filters: Filters
    #: The one area the user is limited to, named in every page's title (a district officer's district).
    area: str = ""

    def t(self, key: str) -> str:
        return t(key, self.lang)


def _from_url_or_session() -> ViewState:
    params = {k: st.query_params[k] for k in st.query_params}
    saved: ViewState | None = st.session_state.get(_STATE_KEY)
    if params:
        lang = params["lang"] if params.get("lang") in LANGUAGES else "en"
        filters = Filters.from_query_params(params)
        return ViewState(
            lang=lang, filters=filters.with_(home_state_code=filters.home_state_code or DEFAULT_HOME_STATE)
        )
    if saved is not None:
        return saved
    return ViewState(lang="en", filters=Filters(home_state_code=DEFAULT_HOME_STATE))


def _remember(view: ViewState) -> None:
    st.session_state[_STATE_KEY] = view
    wanted = {"lang": view.lang, **view.filters.to_query_params()}
    if {k: st.query_params[k] for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)


def _select(caption: str, choices: list[Any], current: Any, fmt: Callable[[Any], str], key: str) -> Any:
    index = choices.index(current) if current in choices else 0
    return st.sidebar.selectbox(md(caption), choices, index=index, format_func=fmt, key=_keyed(key))


def _keyed(key: str) -> str:
    """Widget keys carry the language: the browser keeps a keyed widget's option labels, so a new
    language needs new widgets. Their values are not lost: they come back from the ViewState. They also carry a
    generation, which ``go_to`` moves on so that every filter widget starts again from the filters it was given:
    the browser keeps a widget's value too, and would send the old one back with the next click."""
    generation = st.session_state.get(_GENERATION_KEY, 0)
    return f"{key}_{st.session_state.get('f_lang', 'en')}" + (f"_{generation}" if generation else "")


def remembered_choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    *,
    key: str,
    format_func: Callable[[Any], str],
    **kwargs: Any,
) -> Any:
    """A page's radio or select box (``widget``: ``st.radio``, ``column.selectbox``...) whose choice survives a
    switch of language. Its options are labelled in the language, so each language has its own widget
    (``_keyed``); the choice is kept apart from both and handed to whichever is drawn."""
    kept = f"{key}_choice"
    current = st.session_state.get(kept)
    index = list(options).index(current) if current in options else 0
    chosen = widget(label, options, index=index, format_func=format_func, key=_keyed(key), **kwargs)
    st.session_state[kept] = chosen
    return chosen


def _names(frame: pd.DataFrame, key: str, lang: str, *, with_all: bool) -> dict[Any, str]:
    """``{code: name in the chosen script}``, optionally led by ``None: "All"``."""
    names: dict[Any, str] = {None: t("all", lang)} if with_all else {}
    names.update({row[key]: name(row, lang) for row in frame.to_dict("records")})
    return names


def _own_district(view: ViewState, scope: Scope) -> str:
    """The name of the district a district officer is limited to, in the chosen script."""
    districts = _names(data.districts_of_state(str(scope.state_code)), "district_id", view.lang, with_all=False)
    return districts.get(scope.district_id, "")


def _block_filter(view: ViewState, district: int | None) -> str | None:
    blocks: dict[Any, str] = {None: t("all", view.lang)}
    if district is not None:
        blocks = _names(data.blocks_of_district(int(district)), "subdistrict_code", view.lang, with_all=True)
    return _select(view.t("block"), list(blocks), view.filters.home_block_code, blocks.__getitem__, "f_block")


def _place_filters(view: ViewState, scope: Scope) -> Filters:
    f, lang = view.filters, view.lang
    if scope.role == "district_officer":
        # Their district is fixed (the database shows them nothing else): name it, and offer its blocks only.
        st.sidebar.markdown(f"**{view.t('home_district')}**  \n{md(view.area)}")
        return f.with_(home_block_code=_block_filter(view, f.home_district_id))
    states = _names(data.states(), "state_code", lang, with_all=False)
    home_state = _select(view.t("home_state"), list(states), f.home_state_code, states.__getitem__, "f_home_state")
    districts = _names(data.districts_of_state(str(home_state)), "district_id", lang, with_all=True)
    district = _select(
        view.t("home_district"), list(districts), f.home_district_id, districts.__getitem__, "f_district"
    )
    block = _block_filter(view, district)
    return f.with_(home_state_code=home_state, home_district_id=district, home_block_code=block)


def _other_filters(view: ViewState, filters: Filters) -> Filters:
    lang = view.lang
    skills = st.sidebar.multiselect(
        view.t("skills"),
        data.skill_groups(),
        default=[s for s in filters.skill_groups if s],
        format_func=lambda s: label(SKILL_LABELS, s, lang),
        placeholder=view.t("all_skills"),
        key=_keyed("f_skills"),
    )
    dest_names = _names(data.states(), "state_code", lang, with_all=True)
    dest = _select(view.t("dest_state"), list(dest_names), filters.dest_state_code, dest_names.__getitem__, "f_dest")
    dest_district = None
    if dest is not None:  # a destination state chosen: its districts, to see only the flows into one
        places = _names(data.districts_of_state(str(dest)), "district_id", lang, with_all=True)
        dest_district = _select(
            view.t("dest_district"), list(places), filters.dest_district_id, places.__getitem__, "f_dest_district"
        )
    gender = _select(
        view.t("gender"), [None, *GENDERS], filters.gender, lambda g: label(GENDER_LABELS, g, lang), "f_gender"
    )
    source = _select(
        view.t("source"), [None, *SOURCES], filters.source, lambda s: label(SOURCE_LABELS, s, lang), "f_source"
    )
    dates = st.sidebar.date_input(
        view.t("date_range"),
        value=(filters.date_from or date(2020, 1, 1), filters.date_to or today()),
        format="DD-MM-YYYY",
        key=_keyed("f_dates"),
    )
    date_from, date_to = (dates[0], dates[1]) if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
    return filters.with_(
        skill_groups=tuple(skills),
        dest_state_code=dest,
        dest_district_id=dest_district,
        gender=gender,
        source=source,
        date_from=date_from if date_from != date(2020, 1, 1) else None,
        date_to=date_to if date_to != today() else None,
    )


def _scoped_filters(filters: Filters, scope: Scope) -> Filters:
    """Start a user inside their own scope (the database enforces it; this only saves them a dead end)."""
    if scope.role == "district_officer" and scope.district_id is not None:
        keep_block = filters.home_block_code if filters.home_district_id == scope.district_id else None
        return filters.with_(
            home_state_code=scope.state_code, home_district_id=scope.district_id, home_block_code=keep_block
        )
    if scope.state_code and scope.role in ("state_admin", "planner"):
        return filters.with_(home_state_code=scope.state_code)
    return filters


def sign_in(lang: str | None) -> Scope | None:
    """The signed-in scope; ends idle sessions; shows the sign-in form when nobody is signed in.

    ``lang`` is the sidebar's language, or None when nobody is signed in: the language choice then sits above the
    form, in the main area, because a page without a sidebar shows sooner (it needs fewer scripts and fonts).
    """
    # The form's slot is in every run, signed in or not: the page below it keeps its place, so the first run after
    # sign-in replaces the page's elements instead of drawing them again one place lower beside the old ones.
    slot = st.empty()
    scope = data.current_scope()
    now = time.monotonic()
    expired = scope is not None and now - st.session_state.get(_SEEN_KEY, now) > settings.session_idle_minutes * 60
    if expired:
        sign_out()
        scope = None
    if scope is not None:
        st.session_state[_SEEN_KEY] = now
        return scope
    # A successful sign-in empties the slot and this same run goes on to draw the user's page: a second run
    # (st.rerun) would cost a round trip and a run of its own before anything shows.
    with slot.container():
        if expired:
            st.info(t("session_expired", lang or "en"))
        form_lang = lang or _language_radio(st, SIGN_IN_LANGUAGE_KEY)
        _sign_in_form(form_lang, now)
    if (signed_in := data.current_scope()) is not None:
        slot.empty()
    return signed_in


def _sign_in_form(lang: str, now: float) -> None:
    with st.form("sign_in"):
        st.subheader(f"{t('app_title', lang)} · {t('sign_in', lang)}")
        username = st.text_input(t("username", lang), max_chars=100)
        password = st.text_input(t("password", lang), type="password", max_chars=200)
        if st.form_submit_button(t("sign_in", lang)):
            result = data.login(username, password)
            if result.scope is None:
                st.error(t(result.reason or "bad_credentials", lang))
            else:
                st.session_state[data.SCOPE_KEY] = result.scope
                st.session_state[_SEEN_KEY] = now


def sign_out() -> None:
    # Cached results stay: they are keyed by the scope, so nobody else is served them, and emptying every
    # user's caches at each sign-out made everyone's next page slow.
    for key in (data.SCOPE_KEY, _SEEN_KEY, _STATE_KEY):
        st.session_state.pop(key, None)


SIGN_IN_LANGUAGE_KEY = "f_lang_sign_in"


def language() -> str:
    """The language radio at the top of the sidebar, starting from the language chosen on the sign-in form."""
    return _language_radio(st.sidebar, "f_lang")


def chosen_language() -> str:
    """The language chosen on the sign-in form, else the link's or the session's."""
    return str(st.session_state.get(SIGN_IN_LANGUAGE_KEY) or _from_url_or_session().lang)


def _language_radio(where: Any, key: str) -> str:
    initial = chosen_language()
    chosen = where.radio(
        t("language", initial),
        list(LANGUAGES),
        index=list(LANGUAGES).index(initial),
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
        key=key,
    )
    return str(chosen)


FILTERED_ROLES = ("state_admin", "district_officer", "planner")


def build(scope: Scope, lang: str) -> ViewState:
    """Draw the sidebar for a signed-in user and return the state every page reads."""
    _take_pending_place()
    view = ViewState(lang=lang, filters=_scoped_filters(_from_url_or_session().filters, scope))
    if scope.role == "district_officer":
        view = ViewState(lang=lang, filters=view.filters, area=_own_district(view, scope))
    if scope.role in FILTERED_ROLES:
        st.sidebar.header(view.t("filters"))
        filters = _other_filters(view, _place_filters(view, scope))
        if st.sidebar.button(view.t("reset_filters"), key="f_reset"):
            for key in [k for k in st.session_state if str(k).startswith("f_") and k != "f_lang"]:
                del st.session_state[key]
            _remember(ViewState(lang=lang, filters=_scoped_filters(Filters(home_state_code=DEFAULT_HOME_STATE), scope)))
            st.rerun()
        view = ViewState(lang=lang, filters=_scoped_filters(filters, scope), area=view.area)
    _remember(view)
    st.sidebar.caption(f"{t('signed_in_as', lang)} {md(scope.username)} · {t('role_' + scope.role, lang)}")
    if st.sidebar.button(t("sign_out", lang), key="f_sign_out"):
        sign_out()
        st.rerun()
    if scope.role in FILTERED_ROLES and data.has_synthetic_workers():
        st.sidebar.warning(view.t("synthetic_banner"))
    return view


_PENDING_PLACE = "atlas_pending_place"
_GENERATION_KEY = "atlas_filter_generation"


def go_to(page: str, filters: Filters) -> None:
    """Open ``page`` (a views/ file) with ``filters``, as a link with those filters would. The sidebar's widgets
    are drawn anew at the start of the next run, from these filters (Streamlit refuses a change to a widget's
    value once it is on the page)."""
    view = current()
    _remember(ViewState(lang=view.lang, filters=filters, area=view.area))
    st.session_state[_PENDING_PLACE] = True
    st.switch_page(page)


def _take_pending_place() -> None:
    if st.session_state.pop(_PENDING_PLACE, None):
        st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1


def title(key: str) -> None:
    """The page's title, naming the area the user is limited to ("District view · Siwan")."""
    view = current()
    st.title(f"{view.t(key)} {md(view.area and '· ' + view.area)}")


def showing(page: str) -> bool:
    """Whether ``page`` (a URL path) is the page on screen; AppTest runs a page file alone, without the app."""
    return st.session_state.get(PAGE_KEY, page) == page


def current() -> ViewState:
    """The state the frame built for this run (pages call this instead of reading widgets)."""
    view = st.session_state.get(CURRENT_VIEW_KEY)
    return view if isinstance(view, ViewState) else ViewState(lang="en", filters=Filters(home_state_code="10"))
