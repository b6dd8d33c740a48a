"""Queries behind the Overview: KPIs, flows, choropleth, Sankey and destinations.

Everything reads the flow rollups, never the workers table: ``worker_flow_district_rollup``
(home district x destination x skill x gender x source) for statewide questions, and
``worker_flow_rollup`` (adding home block and month) when a block or a date range is chosen. Counts below
``settings.min_cell_count`` are suppressed.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import access, read_frame, shown_count
from atlas.queries.where import Columns, complaint_where, where
from atlas.settings import SRID, settings

FINE = "worker_flow_rollup_scoped"
# The trends rollup has the home area and the month only; the other filters do not narrow it.
TRENDS = Columns(home_block=None, skill=None, dest_state=None, dest_district=None, gender=None, day=None, source=None)
DISTRICT = "worker_flow_district_rollup_scoped"
MONTHLY = "worker_flow_month_rollup_scoped"


def rollup_for(filters: Filters) -> str:
    """The smallest rollup with a column for every filter set: by district (no dates), by district and month
    (dates, but no block, gender or source), else the fine one."""
    if filters.home_block_code or ((filters.date_from or filters.date_to) and (filters.gender or filters.source)):
        return FINE
    if filters.date_from or filters.date_to:
        return MONTHLY
    return DISTRICT


KPI_COLUMNS = ["workers", "home_fine", "migrants", "located", "reached_90d", "open_complaints", "overdue_complaints"]


def reference_coverage(connection: Connection) -> pd.DataFrame:
    """One row per state: ``state_code, name_en, name_hi, districts, blocks, villages``."""
    sql = text(
        "SELECT s.state_code, s.name_en, s.name_hi, "
        "(SELECT count(*) FROM districts d WHERE d.state_code = s.state_code) AS districts, "
        "(SELECT count(*) FROM subdistricts b WHERE b.state_code = s.state_code) AS blocks, "
        "(SELECT count(*) FROM villages v WHERE v.state_code = s.state_code) AS villages "
        "FROM states s ORDER BY s.name_en"
    )
    return read_frame(connection, sql)


def kpis(connection: Connection, filters: Filters) -> dict[str, int | None]:
    """Headline counts for the filters: workers, geocoded homes, migrants, located, reached, complaints.

    Complaints are personal records: for a session that may read no one's records (a planner) their counts
    are None, "not yours to see", rather than the 0 that row-level security would make of them.
    """
    clause, params = where(filters)
    join, complaint_clause, complaint_params = complaint_where(filters)
    sql = text(
        "SELECT coalesce(sum(workers), 0) AS workers, coalesce(sum(home_fine), 0) AS home_fine, "
        "coalesce(sum(migrants), 0) AS migrants, coalesce(sum(located), 0) AS located, "
        f"coalesce(sum(reached_90d), 0) AS reached_90d FROM {rollup_for(filters)} WHERE {clause}"
    )
    row = dict(connection.execute(sql, params).mappings().one())
    complaints = text(
        "SELECT count(*) AS open_complaints, "
        "count(*) FILTER (WHERE c.resolve_due_at < now() OR (c.routed_at IS NULL AND c.route_due_at < now()) "
        "OR (c.is_emergency AND c.first_action_at IS NULL AND c.first_action_due_at < now())) AS overdue_complaints "
        f"FROM complaints c {join} WHERE c.status IN ('new', 'routed', 'in_progress') "
        f"AND {complaint_clause}"
    )
    row.update(connection.execute(complaints, complaint_params).mappings().one())
    if not access.reads_records(connection):
        row.update(open_complaints=None, overdue_complaints=None)
    return {k: None if row[k] is None else int(row[k]) for k in KPI_COLUMNS}


def flows_between_districts(
    connection: Connection, filters: Filters, *, top_n: int = 200, to_state: bool = False
) -> pd.DataFrame:
    """Top flows from home district to destination district (or state), with counts by skill.

    Columns: ``from_id, from_en, from_hi, from_lon, from_lat, to_key, to_en, to_hi, to_lon, to_lat,
    workers, skills`` (``skills`` is a dict skill_group -> count). Flows under the small-cell
    threshold are left out; a flow inside the home district is not a migration and is left out too.
    """
    clause, params = where(filters)
    dest_key = "r.current_state_code" if to_state else "r.current_district_id::text"
    dest_join = (
        "JOIN states ds ON ds.state_code = t.to_key"
        if to_state
        else "JOIN districts ds ON ds.district_id = t.to_key::int"
    )
    sql = text(
        f"""
        WITH by_skill AS (
            SELECT r.home_district_id AS from_id, {dest_key} AS to_key, r.skill_group, sum(r.workers) AS workers
            FROM {rollup_for(filters)} r
            WHERE {clause} AND r.home_district_id IS NOT NULL AND {dest_key} IS NOT NULL
              AND (r.current_district_id IS NULL OR r.current_district_id <> r.home_district_id)
            GROUP BY 1, 2, 3
        ), flows AS (
            SELECT from_id, to_key, sum(workers) AS workers, jsonb_object_agg(skill_group, workers) AS skills
            FROM by_skill GROUP BY 1, 2 HAVING sum(workers) >= :min_cell
            ORDER BY 3 DESC, 1, 2 LIMIT :top_n  -- a total order: equal flows at the cut are the same every time
        )
        SELECT t.from_id, hd.name_en AS from_en, hd.name_hi AS from_hi,
               ST_X(hd.point) AS from_lon, ST_Y(hd.point) AS from_lat,
               t.to_key, ds.name_en AS to_en, ds.name_hi AS to_hi,
               ST_X(ds.point) AS to_lon, ST_Y(ds.point) AS to_lat, t.workers::int AS workers, t.skills
        FROM flows t JOIN districts hd ON hd.district_id = t.from_id {dest_join}
        ORDER BY t.workers DESC, t.from_id, t.to_key
        """
    )
    params.update(top_n=top_n, min_cell=settings.min_cell_count)
    return read_frame(connection, sql, params)


def months_with_data(connection: Connection, filters: Filters) -> list[date]:
    """The months (first days) in which the home state's workers were seen at a workplace, oldest first: the
    months the month control offers. Read from the small monthly rollup (a pass over the flow rollup for its
    distinct months took 77 ms at 2 lakh workers and grows with the data)."""
    sql = text(
        "SELECT DISTINCT month FROM monthly_trends_rollup_scoped WHERE home_state_code = :state AND observed > 0 "
        "ORDER BY 1"
    )
    return list(connection.execute(sql, {"state": filters.home_state_code}).scalars())


TREND_SERIES = ("added", "observed", "outside", "reached", "opened", "resolved")


def monthly_trends(connection: Connection, filters: Filters) -> pd.DataFrame:
    """``month`` and, per month (IST), ``added`` (workers added), ``observed`` (workplaces observed), ``outside``
    (of them outside the home state), ``reached`` (calls that reached the worker), ``opened`` and ``resolved``
    (complaints), for the home state and district chosen. A month's count under the small-cell threshold is NULL."""
    clause, params = where(filters, TRENDS)
    series = ", ".join(shown_count(f"sum({name})") + f" AS {name}" for name in TREND_SERIES)
    sql = text(f"SELECT month, {series} FROM monthly_trends_rollup_scoped WHERE {clause} GROUP BY 1 ORDER BY 1")
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count})


def flow_places(connection: Connection, filters: Filters, *, to_state: bool = False) -> pd.DataFrame:
    """Every home district and destination (district or state) with its workers going out and coming in, over
    all flows (not only the ones drawn): ``role`` ('origin' or 'destination'), ``key, state_code, name_en, name_hi,
    lon, lat, workers, flows``. Flows under the small-cell threshold are left out, as on the map."""
    clause, params = where(filters)
    dest_key = "r.current_state_code" if to_state else "r.current_district_id::text"
    places = (
        "SELECT state_code AS key, state_code, name_en, name_hi, point FROM states"
        if to_state
        else "SELECT district_id::text AS key, state_code, name_en, name_hi, point FROM districts"
    )
    sql = text(
        f"""
        WITH flows AS (
            SELECT r.home_district_id::text AS from_key, {dest_key} AS to_key, sum(r.workers) AS workers
            FROM {rollup_for(filters)} r
            WHERE {clause} AND r.home_district_id IS NOT NULL AND {dest_key} IS NOT NULL
              AND (r.current_district_id IS NULL OR r.current_district_id <> r.home_district_id)
            GROUP BY 1, 2 HAVING sum(r.workers) >= :min_cell
        )
        SELECT 'origin' AS role, d.district_id::text AS key, d.state_code, d.name_en, d.name_hi,
               ST_X(d.point) AS lon, ST_Y(d.point) AS lat, sum(f.workers)::int AS workers, count(*)::int AS flows
        FROM flows f JOIN districts d ON d.district_id::text = f.from_key
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        UNION ALL
        SELECT 'destination', p.key, p.state_code, p.name_en, p.name_hi, ST_X(p.point), ST_Y(p.point),
               sum(f.workers)::int, count(*)::int
        FROM flows f JOIN ({places}) p ON p.key = f.to_key
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        ORDER BY workers DESC
        """
    )
    params["min_cell"] = settings.min_cell_count
    return read_frame(connection, sql, params)


def migrants_by_home_area(connection: Connection, filters: Filters) -> gpd.GeoDataFrame:
    """Workers and inter-state migrants per home district, or per block when a district is chosen.

    Columns: ``area_id, name_en, name_hi, workers, migrants, approximate, geometry`` (simplified
    polygons). Suppressed counts are NULL. A district without a polygon of its own (Delhi's 11, Mumbai
    Suburban) is counted in the polygon it is drawn in (``districts.map_district_id``).
    """
    by_block = filters.home_district_id is not None
    clause, params = where(filters.with_(home_block_code=None) if by_block else filters)
    if by_block:
        area_sql = (
            "SELECT b.subdistrict_code AS area_id, b.name_en, b.name_hi, b.geom_is_approximate AS approximate, "
            "b.geom_display AS geometry FROM subdistricts b "
            "WHERE b.district_id = :f_home_district AND b.geom IS NOT NULL"
        )
        counts_sql = (
            f"SELECT home_block_code AS area_id, sum(workers) AS workers, sum(migrants) AS migrants FROM {FINE}"
        )
        counts_sql += f" WHERE {clause} GROUP BY 1"
    else:
        area_sql = (
            "SELECT d.district_id::text AS area_id, d.name_en, d.name_hi, false AS approximate, "
            "d.geom_display AS geometry FROM districts d "
            "WHERE d.state_code = coalesce(:area_state, d.state_code) AND d.geom IS NOT NULL"
        )
        counts_sql = (
            "SELECT coalesce(d.map_district_id, r.home_district_id)::text AS area_id, sum(r.workers) AS workers, "
            f"sum(r.migrants) AS migrants FROM {rollup_for(filters)} r "
            f"LEFT JOIN districts d ON d.district_id = r.home_district_id WHERE {clause} GROUP BY 1"
        )
        params["area_state"] = filters.home_state_code or "10"
    sql = text(
        f"""
        WITH counts AS ({counts_sql})
        SELECT a.area_id, a.name_en, a.name_hi, a.approximate,
               CASE WHEN c.workers >= :min_cell THEN c.workers END::int AS workers,
               CASE WHEN c.migrants >= :min_cell THEN c.migrants END::int AS migrants, a.geometry
        FROM ({area_sql}) a LEFT JOIN counts c USING (area_id)
        """
    )
    params["min_cell"] = settings.min_cell_count
    frame = gpd.read_postgis(sql, connection, params=params, geom_col="geometry")
    return frame.set_crs(SRID, allow_override=True)


SANKEY_COLUMNS = ["home_en", "home_hi", "dest_en", "dest_hi", "workers", "homes_folded", "dests_folded"]


def home_district_to_destination_state(
    connection: Connection, filters: Filters, *, top_homes: int = 12, top_dests: int = 10
) -> pd.DataFrame:
    """For the Sankey: every migrant counted, the ``top_homes`` home districts and ``top_dests`` destination
    states with most migrants by name and the rest grouped as "other" (NULL names).

    Columns: ``SANKEY_COLUMNS``; ``homes_folded`` and ``dests_folded`` (the same on every row) say how many
    districts and states the "other" nodes hold. Pairs under the small-cell threshold are left out.
    """
    clause, params = where(filters)
    # Aggregate on the codes first and name only the few nodes kept: sorting every rollup row by
    # name cost ~100 ms at 16 lakh workers.
    sql = text(
        f"""
        WITH pairs AS (
            SELECT r.home_district_id AS home, r.current_state_code AS dest, sum(r.workers) AS workers
            FROM {rollup_for(filters)} r
            WHERE {clause} AND r.current_state_code <> r.home_state_code
            GROUP BY 1, 2
        ), homes AS (
            SELECT home, row_number() OVER (ORDER BY sum(workers) DESC, home) AS place FROM pairs GROUP BY home
        ), dests AS (
            SELECT dest, row_number() OVER (ORDER BY sum(workers) DESC, dest) AS place FROM pairs GROUP BY dest
        ), folded AS (
            SELECT CASE WHEN h.place <= :top_homes THEN p.home END AS home,
                   CASE WHEN d.place <= :top_dests THEN p.dest END AS dest, sum(p.workers)::int AS workers
            FROM pairs p JOIN homes h USING (home) JOIN dests d USING (dest)
            GROUP BY 1, 2 HAVING sum(p.workers) >= :min_cell
        )
        SELECT hd.name_en AS home_en, hd.name_hi AS home_hi, s.name_en AS dest_en, s.name_hi AS dest_hi, f.workers,
               (SELECT count(*) FROM homes WHERE place > :top_homes)::int AS homes_folded,
               (SELECT count(*) FROM dests WHERE place > :top_dests)::int AS dests_folded
        FROM folded f LEFT JOIN districts hd ON hd.district_id = f.home
        LEFT JOIN states s ON s.state_code = f.dest
        ORDER BY f.workers DESC
        """
    )
    params.update(top_homes=top_homes, top_dests=top_dests, min_cell=settings.min_cell_count)
    return read_frame(connection, sql, params)


def top_destinations(connection: Connection, filters: Filters, *, top_n: int = 15) -> pd.DataFrame:
    """``name_en, name_hi, state_en, state_hi, workers`` of the destination districts with most workers."""
    clause, params = where(filters)
    sql = text(
        f"""
        WITH places AS (
            SELECT r.current_district_id, sum(r.workers)::int AS workers
            FROM {rollup_for(filters)} r
            WHERE {clause} AND r.current_state_code <> r.home_state_code AND r.current_district_id IS NOT NULL
            GROUP BY 1 HAVING sum(r.workers) >= :min_cell
            ORDER BY 2 DESC LIMIT :top_n
        )
        SELECT d.name_en, d.name_hi, s.name_en AS state_en, s.name_hi AS state_hi, p.workers
        FROM places p JOIN districts d ON d.district_id = p.current_district_id
        JOIN states s ON s.state_code = d.state_code
        ORDER BY p.workers DESC
        """
    )
    params.update(top_n=top_n, min_cell=settings.min_cell_count)
    return read_frame(connection, sql, params)


def boundaries(connection: Connection, *, level: str = "state") -> gpd.GeoDataFrame:
    """Simplified state or district outlines for the base map: ``code, name_en, name_hi, geometry``."""
    if level == "state":
        sql = "SELECT state_code AS code, name_en, name_hi, geom_display AS geometry FROM states"
    else:
        sql = (
            "SELECT district_id::text AS code, name_en, name_hi, "
            "geom_display AS geometry FROM districts WHERE geom IS NOT NULL"
        )
    frame = gpd.read_postgis(text(sql), connection, geom_col="geometry")
    return frame.set_crs(SRID, allow_override=True)
