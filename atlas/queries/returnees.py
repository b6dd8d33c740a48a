"""The 2020 returnees (the survey's workers) now: working outside the home state again, since when, where, and how
many the call centre has never reached. From the rollups (source 'survey'); counts under the small-cell threshold
are NULL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame, shown_count
from atlas.queries.overview import FINE
from atlas.queries.where import where
from atlas.settings import settings

SURVEY = "survey"


def returnee_filters(filters: Filters) -> Filters:
    """The user's filters narrowed to the 2020 returnees."""
    return filters.with_(source=SURVEY)


def outside_by_month(connection: Connection, filters: Filters) -> pd.DataFrame:
    """``month, outside``: returnees working outside their home state, by the month they were last seen there."""
    clause, params = where(returnee_filters(filters))
    sql = text(
        f"""
        SELECT month, sum(migrants)::int AS outside FROM {FINE}
        WHERE {clause} AND migrants > 0 GROUP BY 1 HAVING sum(migrants) >= :min_cell ORDER BY 1
        """
    )
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count})


def by_area(connection: Connection, filters: Filters) -> pd.DataFrame:
    """Per home district (per block once a district is chosen): ``area_id, name_en, name_hi, returnees, outside,
    never_reached``, most returnees first."""
    by_block = filters.home_district_id is not None
    area = "home_block_code" if by_block else "home_district_id::text"
    names = (
        "SELECT subdistrict_code AS area_id, name_en, name_hi FROM subdistricts"
        if by_block
        else "SELECT district_id::text AS area_id, name_en, name_hi FROM districts"
    )
    flow_clause, params = where(returnee_filters(filters).with_(home_block_code=None))
    reach = filters.with_(home_block_code=None)
    reach_clause = " AND ".join(
        c for c in (
            "home_state_code = :f_home_state" if reach.home_state_code else "",
            "home_district_id = :f_home_district" if reach.home_district_id else "",
        ) if c
    ) or "TRUE"  # fmt: skip
    sql = text(
        f"""
        WITH flows AS (
            SELECT {area} AS area_id, sum(workers) AS returnees, sum(migrants) AS outside
            FROM {FINE} WHERE {flow_clause} GROUP BY 1
        ), reach AS (
            SELECT {area} AS area_id, sum(never_reached) AS never_reached
            FROM returnee_reach_rollup_scoped WHERE {reach_clause} GROUP BY 1
        )
        SELECT f.area_id, n.name_en, n.name_hi,
               {shown_count("f.returnees")} AS returnees, {shown_count("f.outside")} AS outside,
               {shown_count("r.never_reached")} AS never_reached
        FROM flows f JOIN ({names}) n USING (area_id) LEFT JOIN reach r USING (area_id)
        ORDER BY f.returnees DESC
        """
    )
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count})
