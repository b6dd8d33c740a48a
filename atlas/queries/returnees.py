"""The 2020 returnees (the survey's workers) now: working outside the home state again, since when, where, and how
many the call centre has never reached. From the rollups (source 'survey'); counts under the small-cell threshold
are NULL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame, shown_count
from atlas.queries.where import Columns, where
from atlas.settings import settings

SURVEY = "survey"


def returnee_filters(filters: Filters) -> Filters:
    """The user's filters narrowed to the 2020 returnees."""
    return filters.with_(source=SURVEY)


# The returnee rollup has the home area and the month last seen; the other filters do not narrow it.
RETURNEES = Columns(skill=None, dest_state=None, dest_district=None, gender=None, source=None)


def outside_by_month(connection: Connection, filters: Filters) -> pd.DataFrame:
    """``month, outside``: returnees working outside their home state, by the month they were last seen there."""
    clause, params = where(filters, RETURNEES)
    sql = text(
        f"""
        SELECT month, sum(outside)::int AS outside FROM returnee_rollup_scoped
        WHERE {clause} AND outside > 0 GROUP BY 1 HAVING sum(outside) >= :min_cell ORDER BY 1
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
    clause, params = where(filters.with_(home_block_code=None), RETURNEES)
    sql = text(
        f"""
        WITH counts AS (
            SELECT {area} AS area_id, sum(returnees) AS returnees, sum(outside) AS outside,
                   sum(never_reached) AS never_reached
            FROM returnee_rollup_scoped WHERE {clause} GROUP BY 1
        )
        SELECT c.area_id, n.name_en, n.name_hi, {shown_count("c.returnees")} AS returnees,
               {shown_count("c.outside")} AS outside, {shown_count("c.never_reached")} AS never_reached
        FROM counts c JOIN ({names}) n USING (area_id)
        ORDER BY c.returnees DESC
        """
    )
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count})
