"""Data quality and upload: load a file through the real loaders, see every rejected row, the review queue."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from atlas.errors import AtlasError
from atlas.queries.quality import QUALITY_PARTS
from dashboard import data, downloads, frame, maps, profile_panel, render
from dashboard.frame import DEFAULT_HOME_STATE
from dashboard.i18n import TEXT, name, number, percent
from dashboard.render import md
from dashboard.tables import localise
from loaders import KINDS

TEXT.update(
    {
        "district_quality": ("Data quality by district, worst first", "ज़िलेवार डेटा गुणवत्ता, सबसे कमज़ोर पहले"),
        "quality_score": ("Data-quality score", "डेटा गुणवत्ता अंक"),
        "quality_shortfall": ("Shortfall from 100 (darker is worse)", "100 से कमी (गहरा रंग यानी कमज़ोर)"),
        "dq_home_block_or_better": ("Home at block or better", "घर प्रखंड या बेहतर स्तर पर"),
        "dq_valid_phone": ("Valid mobile", "मान्य मोबाइल"),
        "dq_reached_90d": ("Reached in 90 days", "90 दिनों में संपर्क"),
        "dq_fresh_workplace": ("Workplace seen in 180 days", "180 दिनों में कार्यस्थल"),
        "dq_not_duplicate": ("Not a suspected duplicate", "संदिग्ध दोहराव नहीं"),
        "quality_note": (
            "The score is the mean of the five shares. A suspected duplicate has the same name, father's name and "
            "village as another worker but a different phone. Districts with fewer than 5 workers are left out.",
            "अंक पाँचों हिस्सों का औसत है। संदिग्ध दोहराव: किसी अन्य श्रमिक जैसा ही नाम, पिता का नाम और गाँव, पर "
            "अलग फ़ोन। 5 से कम श्रमिकों वाले ज़िले शामिल नहीं।",
        ),
    }
)
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
    rejected = data.rejected_rows(batch_id=int(batch))
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

st.subheader(view.t("district_quality"))
scores = data.district_quality(view.filters.home_state_code or DEFAULT_HOME_STATE)
outlines = data.boundaries(level="district")
areas = outlines.merge(scores.assign(code=scores["district_id"].astype(str)), on="code", suffixes=("_map", ""))
areas["shortfall"] = (100 - areas["score"]).round(1)
areas["area_id"] = areas["code"]  # what a click on a district reports: it opens the district's profile
quality_map = maps.base_map(fit=areas)
breaks = maps.add_choropleth(
    quality_map,
    areas,
    value="shortfall",
    name="quality",
    tooltip=lambda r: maps.Tooltip(name(r, lang), [(view.t("quality_score"), number(r["score"]))]),
)
clicked = st_folium(
    quality_map, returned_objects=["last_active_drawing"], height=420, use_container_width=True, key="dq_quality_map"
)
render.legend(maps.legend_items(breaks), view.t("quality_shortfall"))
if not profile_panel.show_clicked(clicked, areas):
    st.caption(view.t("profile_hint_any"))
shown = scores.assign(
    district=[name(r, lang) for _, r in scores.iterrows()],
    **{part: [percent(v, 1) for v in scores[part]] for part in QUALITY_PARTS},
)
render.table(
    localise(
        shown, {"district": "col_district", "score": "quality_score", **{p: f"dq_{p}" for p in QUALITY_PARTS}}, lang
    ),
    height=320,
)
st.caption(view.t("quality_note"))

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
