"""Rollups for the dashboard (worker flows, skill density on a hexagon grid); gig platform on workers.

Revision ID: b7d1e2f3a4c5
Revises: 15bb4035930d
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "b7d1e2f3a4c5"
down_revision: str | None = "15bb4035930d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRIMARY_SKILL = """
LEFT JOIN LATERAL (
    SELECT o.skill_group FROM worker_skills s JOIN occupations o USING (nco_code)
    WHERE s.worker_id = w.worker_id ORDER BY s.nco_code LIMIT 1
) ps ON true
"""

FLOW_ROLLUP = f"""
CREATE MATERIALIZED VIEW worker_flow_rollup AS
SELECT w.home_state_code, w.home_district_id, w.home_block_code,
       w.current_state_code, w.current_district_id,
       coalesce(ps.skill_group, 'unknown') AS skill_group,
       coalesce(w.gender, 'U') AS gender,
       w.source,
       date_trunc('month', coalesce(w.current_observed_at, w.created_at))::date AS month,
       count(*)::int AS workers,
       count(*) FILTER (WHERE w.is_interstate_migrant)::int AS migrants,
       count(*) FILTER (WHERE w.current_state_code IS NOT NULL)::int AS located,
       count(*) FILTER (WHERE w.last_reached_at >= now() - interval '90 days')::int AS reached_90d,
       count(*) FILTER (WHERE w.home_precision IN ('village', 'post_office', 'block'))::int AS home_fine
FROM workers w
{PRIMARY_SKILL}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""

# Hexagon cells are computed once per distinct point (most workers share a village, post
# office or block point), not once per worker, so the refresh stays cheap.
SKILL_HEX_ROLLUP = f"""
CREATE MATERIALIZED VIEW skill_hex_rollup AS
WITH points AS (
    SELECT 'home'::text AS basis, w.home_point AS point, w.home_state_code, w.home_district_id,
           w.home_block_code, w.current_state_code, coalesce(ps.skill_group, 'unknown') AS skill_group,
           coalesce(w.gender, 'U') AS gender, w.source, count(*)::int AS workers
    FROM workers w {PRIMARY_SKILL}
    WHERE w.home_point IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    UNION ALL
    SELECT 'destination', l.point, w.home_state_code, w.home_district_id, w.home_block_code,
           w.current_state_code, coalesce(ps.skill_group, 'unknown'), coalesce(w.gender, 'U'), w.source,
           count(*)::int
    FROM workers w
    JOIN worker_locations l ON l.worker_id = w.worker_id AND l.location_id = w.current_location_id
    {PRIMARY_SKILL}
    WHERE l.point IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
), projected AS (
    SELECT point, ST_X(m) AS x, ST_Y(m) AS y
    FROM (SELECT DISTINCT point, ST_Transform(point, 7755) AS m FROM points) d
), cells AS (
    -- The cell of ST_HexagonGrid(size) holding each point: the nearest of the three candidate
    -- column centres (flat-topped hexagons, odd columns shifted up by half a row).
    SELECT p.point, s.size, best.i, best.j
    FROM projected p
    CROSS JOIN (VALUES (10000), (25000)) AS s(size)
    CROSS JOIN LATERAL (
        SELECT c.i, c.j FROM (
            SELECT i, round(p.y / (sqrt(3) * s.size) - CASE WHEN mod(i, 2) <> 0 THEN 0.5 ELSE 0 END)::int AS j
            FROM (SELECT round(p.x / (1.5 * s.size))::int + k AS i FROM generate_series(-1, 1) k) ks
        ) c
        ORDER BY (p.x - 1.5 * s.size * c.i) ^ 2
               + (p.y - sqrt(3) * s.size * (c.j + CASE WHEN mod(c.i, 2) <> 0 THEN 0.5 ELSE 0 END)) ^ 2
        LIMIT 1
    ) best
)
SELECT p.basis, c.size, c.i, c.j, p.home_state_code, p.home_district_id, p.home_block_code,
       p.current_state_code, p.skill_group, p.gender, p.source, sum(p.workers)::int AS workers
FROM points p JOIN cells c USING (point)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
"""


PLATFORMS = "('food_delivery', 'ecommerce', 'ride_hailing', 'home_services', 'other')"


def upgrade() -> None:
    # A gig worker's platform belongs to the worker, not only to a camp registration.
    op.execute(f"ALTER TABLE workers ADD COLUMN gig_platform_type text CONSTRAINT ck_workers_gig_platform_type "
               f"CHECK (gig_platform_type IS NULL OR gig_platform_type IN {PLATFORMS})")
    op.execute(FLOW_ROLLUP)
    # The unique index lets REFRESH ... CONCURRENTLY keep the dashboard readable during a refresh.
    op.execute(
        "CREATE UNIQUE INDEX uq_worker_flow_rollup ON worker_flow_rollup (home_state_code, home_district_id, "
        "home_block_code, current_state_code, current_district_id, skill_group, gender, source, month) "
        "NULLS NOT DISTINCT"
    )
    op.execute("CREATE INDEX ix_worker_flow_rollup_home ON worker_flow_rollup (home_district_id, home_block_code)")
    op.execute(SKILL_HEX_ROLLUP)
    op.execute(
        "CREATE UNIQUE INDEX uq_skill_hex_rollup ON skill_hex_rollup (basis, size, i, j, home_state_code, "
        "home_district_id, home_block_code, current_state_code, skill_group, gender, source) NULLS NOT DISTINCT"
    )


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW IF EXISTS skill_hex_rollup")
    op.execute("DROP MATERIALIZED VIEW IF EXISTS worker_flow_rollup")
    op.execute("ALTER TABLE workers DROP COLUMN gig_platform_type")
