"""The 2020 returnees never reached by the call centre, by home block: ``returnee_reach_rollup``.

Revision ID: d9f0a1b2c3e4
Revises: c8e9f0a1b2d3
Create Date: 2026-12-07

Where the returnees of the 2020 survey work now, since when, in which skills, comes from the flow rollups
(source 'survey'). How many of them the call centre has never reached is not in those rollups; this one counts
it per home block, refreshed with the others, and is read through a scoped view like them.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "d9f0a1b2c3e4"
down_revision: str | None = "c8e9f0a1b2d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)


def upgrade() -> None:
    op.execute("""
        CREATE MATERIALIZED VIEW returnee_reach_rollup AS
        SELECT home_state_code, home_district_id, home_block_code, count(*)::int AS returnees,
               count(*) FILTER (WHERE last_reached_at IS NULL)::int AS never_reached
        FROM workers
        WHERE source = 'survey' AND home_state_code IS NOT NULL AND home_district_id IS NOT NULL
        GROUP BY 1, 2, 3""")
    op.execute(
        "CREATE UNIQUE INDEX uq_returnee_reach_rollup ON returnee_reach_rollup "
        "(home_state_code, home_district_id, home_block_code) NULLS NOT DISTINCT"
    )
    op.execute(
        "CREATE VIEW returnee_reach_rollup_scoped WITH (security_barrier) AS "
        f"SELECT * FROM returnee_reach_rollup WHERE {AGGREGATE_CHECK}"
    )
    op.execute(f"GRANT SELECT ON returnee_reach_rollup_scoped TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP VIEW returnee_reach_rollup_scoped")
    op.execute("DROP MATERIALIZED VIEW returnee_reach_rollup")
