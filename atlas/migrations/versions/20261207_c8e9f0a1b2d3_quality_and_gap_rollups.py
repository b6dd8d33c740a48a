"""Rollups for the data-quality score and the e-Shram gap, refreshed with the others after each load.

Revision ID: c8e9f0a1b2d3
Revises: b7d8e9f0a1c2
Create Date: 2026-12-07

Computed from the workers table on every page view, the district scores took 0.85 s and the gap by block
0.24 s at 2 lakh workers (``python -m bench.pages``), far over the 100 ms a page query may take and growing
with the data. As materialised views they are counts per home district (quality) and per home block and source
(gap), read through scoped views like the other rollups: aggregates, so a planner may see them too.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c8e9f0a1b2d3"
down_revision: str | None = "b7d8e9f0a1c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
QUALITY = """
CREATE MATERIALIZED VIEW district_quality_rollup AS
WITH twins AS (
    SELECT home_district_id, sum(people)::bigint AS people FROM (
        SELECT home_district_id, count(*) AS people FROM workers
        WHERE father_name IS NOT NULL AND home_village_code IS NOT NULL AND erased_at IS NULL
        GROUP BY home_district_id, name_norm, lower(father_name), home_village_code
        HAVING count(DISTINCT phone) > 1
    ) AS groups GROUP BY 1
)
SELECT w.home_state_code, w.home_district_id, count(*)::int AS workers,
       count(*) FILTER (WHERE w.home_precision IN ('village', 'post_office', 'town', 'block'))::int AS home_fine,
       count(*) FILTER (WHERE w.phone ~ '^[6-9][0-9]{9}$')::int AS valid_phone,
       count(*) FILTER (WHERE w.last_reached_at >= now() - interval '90 days')::int AS reached,
       count(*) FILTER (WHERE w.current_observed_at IS NOT NULL)::int AS located,
       count(*) FILTER (WHERE w.current_observed_at >= now() - interval '180 days')::int AS fresh,
       coalesce(max(t.people), 0)::int AS duplicate_people
FROM workers w LEFT JOIN twins t USING (home_district_id)
WHERE w.home_district_id IS NOT NULL AND w.home_state_code IS NOT NULL
GROUP BY w.home_state_code, w.home_district_id
"""
GAP = """
CREATE MATERIALIZED VIEW eshram_gap_rollup AS
SELECT home_state_code, home_district_id, home_block_code, source, count(*)::int AS workers,
       count(*) FILTER (WHERE uan IS NULL)::int AS without_uan
FROM workers
WHERE home_block_code IS NOT NULL AND home_state_code IS NOT NULL
GROUP BY 1, 2, 3, 4
"""


def upgrade() -> None:
    op.execute(QUALITY)
    op.execute(
        "CREATE UNIQUE INDEX uq_district_quality_rollup ON district_quality_rollup (home_state_code, home_district_id)"
    )
    op.execute(GAP)
    op.execute(
        "CREATE UNIQUE INDEX uq_eshram_gap_rollup ON eshram_gap_rollup "
        "(home_state_code, home_district_id, home_block_code, source) NULLS NOT DISTINCT"
    )
    for name in ("district_quality_rollup", "eshram_gap_rollup"):
        op.execute(f"CREATE VIEW {name}_scoped WITH (security_barrier) AS SELECT * FROM {name} WHERE {AGGREGATE_CHECK}")
        op.execute(f"GRANT SELECT ON {name}_scoped TO {APP_ROLE}")


def downgrade() -> None:
    for name in ("district_quality_rollup", "eshram_gap_rollup"):
        op.execute(f"DROP VIEW {name}_scoped")
        op.execute(f"DROP MATERIALIZED VIEW {name}")
