"""The one query layer. Every SQL statement of the product lives in this package.

Modules by concern: ``reference`` (admin geography and gazetteer). Functions take a
SQLAlchemy ``Connection`` first and return DataFrames with fixed columns, or counts.
Values always travel as bound parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, TextClause


def read_frame(connection: Connection, sql: TextClause, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run one query and return its rows as a DataFrame (pandas' own typing of ``params`` is too narrow)."""
    return pd.read_sql(sql, connection, params=dict(params or {}))


def shown_count(count: str) -> str:
    """SQL for a count as it may be shown: NULL when under the small-cell threshold (bound as ``:min_cell``);
    0 stays 0, as there is nobody to protect."""
    return f"CASE WHEN coalesce({count}, 0) = 0 THEN 0 WHEN {count} >= :min_cell THEN {count} END::int"
