"""The dashboard's cached access to the query layer. Pages call these, never SQL."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from atlas.db import default_engine
from atlas.queries import overview
from atlas.settings import settings


@st.cache_data(ttl=settings.cache_ttl_s, show_spinner=False)
def reference_coverage() -> pd.DataFrame | None:
    """States with their district, block and village counts; None when the database is down."""
    try:
        with default_engine().connect() as connection:
            return overview.reference_coverage(connection)
    except OperationalError:
        return None
