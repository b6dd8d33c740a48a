"""Call centre: take the next worker from the queue or find one, record where they work now (with a map
preview), log a complaint. Saving a form twice saves once: each form carries a submission key."""

from __future__ import annotations

import re
import uuid

import streamlit as st
from streamlit_folium import st_folium

from atlas.models import CALL_OUTCOMES, COMPLAINT_CATEGORIES
from atlas.queries.callcentre import Workplace
from dashboard import data, frame, maps, render
from dashboard.i18n import CATEGORY_LABELS, DEPARTMENT_LABELS, label, number
from dashboard.render import md
from dashboard.tables import localise, place, skills_text

QUEUED_KEY = "cc_queued"  # the worker taken from the queue, while the agent works on them
VIEWED_KEY = "cc_viewed"  # the worker whose opening was last audited (one "view" per opening, not per rerun)
view = frame.current()
lang = view.lang
scope = data.current_scope()
frame.title("page_call_centre")


def submission_key(form: str, worker: int) -> str:
    """The key of this form for this worker: the same until the agent starts a new entry."""
    keys = st.session_state.setdefault("cc_keys", {})
    return str(keys.setdefault((form, worker), uuid.uuid4().hex))


def new_entry(form: str, worker: int, *fields: str) -> None:
    """Start a new entry of a form (a callback, run before the widgets exist): a new key, empty fields."""
    st.session_state.setdefault("cc_keys", {})[(form, worker)] = uuid.uuid4().hex
    st.session_state.setdefault("cc_saved", {}).pop((form, worker), None)
    for field in fields:
        st.session_state[field] = ""


def saved_as(form: str, worker: int) -> int | None:
    return st.session_state.setdefault("cc_saved", {}).get((form, worker))


def saved_banner(form: str, worker: int, *fields: str) -> None:
    """ "Saved as #N" once a form is saved, and the button that starts a new entry of it (emptying ``fields``)."""
    if (saved := saved_as(form, worker)) is not None:
        st.success(f"{view.t(f'{form}_saved_as')} #{number(saved)}")
        st.button(view.t(f"another_{form}"), key=f"cc_another_{form}", on_click=new_entry, args=(form, worker, *fields))


def take_next(district: int | None) -> None:
    st.session_state[QUEUED_KEY] = data.take_next_worker(district) or 0
    st.session_state.pop("cc_results", None)


def queue_panel() -> None:
    """The queue: progress per district, a district to work on, and the button that takes the next worker."""
    if scope is None or scope.state_code is None:
        return
    st.subheader(view.t("call_queue"))
    progress = data.queue_progress(scope.state_code)
    progress["district"] = [
        place(e, h, lang) for e, h in zip(progress["district_en"], progress["district_hi"], strict=True)
    ]
    render.table(
        localise(
            progress,
            {
                "district": "col_district",
                "called_today": "col_called_today",
                "reached_today": "col_reached_today",
                "left_to_call": "col_left_to_call",
            },
            lang,
        ),
        height=240,
    )
    districts = {None: view.t("whole_state"), **dict(zip(progress["district_id"], progress["district"], strict=True))}
    cols = st.columns([3, 2])
    district = frame.remembered_choice(
        cols[0].selectbox,
        view.t("queue_district"),
        list(districts),
        format_func=districts.__getitem__,
        key="cc_queue_district",
    )
    cols[1].button(view.t("take_next"), key="cc_take_next", on_click=take_next, args=(district,), type="primary")
    if st.session_state.get(QUEUED_KEY) == 0:
        st.info(view.t("queue_empty"))


queue_panel()
if st.session_state.get(QUEUED_KEY) is None and scope is not None and (held := data.my_claim()):
    st.session_state[QUEUED_KEY] = held  # a reopened page carries on with the worker the agent holds

with st.form("cc_search"):
    st.markdown(f"**{view.t('find_worker')}** — {view.t('search_hint')}")
    cols = st.columns([2, 2, 2, 2, 1])
    phone_in = cols[0].text_input(view.t("phone"), max_chars=20)
    uan_in = cols[1].text_input(view.t("uan"), max_chars=20)
    name_in = cols[2].text_input(view.t("name"), max_chars=100)
    village_in = cols[3].text_input(view.t("village"), max_chars=100)
    id_in = cols[4].text_input(view.t("worker_id"), max_chars=12)
    searched = st.form_submit_button(view.t("search"))
if searched:
    digits = re.sub(r"\D", "", phone_in)[-10:] or None
    wanted = re.sub(r"\D", "", id_in)
    st.session_state["cc_results"] = data.find_workers(
        digits,
        re.sub(r"\D", "", uan_in) or None,
        name_in.strip() or None,
        village_in.strip() or None,
        worker_id=int(wanted) if wanted else None,
    )
    if st.session_state.get(QUEUED_KEY):
        data.leave_queue()  # searching for someone else gives the queued worker back
    st.session_state[QUEUED_KEY] = None
queued = st.session_state.get(QUEUED_KEY) or None
results = st.session_state.get("cc_results")
if queued is None and results is None:
    st.stop()
if queued is None and results is not None and results.empty:
    st.info(view.t("no_match"))
    st.stop()

if queued is not None or results is None:
    worker_id = int(queued or 0)  # one of the two is set: the page stopped otherwise
else:
    choices = {
        int(r.worker_id): f"{r.name} · {r.phone_masked or ''} · {r.village_en or ''}, "
        f"{place(r.block_en, r.block_hi, lang)}"
        for r in results.itertuples()
    }
    picked = st.selectbox(view.t("choose_worker"), list(choices), format_func=choices.__getitem__, key="cc_worker")
    worker_id = int(picked if picked is not None else next(iter(choices)))
record, history = data.worker_record(worker_id, audited=st.session_state.get(VIEWED_KEY) != worker_id)
st.session_state[VIEWED_KEY] = worker_id
if record is None:
    st.info(view.t("no_match"))
    st.stop()

st.subheader(f"{view.t('worker_card')}: {md(record['name'])}")
if queued is not None:
    st.caption(
        f"{view.t('from_queue').format(minutes=number(data.queue_lease_minutes()))} · "
        f"{view.t('worker_id')} {number(worker_id)}"
    )
card = st.columns(4)
render.field(card[0], view.t("phone"), record["phone"])
render.field(card[1], view.t("uan"), record["uan"])
home = ", ".join(
    p
    for p in (
        str(record["village_en"] or ""),
        place(record["block_en"], record["block_hi"], lang),
        place(record["district_en"], record["district_hi"], lang),
    )
    if p
)
render.field(card[2], view.t("home"), home)
render.field(card[3], view.t("col_skills"), skills_text(record["skills"], lang))  # type: ignore[arg-type]

st.subheader(view.t("record_call"))
outcome = frame.remembered_choice(
    st.radio, view.t("outcome"), CALL_OUTCOMES, horizontal=True, format_func=view.t, key="cc_outcome"
)
workplace: Workplace | None = None
if outcome == "reached":
    address = st.text_input(view.t("workplace_address"), max_chars=300, key="cc_address")
    extra = st.columns(2)
    employer = extra[0].text_input(view.t("employer"), max_chars=200, key="cc_employer")
    sector = extra[1].text_input(view.t("sector"), max_chars=100, key="cc_sector")
    if address.strip():
        found = data.geocode_workplace(address.strip())
        if found.lon is None or found.lat is None:
            st.warning(view.t("unresolved"))
        else:
            where, nearby = data.workplace_context(
                lon=found.lon, lat=found.lat, district_id=found.district_id, block_code=found.block_code
            )
            district = place(where["district_en"], where["district_hi"], lang)
            block = place(where["block_en"], where["block_hi"], lang)
            st.caption(
                f"{view.t('geocode_result')}: {md(found.matched_name)} · {view.t('col_district')}: {md(district)} · "
                f"{view.t('col_block')}: {md(block or '–')} · {view.t('precision')}: {md(found.precision)} · "
                f"{view.t('confidence')}: {number(round(found.confidence or 0, 2))}"
            )
            near = ", ".join(f"{n} ({number(k)} km)" for n, k in zip(nearby["name"], nearby["km"], strict=True))
            st.caption(f"{view.t('nearby_places')}: {md(near or '–')}")
            label_rows = [(view.t("col_district"), district), (view.t("col_block"), block or "–")]
            preview = maps.preview_map(
                found.lat,
                found.lon,
                label=maps.Tooltip(found.matched_name or "", label_rows),
                boundaries=data.outlines("district"),
                nearby=nearby,
            )
            st_folium(preview, returned_objects=[], height=300, use_container_width=True, key="cc_preview")
        workplace = Workplace(
            address.strip(),
            found.lon,
            found.lat,
            found.state_code,
            found.district_id,
            found.block_code,
            found.precision,
            found.confidence,
            employer.strip() or None,
            sector.strip() or None,
        )
note = st.text_input(view.t("note"), max_chars=500, key="cc_note")
if st.button(view.t("save_call"), key="cc_save_call"):
    if outcome == "reached" and workplace is None:
        st.warning(view.t("address_required"))
    else:
        call = data.record_call(
            worker_id, str(outcome), workplace, note.strip() or None, submission_key=submission_key("call", worker_id)
        )
        st.session_state.setdefault("cc_saved", {})[("call", worker_id)] = call
saved_banner("call", worker_id, "cc_note", "cc_address", "cc_employer", "cc_sector")

st.subheader(view.t("log_complaint"))
category = frame.remembered_choice(
    st.selectbox,
    view.t("col_category"),
    COMPLAINT_CATEGORIES,
    format_func=lambda c: label(CATEGORY_LABELS, c, lang),
    key="cc_category",
)
department, emergency, _ = data.complaint_route(str(category))
st.markdown(
    f"**{view.t('routed_to')}:** {label(DEPARTMENT_LABELS, department, lang)}  \n"
    f"**{view.t('deadlines')}:** {view.t('deadline_text')}"
)
if emergency:
    st.error(view.t("emergency_text"))
description = st.text_area(view.t("description"), max_chars=2000, key="cc_description")
if st.button(view.t("save_complaint"), key="cc_save_complaint"):
    if not description.strip():
        st.warning(view.t("description_required"))
    else:
        complaint = data.log_complaint(
            worker_id, str(category), description.strip(), submission_key=submission_key("complaint", worker_id)
        )
        st.session_state.setdefault("cc_saved", {})[("complaint", worker_id)] = complaint
saved_banner("complaint", worker_id, "cc_description")

st.subheader(view.t("history"))
history["where"] = [
    ", ".join(p for p in (place(d, dh, lang), place(s, sh, lang)) if p)
    for d, dh, s, sh in zip(
        history["district_en"], history["district_hi"], history["state_en"], history["state_hi"], strict=True
    )
]
render.table(
    localise(
        history,
        {
            "observed_at": "col_when",
            "where": "col_workplace",
            "raw_address": "workplace_address",
            "employer": "employer",
            "source": "source",
        },
        lang,
    )
)
