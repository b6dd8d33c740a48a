"""Data rights (DPDP Act 2023) for a state administrator: a worker's full record, corrections, erasure."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from atlas.queries.rights import CORRECTABLE
from atlas.rights import NotPermitted
from dashboard import data, downloads, frame, render
from dashboard.render import md

VIEWED_KEY = "rt_viewed"  # the worker whose opening was last audited (one "record" per opening, not per rerun)

view = frame.current()
frame.title("page_rights")
st.caption(view.t("rights_intro"))
chosen = st.number_input(view.t("worker_id"), min_value=1, step=1, value=None, key="rt_worker")
if chosen is None:
    st.stop()
worker_id = int(chosen)
try:
    record = data.person_record(worker_id, audited=st.session_state.get(VIEWED_KEY) != worker_id)
except NotPermitted:
    st.warning(view.t("rights_not_permitted"))
    st.stop()
st.session_state[VIEWED_KEY] = worker_id
worker = record["worker"]
st.subheader(f"{view.t('worker_card')} {md(worker_id)}: {md(worker['name'])}")
if worker["erased_at"]:
    st.info(view.t("already_erased"))

st.subheader(view.t("record_held"))
parts = {section: len(items) for section, items in record.items() if isinstance(items, list)}
render.table(pd.DataFrame({view.t("col_section"): list(parts), view.t("col_items"): list(parts.values())}))
downloads.offer(
    view.t("download_record"),
    lambda: json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"),
    what=f"worker_{worker_id}_record.json",
    mime="application/json",
    key="rt_download",
    personal=True,
)
if worker["erased_at"]:
    st.stop()

st.subheader(view.t("correct_record"))
with st.form("rt_correct"):
    values = {field: st.text_input(view.t(f"field_{field}"), value=str(worker[field] or "")) for field in CORRECTABLE}
    reason = st.text_input(view.t("reason"), max_chars=500)
    if st.form_submit_button(view.t("save")):
        try:
            changed = data.correct_person(worker_id, values, reason.strip() or None)
        except ValueError as error:
            st.error(md(error))
        else:
            st.success(f"{view.t('corrected')} {md(', '.join(changed))}")

st.subheader(view.t("erase_record"))
with st.form("rt_erase"):
    confirmed = st.checkbox(view.t("erase_confirm"))
    if st.form_submit_button(view.t("erase_record")) and confirmed:
        data.erase_person(worker_id)
        st.success(view.t("erased"))
