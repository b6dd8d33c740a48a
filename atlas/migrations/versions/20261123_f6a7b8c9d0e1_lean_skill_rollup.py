"""A leaner skill-density rollup, and an index that serves the call list in its own order.

Revision ID: f6a7b8c9d0e1
Revises: e1f2a3b4c5d6
Create Date: 2026-11-23

At 16 lakh workers the hexagon rollup had 8.4 lakh rows (cell x block x destination state x
skill x gender x source), so one heatmap summed ~2 lakh rows (~200 ms). The Skills page asks
for skills by home district, so the rollup now keeps only cell, home state, home district and
skill group. The call list reads never-reached workers first: an index on
``(home_district_id, last_reached_at NULLS FIRST)`` returns them in that order.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f6a7b8c9d0e1"
down_revision: str | None = "e1f2a3b4c5d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)

SKILL_HEX_ROLLUP = """
CREATE MATERIALIZED VIEW skill_hex_rollup AS
WITH people AS (
    SELECT w.worker_id, w.home_point, w.current_location_id, w.home_state_code, w.home_district_id,
           coalesce(ps.skill_group, 'unknown') AS skill_group
    FROM workers w
    LEFT JOIN (
        SELECT DISTINCT ON (s.worker_id) s.worker_id, o.skill_group
        FROM worker_skills s JOIN occupations o USING (nco_code)
        ORDER BY s.worker_id, s.nco_code
    ) ps ON ps.worker_id = w.worker_id
), points AS (
    SELECT 'home'::text AS basis, p.home_point AS point, p.home_state_code, p.home_district_id, p.skill_group,
           count(*)::int AS workers
    FROM people p WHERE p.home_point IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT 'destination', l.point, p.home_state_code, p.home_district_id, p.skill_group, count(*)::int
    FROM people p JOIN worker_locations l ON l.worker_id = p.worker_id AND l.location_id = p.current_location_id
    WHERE l.point IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
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
SELECT p.basis, c.size, c.i, c.j, p.home_state_code, p.home_district_id, p.skill_group, sum(p.workers)::int AS workers
FROM points p JOIN cells c USING (point)
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


def upgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW skill_hex_rollup CASCADE")
    op.execute(SKILL_HEX_ROLLUP)
    op.execute("CREATE UNIQUE INDEX uq_skill_hex_rollup ON skill_hex_rollup (basis, size, i, j, home_state_code, "
               "home_district_id, skill_group) NULLS NOT DISTINCT")
    op.execute("CREATE INDEX ix_skill_hex_rollup_basis ON skill_hex_rollup (basis, size, home_state_code)")
    op.execute(f"CREATE VIEW skill_hex_rollup_scoped WITH (security_barrier) AS "
               f"SELECT * FROM skill_hex_rollup WHERE {AGGREGATE_CHECK}")
    op.execute(f"GRANT SELECT ON skill_hex_rollup_scoped TO {APP_ROLE}")
    op.execute("DROP INDEX ix_workers_district_reached")
    op.execute("CREATE INDEX ix_workers_district_reached ON workers (home_district_id, last_reached_at NULLS FIRST)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_workers_district_reached")
    op.execute("CREATE INDEX ix_workers_district_reached ON workers (home_district_id, last_reached_at)")
    # The finer skill rollup of the previous revision is rebuilt by upgrading again; keep this one.
