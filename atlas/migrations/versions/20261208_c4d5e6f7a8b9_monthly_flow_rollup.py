"""The flows by month, without block, gender and source: ``worker_flow_month_rollup``.

Revision ID: c4d5e6f7a8b9
Revises: f1a2b3c4d5e6
Create Date: 2026-12-08

The Overview's month control (and its Play switch) asks for one month's flows, circles and tiles. Read from the
fine rollup, a month is a third of its rows at 16 lakh (most workers were last seen in the 2020 survey's month):
200 ms for the flows. Summed from the fine rollup once per refresh, per home and destination district, skill and
month, the same month is a few thousand rows. A filter on a block, a gender or a source still reads the fine one.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c4d5e6f7a8b9"
down_revision: str | None = "f1a2b3c4d5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)


def upgrade() -> None:
    op.execute(
        """
        CREATE MATERIALIZED VIEW worker_flow_month_rollup AS
        SELECT home_state_code, home_district_id, current_state_code, current_district_id, skill_group, month,
               sum(workers)::int AS workers, sum(migrants)::int AS migrants, sum(located)::int AS located,
               sum(reached_90d)::int AS reached_90d, sum(home_fine)::int AS home_fine
        FROM worker_flow_rollup
        GROUP BY 1, 2, 3, 4, 5, 6
        """
    )
    op.execute(
        "CREATE UNIQUE INDEX uq_worker_flow_month_rollup ON worker_flow_month_rollup (home_state_code, "
        "home_district_id, current_state_code, current_district_id, skill_group, month) NULLS NOT DISTINCT"
    )
    op.execute("CREATE INDEX ix_worker_flow_month_rollup_month ON worker_flow_month_rollup (home_state_code, month)")
    op.execute(
        "CREATE VIEW worker_flow_month_rollup_scoped WITH (security_barrier) AS "
        f"SELECT * FROM worker_flow_month_rollup WHERE {AGGREGATE_CHECK}"
    )
    op.execute(f"GRANT SELECT ON worker_flow_month_rollup_scoped TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW worker_flow_month_rollup CASCADE")
