"""Queries behind the app's landing page."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text


def reference_coverage(connection: Connection) -> pd.DataFrame:
    """One row per state: ``state_code, name_en, name_hi, districts, blocks, villages``."""
    sql = text(
        "SELECT s.state_code, s.name_en, s.name_hi, "
        "(SELECT count(*) FROM districts d WHERE d.state_code = s.state_code) AS districts, "
        "(SELECT count(*) FROM subdistricts b WHERE b.state_code = s.state_code) AS blocks, "
        "(SELECT count(*) FROM villages v WHERE v.state_code = s.state_code) AS villages "
        "FROM states s ORDER BY s.name_en"
    )
    return pd.read_sql(sql, connection)
