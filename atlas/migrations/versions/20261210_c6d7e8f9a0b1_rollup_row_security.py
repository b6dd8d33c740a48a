"""Row-level security on the rollup tables: the dashboard's role reads and changes only the rows of its scope.

Revision ID: c6d7e8f9a0b1
Revises: a1c2e3f4b5d6
Create Date: 2026-12-10

Since a1c2e3f4b5d6 the application role writes the rollups (a call-centre edit moves them in its own transaction),
so it holds SELECT on the tables themselves, not only on their scoped views; on Citus it needs that anyway
(b2d3f4a5c6e7: a scoped view joined to a reference table is planned as a query run as the session's role). The
scoped views' filter is then no longer the boundary, so each rollup gets a policy, which the database enforces
whichever way the table is reached:

- every rollup keyed by a worker's home (all but the camps'): the rows of a home the session may aggregate
  (``atlas_can_see_aggregate``: state administrators and planners their state, district officers their district),
  or whose people it may see or act on, since an edit's delta reads and upserts those rows (``atlas_can_see_person``:
  call agents their state; a department its state, where the complaints routed to it come from);
- ``camp_registration_rollup``: the camps of ``registration_camps_scoped``, read only (camp registrations are
  written by the loaders, as the owner).

The owner (loaders, compaction, data-rights actions) is not subject to these policies.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c6d7e8f9a0b1"
down_revision: str | None = "a1c2e3f4b5d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
HOME_KEYED = ("worker_flow_rollup", "worker_flow_district_rollup", "worker_flow_month_rollup", "skill_hex_rollup",
              "district_quality_rollup", "eshram_gap_rollup", "returnee_rollup", "monthly_trends_rollup")  # fmt: skip

_MAY_USE_ROLLUP = """
CREATE FUNCTION atlas_may_use_rollup(p_state text, p_district integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT atlas_can_see_aggregate(p_state, p_district) OR atlas_can_see_person(p_state, p_district)
        OR coalesce(atlas_setting('role') = 'department' AND p_state = atlas_setting('state_code'), false)
$$
"""
_CAMP_IN_SCOPE = """
CREATE FUNCTION atlas_camp_in_scope(p_camp text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM registration_camps_scoped c WHERE c.camp_id = p_camp)
$$
"""


def upgrade() -> None:
    op.execute(_MAY_USE_ROLLUP)
    op.execute(_CAMP_IN_SCOPE)
    for table in HOME_KEYED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_scope ON {table} TO {APP_ROLE} "
                   "USING (atlas_may_use_rollup(home_state_code, home_district_id)) "
                   "WITH CHECK (atlas_may_use_rollup(home_state_code, home_district_id))")  # fmt: skip
    op.execute("ALTER TABLE camp_registration_rollup ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY camp_registration_rollup_scope ON camp_registration_rollup FOR SELECT TO {APP_ROLE} "
               "USING (atlas_camp_in_scope(camp_id))")  # fmt: skip


def downgrade() -> None:
    op.execute("DROP POLICY camp_registration_rollup_scope ON camp_registration_rollup")
    op.execute("ALTER TABLE camp_registration_rollup DISABLE ROW LEVEL SECURITY")
    for table in reversed(HOME_KEYED):
        op.execute(f"DROP POLICY {table}_scope ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION atlas_camp_in_scope(text)")
    op.execute("DROP FUNCTION atlas_may_use_rollup(text, integer)")
