"""Queries only the printed reports need: a district's top skills, and a state's districts ranked.

Both read the flow rollups (and the complaints, for their counts), never a list of people.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame
from atlas.queries.district import OPEN, OVERDUE
from atlas.queries.overview import DISTRICT, rollup_for
from atlas.queries.where import where
from atlas.settings import settings


def top_skills(connection: Connection, filters: Filters, *, top_n: int = 8) -> pd.DataFrame:
    """``skill_group, workers`` of the most common primary skills; groups under the small-cell threshold left out."""
    clause, params = where(filters)
    sql = text(
        f"""
        SELECT skill_group, sum(workers)::int AS workers FROM {rollup_for(filters)}
        WHERE {clause} AND skill_group <> 'unknown'
        GROUP BY 1 HAVING sum(workers) >= :min_cell ORDER BY 2 DESC LIMIT :top_n
        """
    )
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count, "top_n": top_n})


def district_ranking(connection: Connection, state_code: str) -> pd.DataFrame:
    """Every home district of a state, most migrants first: ``district_id, name_en, name_hi, workers, migrants,
    reached_90d, open, overdue``. Counts under the small-cell threshold are NULL (shown as "< 5")."""
    sql = text(
        f"""
        WITH flows AS (
            SELECT home_district_id AS district_id, sum(workers) AS workers, sum(migrants) AS migrants,
                   sum(reached_90d) AS reached
            FROM {DISTRICT} WHERE home_state_code = :state GROUP BY 1
        ), complaints AS (
            SELECT c.home_district_id AS district_id, count(*) AS open,
                   count(*) FILTER (WHERE {OVERDUE}) AS overdue
            FROM complaints c JOIN districts d ON d.district_id = c.home_district_id
            WHERE d.state_code = :state AND c.status IN {OPEN} GROUP BY 1
        )
        SELECT d.district_id, d.name_en, d.name_hi,
               {_shown("f.workers")} AS workers, {_shown("f.migrants")} AS migrants,
               {_shown("f.reached")} AS reached_90d, {_shown("c.open")} AS open, {_shown("c.overdue")} AS overdue
        FROM districts d JOIN flows f USING (district_id) LEFT JOIN complaints c USING (district_id)
        WHERE d.state_code = :state
        ORDER BY f.migrants DESC NULLS LAST, d.name_en
        """
    )
    return read_frame(connection, sql, {"state": state_code, "min_cell": settings.min_cell_count})


def _shown(count: str) -> str:
    """A count, or NULL when it is under the small-cell threshold (0 stays 0: nothing to protect)."""
    return f"CASE WHEN coalesce({count}, 0) = 0 THEN 0 WHEN {count} >= :min_cell THEN {count} END::int"
