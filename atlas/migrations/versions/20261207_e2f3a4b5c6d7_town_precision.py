"""The geocoder places addresses at Census towns: a precision ``town``, counted among homes placed finely.

Revision ID: e2f3a4b5c6d7
Revises: d1e2f3a4b5c6
Create Date: 2026-12-07

A home or workplace matched to a Census town takes the town's point (its namesake post office, or its
sub-district headquarters): finer than a pincode's centre, coarser than a post office named in the address.
The flow rollup's ``home_fine`` (homes placed to village or block or finer) counts them too.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "e2f3a4b5c6d7"
down_revision: str | None = "d1e2f3a4b5c6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
BEFORE = ("village", "post_office", "pincode", "block", "district", "state")
AFTER = ("village", "post_office", "town", "pincode", "block", "district", "state")
MAIN_SKILL = """
LEFT JOIN (
    SELECT DISTINCT ON (s.worker_id) s.worker_id, o.skill_group
    FROM worker_skills s JOIN occupations o USING (nco_code)
    ORDER BY s.worker_id, s.nco_code
) ps ON ps.worker_id = w.worker_id
"""


def _flow_rollup(fine: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{p}'" for p in fine)
    return f"""
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
       count(*) FILTER (WHERE w.home_precision IN ({listed}))::int AS home_fine
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


def _precisions(allowed: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{p}'" for p in allowed)
    for table, column in (("workers", "home_precision"), ("worker_locations", "precision")):
        name = f"ck_{table}_{column}"
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({column} IS NULL OR {column} IN ({listed}))")


def _rollups(fine: tuple[str, ...]) -> None:
    op.execute("DROP MATERIALIZED VIEW worker_flow_rollup CASCADE")
    op.execute(_flow_rollup(fine))
    op.execute(DISTRICT_ROLLUP)
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
    for name in ("worker_flow_rollup", "worker_flow_district_rollup"):
        op.execute(f"CREATE VIEW {name}_scoped WITH (security_barrier) AS SELECT * FROM {name} WHERE {AGGREGATE_CHECK}")
        op.execute(f"GRANT SELECT ON {name}_scoped TO {APP_ROLE}")


def upgrade() -> None:
    _precisions(AFTER)
    _rollups(("village", "post_office", "town", "block"))


def downgrade() -> None:
    op.execute("UPDATE workers SET home_precision = 'block' WHERE home_precision = 'town'")
    op.execute("UPDATE worker_locations SET precision = 'block' WHERE precision = 'town'")
    _precisions(BEFORE)
    _rollups(("village", "post_office", "block"))
