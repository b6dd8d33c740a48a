"""Queries only the printed reports need: a district's top skills, a state's districts ranked (both from the
flow rollups and complaint counts, never a list of people), and a department's daily list of complaints (the
one printed list of people: it goes to the department that must act on them).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame, shown_count
from atlas.queries.district import MISSED, MISSED_DUE, OPEN, OVERDUE
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
               {shown_count("f.workers")} AS workers, {shown_count("f.migrants")} AS migrants,
               {shown_count("f.reached")} AS reached_90d, {shown_count("c.open")} AS open,
               {shown_count("c.overdue")} AS overdue
        FROM districts d JOIN flows f USING (district_id) LEFT JOIN complaints c USING (district_id)
        WHERE d.state_code = :state
        ORDER BY f.migrants DESC NULLS LAST, d.name_en
        """
    )
    return read_frame(connection, sql, {"state": state_code, "min_cell": settings.min_cell_count})


def department_list(connection: Connection, department: str, state_code: str) -> pd.DataFrame:
    """The complaints a department must act on, for its daily printed list: every open complaint routed to it
    from workers of the state, emergencies and the most overdue first. Columns: ``complaint_id, lodged_at,
    category, is_emergency, status, name, phone, home_block_en, home_block_hi, home_district_en, home_district_hi,
    workplace_en, workplace_hi, due_at, missed`` (``missed``: the deadline already missed, else NULL)."""
    sql = text(
        f"""
        SELECT c.complaint_id, c.lodged_at, c.category, c.is_emergency, c.status, w.name, w.phone,
               b.name_en AS home_block_en, b.name_hi AS home_block_hi,
               hd.name_en AS home_district_en, hd.name_hi AS home_district_hi,
               cd.name_en AS workplace_en, cd.name_hi AS workplace_hi,
               {MISSED_DUE} AS due_at, CASE WHEN {OVERDUE} THEN {MISSED} END AS missed
        FROM complaints c JOIN workers w ON w.worker_id = c.worker_id
        LEFT JOIN subdistricts b ON b.subdistrict_code = c.home_block_code
        LEFT JOIN districts hd ON hd.district_id = c.home_district_id
        LEFT JOIN districts cd ON cd.district_id = c.district_id
        WHERE c.department = :department AND c.home_state_code = :state AND c.status IN {OPEN}
        ORDER BY c.is_emergency DESC, due_at, c.complaint_id
        """
    )
    return read_frame(connection, sql, {"department": department, "state": state_code})


def district_names(connection: Connection, district_id: int) -> tuple[str, str, str | None] | None:
    """``state_code, name_en, name_hi`` of a district; None when there is no such district."""
    sql = text("SELECT state_code, name_en, name_hi FROM districts WHERE district_id = :d")
    row = connection.execute(sql, {"d": district_id}).one_or_none()
    return None if row is None else (str(row.state_code), str(row.name_en), row.name_hi)
