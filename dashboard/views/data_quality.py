"""Data quality and upload: load a file through the real loaders, see every rejected row, the review queue."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from atlas.errors import AtlasError
from dashboard import data, downloads, frame, render
from dashboard.i18n import number
from dashboard.render import md
from dashboard.tables import localise
from loaders import KINDS

view = frame.current()
lang = view.lang
frame.title("page_data")

st.subheader(view.t("upload"))
with st.form("dq_upload", clear_on_submit=False):
    kind = frame.remembered_choice(
        st.selectbox, view.t("file_kind"), KINDS, format_func=lambda k: view.t(f"kind_{k}"), key="dq_kind"
    )
    uploaded = st.file_uploader(view.t("upload"), type=["csv", "xlsx", "txt"])
    submitted = st.form_submit_button(view.t("load"))
if submitted and uploaded is not None:
    try:
        summary = data.upload(str(kind), uploaded.getvalue(), uploaded.name)
    except AtlasError as error:
        st.error(f"{view.t('load_failed')}: {md(error)}")
    else:
        if summary.already_loaded:
            st.info(view.t("already_loaded"))
        counts = {"loaded": number(summary.loaded), "updated": number(summary.updated)}
        if summary.rejected:
            st.warning(view.t("load_result").format(rejected=number(summary.rejected), **counts))
        else:
            st.success(view.t("load_result").format(rejected=number(0), **counts))
        st.session_state["dq_batch"] = summary.batch_id

batch = st.session_state.get("dq_batch")
if batch is not None:
    st.subheader(view.t("rejected_report"))
    rejected = data.rejected_rows(int(batch))
    rejected["problems"] = [
        "; ".join(f"{e.get('field', '')}: {e.get('message', '')}" for e in (errs if isinstance(errs, list) else []))
        for errs in rejected["errors"]
    ]
    rejected["raw_text"] = [json.dumps(r, ensure_ascii=False) if r is not None else "" for r in rejected["raw"]]
    # The raw rows (names, phones) reach only whoever loaded the file or administers loads: the database
    # returns no rejected row to anyone else (row-level security on rejected_rows).
    table = localise(rejected, {"row_number": "col_row", "problems": "col_errors", "raw_text": "col_raw"}, lang)
    render.table(table, height=320)
    if not table.empty:
        downloads.people_csv(view.t("download_rejected"), table, what=f"rejected_rows_{batch}.csv", key="dq_report")

st.subheader(view.t("review_queue"))
queue = data.review_queue()
render.table(
    localise(
        queue,
        {"input_text": "col_input", "reason": "col_reason", "confidence": "confidence", "occurrences": "col_times"},
        lang,
    ),
    height=300,
)

st.subheader(view.t("freshness"))
fresh: pd.DataFrame = data.freshness()
fresh["kind"] = [view.t(f"kind_{k}") for k in fresh["kind"]]
render.table(
    localise(
        fresh,
        {
            "kind": "col_kind",
            "file_name": "col_file",
            "finished_at": "col_finished",
            "rows_total": "col_rows",
            "rows_loaded": "col_new",
            "rows_updated": "col_updated",
            "rows_rejected": "col_rejected",
        },
        lang,
    )
)
st.caption(view.t("freshness_note"))
