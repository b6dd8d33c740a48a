"""Skill density on a hexagon grid, by home area or by destination, from ``skill_hex_rollup``."""

from __future__ import annotations

import geopandas as gpd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries.where import where
from atlas.settings import SRID, settings
from geo.crs import METRIC_SRID, WGS84_SRID

BASES = ("home", "destination")
CELL_SIZES_M = (10_000, 25_000)
#: The filters the skill-density rollup can answer; the page says the others do not apply.
SKILL_FILTERS = ("home_state_code", "home_district_id", "skill_groups")


def skill_density(
    connection: Connection, filters: Filters, *, basis: str = "home", size_m: int = 25_000
) -> gpd.GeoDataFrame:
    """Workers per hexagon (edge ``size_m`` metres in EPSG:7755) for the filtered skills.

    Columns: ``cell, workers, geometry`` (EPSG:4326). Cells under the small-cell threshold are
    left out entirely, so the map and every export hold the same suppressed aggregates.
    The rollup keeps skill group and home state and district only (see SKILL_FILTERS).
    """
    if basis not in BASES or size_m not in CELL_SIZES_M:
        raise ValueError(f"basis must be one of {BASES} and size one of {CELL_SIZES_M}")
    clause, params = where(
        Filters(
            home_state_code=filters.home_state_code,
            home_district_id=filters.home_district_id,
            skill_groups=filters.skill_groups,
        )
    )
    sql = text(
        f"""
        SELECT i || ':' || j AS cell, workers::int,
               ST_Transform(ST_Hexagon(:size, i, j, ST_SetSRID(ST_MakePoint(0, 0), {METRIC_SRID})), {WGS84_SRID})
                   AS geometry
        FROM (
            SELECT i, j, sum(workers) AS workers FROM skill_hex_rollup_scoped
            WHERE basis = :basis AND size = :size AND {clause}
            GROUP BY i, j HAVING sum(workers) >= :min_cell
        ) cells
        ORDER BY workers DESC
        LIMIT :max_rows
        """
    )
    params.update(basis=basis, size=size_m, min_cell=settings.min_cell_count, max_rows=settings.max_rows)
    frame = gpd.read_postgis(sql, connection, params=params, geom_col="geometry")
    return frame.set_crs(SRID, allow_override=True)
