"""The 2020 returnees by home block and month last seen: ``returnee_rollup``.

Revision ID: d9f0a1b2c3e4
Revises: c8e9f0a1b2d3
Create Date: 2026-12-07

The returnees' page (the 2020 survey's workers now) reads this small rollup rather than the flow rollup filtered
by source, which took 136 ms for the table by area and 78 ms for the months at 2 lakh workers and grows with the
data (``python -m bench.pages``). Per home block and month last seen: the returnees, how many work outside the
home state, how many the call centre has never reached. Refreshed with the others, read through a scoped view.
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
        CREATE MATERIALIZED VIEW returnee_rollup AS
        SELECT home_state_code, home_district_id, home_block_code,
               date_trunc('month', coalesce(current_observed_at, created_at))::date AS month,
               count(*)::int AS returnees,
               count(*) FILTER (WHERE is_interstate_migrant)::int AS outside,
               count(*) FILTER (WHERE last_reached_at IS NULL)::int AS never_reached
        FROM workers
        WHERE source = 'survey' AND home_state_code IS NOT NULL AND home_district_id IS NOT NULL
        GROUP BY 1, 2, 3, 4""")
    op.execute(
        "CREATE UNIQUE INDEX uq_returnee_rollup ON returnee_rollup "
        "(home_state_code, home_district_id, home_block_code, month) NULLS NOT DISTINCT"
    )
    op.execute(
        f"CREATE VIEW returnee_rollup_scoped WITH (security_barrier) AS SELECT * FROM returnee_rollup WHERE {AGGREGATE_CHECK}"
    )
    op.execute(f"GRANT SELECT ON returnee_rollup_scoped TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP VIEW returnee_rollup_scoped")
    op.execute("DROP MATERIALIZED VIEW returnee_rollup")
