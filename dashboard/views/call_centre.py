"""Call centre: find one worker, record where they work now (with a map preview), log a complaint."""

from __future__ import annotations

import re

import streamlit as st
from streamlit_folium import st_folium

from atlas.models import CALL_OUTCOMES, COMPLAINT_CATEGORIES
from atlas.queries.callcentre import Workplace
from dashboard import data, frame, maps, render
from dashboard.i18n import CATEGORY_LABELS, DEPARTMENT_LABELS, label, number
from dashboard.render import md
from dashboard.tables import localise, place, skills_text

view = frame.current()
lang = view.lang
st.title(view.t("page_call_centre"))

with st.form("cc_search"):
    st.markdown(f"**{view.t('find_worker')}** — {view.t('search_hint')}")
    cols = st.columns(4)
    phone_in = cols[0].text_input(view.t("phone"), max_chars=20)
    uan_in = cols[1].text_input(view.t("uan"), max_chars=20)
    name_in = cols[2].text_input(view.t("name"), max_chars=100)
    village_in = cols[3].text_input(view.t("village"), max_chars=100)
    searched = st.form_submit_button(view.t("search"))
if searched:
    digits = re.sub(r"\D", "", phone_in)[-10:] or None
    st.session_state["cc_results"] = data.find_workers(
        digits, re.sub(r"\D", "", uan_in) or None, name_in.strip() or None, village_in.strip() or None
    )
results = st.session_state.get("cc_results")
if results is None:
    st.stop()
if results.empty:
    st.info(view.t("no_match"))
    st.stop()

choices = {
    int(r.worker_id): f"{r.name} · {r.phone_masked or ''} · {r.village_en or ''}, {place(r.block_en, r.block_hi, lang)}"
    for r in results.itertuples()
}
picked = st.selectbox(view.t("choose_worker"), list(choices), format_func=choices.__getitem__, key="cc_worker")
worker_id = int(picked if picked is not None else next(iter(choices)))
record, history = data.worker_record(worker_id)
if record is None:
    st.info(view.t("no_match"))
    st.stop()

st.subheader(f"{view.t('worker_card')}: {md(record['name'])}")
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
outcome = st.radio(view.t("outcome"), CALL_OUTCOMES, horizontal=True, format_func=view.t, key="cc_outcome")
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
            st.caption(
                f"{view.t('geocode_result')}: {md(found.matched_name)} · {view.t('precision')}: "
                f"{md(found.precision)} · {view.t('confidence')}: {number(round(found.confidence or 0, 2))}"
            )
            preview = maps.preview_map(
                found.lat, found.lon, label=found.matched_name or "", boundaries=data.boundaries("district")
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
        data.record_call(worker_id, str(outcome), workplace, note.strip() or None)
        st.success(view.t("call_saved"))

st.subheader(view.t("log_complaint"))
category = st.selectbox(
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
        complaint = data.log_complaint(worker_id, str(category), description.strip())
        st.success(f"{view.t('complaint_saved')} {number(complaint)}")

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
