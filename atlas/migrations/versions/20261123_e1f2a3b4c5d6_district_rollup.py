"""A district-level flow rollup, and rollups that find each worker's main skill in one pass.

Revision ID: e1f2a3b4c5d6
Revises: d4e5f6a7b8c9
Create Date: 2026-11-23

The block-by-month rollup has nearly one row per worker at demo scale (every worker differs
in block, destination, skill, gender, source or month), so statewide pages scanned it whole.
``worker_flow_district_rollup`` drops the block and the month: statewide questions read it,
and only a block or a date range falls back to the finer rollup (through its index).
The main skill was looked up per worker with a lateral subquery; one DISTINCT ON pass over
worker_skills is several times faster at 16 lakh workers.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "e1f2a3b4c5d6"
down_revision: str | None = "d4e5f6a7b8c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
MAIN_SKILL = """
LEFT JOIN (
    SELECT DISTINCT ON (s.worker_id) s.worker_id, o.skill_group
    FROM worker_skills s JOIN occupations o USING (nco_code)
    ORDER BY s.worker_id, s.nco_code
) ps ON ps.worker_id = w.worker_id
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
{MAIN_SKILL}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""

DISTRICT_ROLLUP = """
CREATE MATERIALIZED VIEW worker_flow_district_rollup AS
SELECT home_state_code, home_district_id, current_state_code, current_district_id, skill_group, gender, source,
       sum(workers)::int AS workers, sum(migrants)::int AS migrants, sum(located)::int AS located,
       sum(reached_90d)::int AS reached_90d, sum(home_fine)::int AS home_fine
FROM worker_flow_rollup
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""

SKILL_HEX_ROLLUP = f"""
CREATE MATERIALIZED VIEW skill_hex_rollup AS
WITH people AS (
    SELECT w.worker_id, w.home_point, w.current_location_id, w.home_state_code, w.home_district_id,
           w.home_block_code, w.current_state_code, coalesce(ps.skill_group, 'unknown') AS skill_group,
           coalesce(w.gender, 'U') AS gender, w.source
    FROM workers w
    {MAIN_SKILL}
), points AS (
    SELECT 'home'::text AS basis, p.home_point AS point, p.home_state_code, p.home_district_id, p.home_block_code,
           p.current_state_code, p.skill_group, p.gender, p.source, count(*)::int AS workers
    FROM people p WHERE p.home_point IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    UNION ALL
    SELECT 'destination', l.point, p.home_state_code, p.home_district_id, p.home_block_code, p.current_state_code,
           p.skill_group, p.gender, p.source, count(*)::int
    FROM people p JOIN worker_locations l ON l.worker_id = p.worker_id AND l.location_id = p.current_location_id
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


def _indexes() -> None:
    op.execute(
        "CREATE UNIQUE INDEX uq_worker_flow_rollup ON worker_flow_rollup (home_state_code, home_district_id, "
        "home_block_code, current_state_code, current_district_id, skill_group, gender, source, month) "
        "NULLS NOT DISTINCT"
    )
    op.execute("CREATE INDEX ix_worker_flow_rollup_home ON worker_flow_rollup (home_district_id, home_block_code)")
    op.execute(
        "CREATE UNIQUE INDEX uq_worker_flow_district_rollup ON worker_flow_district_rollup (home_state_code, "
        "home_district_id, current_state_code, current_district_id, skill_group, gender, source) NULLS NOT DISTINCT"
    )
    op.execute("CREATE INDEX ix_worker_flow_district_rollup_home ON worker_flow_district_rollup (home_district_id)")
    op.execute(
        "CREATE UNIQUE INDEX uq_skill_hex_rollup ON skill_hex_rollup (basis, size, i, j, home_state_code, "
        "home_district_id, home_block_code, current_state_code, skill_group, gender, source) NULLS NOT DISTINCT"
    )


def _views() -> None:
    for name in ("worker_flow_rollup", "worker_flow_district_rollup", "skill_hex_rollup"):
        op.execute(f"CREATE VIEW {name}_scoped WITH (security_barrier) AS SELECT * FROM {name} WHERE {AGGREGATE_CHECK}")
        op.execute(f"GRANT SELECT ON {name}_scoped TO {APP_ROLE}")


def upgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW worker_flow_rollup CASCADE")
    op.execute("DROP MATERIALIZED VIEW skill_hex_rollup CASCADE")
    op.execute(FLOW_ROLLUP)
    op.execute(DISTRICT_ROLLUP)
    op.execute(SKILL_HEX_ROLLUP)
    _indexes()
    _views()


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW worker_flow_district_rollup CASCADE")
    # The two older rollups keep their faster definitions: same columns, same contents.
