"""Shramik Atlas dashboard entry point (the full dashboard arrives with its own issue)."""

from __future__ import annotations

import streamlit as st

from dashboard import data

st.set_page_config(page_title="Shramik Atlas", layout="wide")
st.title("Shramik Atlas · श्रमिक एटलस")

coverage = data.reference_coverage()
if coverage is None:
    st.error("The database cannot be reached. Start it with `make db-start`, then reload this page.")
else:
    st.subheader("Reference geography loaded · संदर्भ भूगोल")
    st.dataframe(coverage, hide_index=True, use_container_width=True)

st.divider()
st.caption(
    "Data sources: DataMeet India community (ODbL / CC BY 4.0), covid19india.org contributors (MIT), "
    "INDIAN-SHAPEFILES (MIT), India Post pincode directory via data.gov.in (GODL-India)."
)
