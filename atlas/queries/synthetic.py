"""The real places the synthetic demo's story is set in (``loaders.synthetic``)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text


def bihar_villages(connection: Connection) -> pd.DataFrame:
    """``village, block, district, district_hi`` of every Bihar village, in Census code order."""
    sql = text(
        "SELECT v.name_en AS village, s.name_en AS block, d.name_en AS district, d.name_hi AS district_hi "
        "FROM villages v JOIN subdistricts s USING (subdistrict_code) "
        "JOIN districts d ON d.district_id = v.district_id "
        "WHERE v.state_code = '10' ORDER BY v.village_code"
    )
    return pd.read_sql(sql, connection)


def haryana_blocks(connection: Connection) -> pd.DataFrame:
    """``block_code, block, district`` of every Haryana block, in code order."""
    sql = text(
        "SELECT s.subdistrict_code AS block_code, s.name_en AS block, d.name_en AS district FROM subdistricts s "
        "JOIN districts d USING (district_id) WHERE s.state_code = '06' ORDER BY s.subdistrict_code"
    )
    return pd.read_sql(sql, connection)
