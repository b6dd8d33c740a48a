"""Month-by-month trends for the Overview: ``monthly_trends_rollup``.

Revision ID: e0a1b2c3d4f5
Revises: d9f0a1b2c3e4
Create Date: 2026-12-07

Per home district and month (IST): workers added to the Atlas, workplaces observed, of them outside the home state,
calls that reached the worker, complaints opened and complaints resolved. Read from the person tables once per
refresh, like the other rollups, so the charts cost the page a few milliseconds; scoped like them.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "e0a1b2c3d4f5"
down_revision: str | None = "d9f0a1b2c3e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)


def _month(column: str) -> str:
    return f"date_trunc('month', {column} AT TIME ZONE 'Asia/Kolkata')::date"


TRENDS = f"""
CREATE MATERIALIZED VIEW monthly_trends_rollup AS
SELECT home_state_code, home_district_id, month, sum(added)::int AS added, sum(observed)::int AS observed,
       sum(outside)::int AS outside, sum(reached)::int AS reached, sum(opened)::int AS opened,
       sum(resolved)::int AS resolved
FROM (
    SELECT home_state_code, home_district_id, {_month("created_at")} AS month,
           1 AS added, 0 AS observed, 0 AS outside, 0 AS reached, 0 AS opened, 0 AS resolved
    FROM workers
    UNION ALL
    SELECT w.home_state_code, w.home_district_id, {_month("l.observed_at")}, 0, 1,
           (l.state_code IS DISTINCT FROM w.home_state_code AND l.state_code IS NOT NULL)::int, 0, 0, 0
    FROM worker_locations l JOIN workers w USING (worker_id)
    UNION ALL
    SELECT w.home_state_code, w.home_district_id, {_month("a.called_at")}, 0, 0, 0, 1, 0, 0
    FROM call_attempts a JOIN workers w USING (worker_id) WHERE a.outcome = 'reached'
    UNION ALL
    SELECT home_state_code, home_district_id, {_month("lodged_at")}, 0, 0, 0, 0, 1, 0 FROM complaints
    UNION ALL
    SELECT home_state_code, home_district_id, {_month("resolved_at")}, 0, 0, 0, 0, 0, 1
    FROM complaints WHERE resolved_at IS NOT NULL
) AS events
WHERE home_state_code IS NOT NULL AND month IS NOT NULL
GROUP BY 1, 2, 3
"""


def upgrade() -> None:
    op.execute(TRENDS)
    op.execute(
        "CREATE UNIQUE INDEX uq_monthly_trends_rollup ON monthly_trends_rollup "
        "(home_state_code, home_district_id, month) NULLS NOT DISTINCT"
    )
    op.execute(
        f"CREATE VIEW monthly_trends_rollup_scoped WITH (security_barrier) AS SELECT * FROM monthly_trends_rollup "
        f"WHERE {AGGREGATE_CHECK}"
    )
    op.execute(f"GRANT SELECT ON monthly_trends_rollup_scoped TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP VIEW monthly_trends_rollup_scoped")
    op.execute("DROP MATERIALIZED VIEW monthly_trends_rollup")
