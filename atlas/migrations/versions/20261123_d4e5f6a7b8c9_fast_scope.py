"""Faster scope checks and indexes for crore-scale pages.

Revision ID: d4e5f6a7b8c9
Revises: c3a9d0e1f2b4
Create Date: 2026-11-23

The first policies called a function per row that read four settings each time; at 16 lakh
workers that alone cost ~100 ms per page query. Here the scope is read once per query: the
checks compare columns with ``(SELECT atlas_scope_states())`` and ``(SELECT atlas_scope_district())``,
which PostgreSQL evaluates once as an InitPlan, and which can use indexes. Complaints carry
their worker's home state (filled by a trigger) so their policy needs no join. Display
geometries are simplified once, in generated columns, instead of on every map request.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "d4e5f6a7b8c9"
down_revision: str | None = "c3a9d0e1f2b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"

SCOPE_FUNCTIONS = """
-- States whose people (or aggregates, when aggregate = true) this session may read.
CREATE FUNCTION atlas_scope_states(aggregate boolean DEFAULT false) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('role') IS NULL THEN
            CASE WHEN current_user <> 'atlas_app' THEN (SELECT array_agg(state_code) FROM states) ELSE '{}' END
        WHEN atlas_setting('role') IN ('state_admin', 'call_agent') AND NOT aggregate
            THEN ARRAY[atlas_setting('state_code')]
        WHEN atlas_setting('role') IN ('state_admin', 'planner') AND aggregate THEN ARRAY[atlas_setting('state_code')]
        WHEN atlas_setting('role') = 'district_officer'
            THEN ARRAY(SELECT state_code FROM districts WHERE district_id = atlas_setting('district_id')::integer)
        ELSE '{}'
    END
$$;

-- The one district a district officer is limited to; NULL when the scope is a whole state.
CREATE FUNCTION atlas_scope_district() RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN atlas_setting('role') = 'district_officer' THEN atlas_setting('district_id')::integer END
$$;
"""

PERSON_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states())::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
AGGREGATE_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
CAMP_CHECK = (
    "c.state_code = ANY ((SELECT atlas_scope_states(true))::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR c.district_id = (SELECT atlas_scope_district()))"
)

COMPLAINT_HOME = """
CREATE FUNCTION complaints_fill_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT w.home_state_code, coalesce(NEW.home_district_id, w.home_district_id),
           coalesce(NEW.home_block_code, w.home_block_code)
      INTO NEW.home_state_code, NEW.home_district_id, NEW.home_block_code
      FROM workers w WHERE w.worker_id = NEW.worker_id;
    RETURN NEW;
END $$;
"""


def _views() -> None:
    op.execute("DROP VIEW worker_flow_rollup_scoped")
    op.execute("DROP VIEW skill_hex_rollup_scoped")
    op.execute("DROP VIEW camp_registration_rollup_scoped")
    op.execute("DROP VIEW registration_camps_scoped")
    op.execute(f"CREATE VIEW worker_flow_rollup_scoped WITH (security_barrier) AS "
               f"SELECT * FROM worker_flow_rollup WHERE {AGGREGATE_CHECK}")
    op.execute(f"CREATE VIEW skill_hex_rollup_scoped WITH (security_barrier) AS "
               f"SELECT * FROM skill_hex_rollup WHERE {AGGREGATE_CHECK}")
    op.execute(f"CREATE VIEW registration_camps_scoped WITH (security_barrier) AS "
               f"SELECT c.* FROM registration_camps c WHERE {CAMP_CHECK}")
    op.execute(f"CREATE VIEW camp_registration_rollup_scoped WITH (security_barrier) AS SELECT r.* "
               f"FROM camp_registration_rollup r JOIN registration_camps c USING (camp_id) WHERE {CAMP_CHECK}")
    op.execute(f"GRANT SELECT ON worker_flow_rollup_scoped, skill_hex_rollup_scoped, registration_camps_scoped, "
               f"camp_registration_rollup_scoped TO {APP_ROLE}")


def _complaint_home_state() -> None:
    op.execute("ALTER TABLE complaints ADD COLUMN home_state_code varchar(2) REFERENCES states (state_code)")
    op.execute("UPDATE complaints c SET home_state_code = w.home_state_code, "
               "home_district_id = coalesce(c.home_district_id, w.home_district_id), "
               "home_block_code = coalesce(c.home_block_code, w.home_block_code) "
               "FROM workers w WHERE w.worker_id = c.worker_id")
    op.execute(COMPLAINT_HOME)
    op.execute("CREATE TRIGGER complaints_home BEFORE INSERT ON complaints "
               "FOR EACH ROW EXECUTE FUNCTION complaints_fill_home()")
    op.execute("CREATE INDEX ix_complaints_home_open ON complaints (home_state_code, home_district_id) "
               "WHERE status IN ('new', 'routed', 'in_progress')")
    op.execute("CREATE INDEX ix_complaints_home ON complaints (home_state_code, home_district_id, home_block_code)")


def _policies() -> None:
    op.execute("DROP POLICY workers_scope ON workers")
    op.execute(f"CREATE POLICY workers_scope ON workers USING ({PERSON_CHECK})")
    op.execute("DROP POLICY complaints_scope ON complaints")
    op.execute(f"CREATE POLICY complaints_scope ON complaints USING ({PERSON_CHECK})")


def _indexes() -> None:
    op.execute("CREATE INDEX ix_workers_phone_alt ON workers (phone_alt) WHERE phone_alt IS NOT NULL")
    op.execute("CREATE INDEX ix_workers_district_reached ON workers (home_district_id, last_reached_at)")
    op.execute("CREATE INDEX ix_workers_district_name ON workers (home_district_id, name, worker_id)")
    op.execute("CREATE INDEX ix_workers_name_norm ON workers (name_norm)")
    # Nearest-name search (call centre) wants an ordered trigram scan: GiST, not GIN.
    op.execute("DROP INDEX ix_workers_name_trgm")
    op.execute("CREATE INDEX ix_workers_name_trgm ON workers USING gist (name_norm gist_trgm_ops)")


def _display_geometries() -> None:
    for table, tolerance in (("states", 0.02), ("districts", 0.01), ("subdistricts", 0.002)):
        op.execute(f"ALTER TABLE {table} ADD COLUMN geom_display geometry(Geometry, 4326) "
                   f"GENERATED ALWAYS AS (ST_SimplifyPreserveTopology(geom, {tolerance})) STORED")


def upgrade() -> None:
    op.execute(SCOPE_FUNCTIONS)
    op.execute(f"GRANT EXECUTE ON FUNCTION atlas_scope_states(boolean), atlas_scope_district() TO {APP_ROLE}")
    _complaint_home_state()
    _policies()
    _views()
    _indexes()
    _display_geometries()


def downgrade() -> None:
    for table in ("states", "districts", "subdistricts"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN geom_display")
    op.execute("DROP INDEX ix_workers_name_trgm")
    op.execute("CREATE INDEX ix_workers_name_trgm ON workers USING gin (name_norm gin_trgm_ops)")
    for index in ("ix_workers_phone_alt", "ix_workers_district_reached", "ix_workers_district_name", "ix_workers_name_norm",
                  "ix_complaints_home_open", "ix_complaints_home"):
        op.execute(f"DROP INDEX {index}")
    op.execute("DROP POLICY complaints_scope ON complaints")
    op.execute("CREATE POLICY complaints_scope ON complaints "
               "USING (EXISTS (SELECT 1 FROM workers w WHERE w.worker_id = complaints.worker_id))")
    op.execute("DROP POLICY workers_scope ON workers")
    op.execute("CREATE POLICY workers_scope ON workers USING (atlas_can_see_person(home_state_code, home_district_id))")
    for view in ("worker_flow_rollup_scoped", "skill_hex_rollup_scoped", "camp_registration_rollup_scoped",
                 "registration_camps_scoped"):
        op.execute(f"DROP VIEW {view}")
    op.execute("CREATE VIEW worker_flow_rollup_scoped WITH (security_barrier) AS SELECT * FROM worker_flow_rollup "
               "WHERE atlas_can_see_aggregate(home_state_code, home_district_id)")
    op.execute("CREATE VIEW skill_hex_rollup_scoped WITH (security_barrier) AS SELECT * FROM skill_hex_rollup "
               "WHERE atlas_can_see_aggregate(home_state_code, home_district_id)")
    op.execute("CREATE VIEW registration_camps_scoped WITH (security_barrier) AS SELECT * FROM registration_camps "
               "WHERE atlas_can_see_aggregate(state_code, district_id)")
    op.execute("CREATE VIEW camp_registration_rollup_scoped WITH (security_barrier) AS SELECT r.* "
               "FROM camp_registration_rollup r JOIN registration_camps c USING (camp_id) "
               "WHERE atlas_can_see_aggregate(c.state_code, c.district_id)")
    op.execute(f"GRANT SELECT ON worker_flow_rollup_scoped, skill_hex_rollup_scoped, registration_camps_scoped, "
               f"camp_registration_rollup_scoped TO {APP_ROLE}")
    op.execute("DROP TRIGGER complaints_home ON complaints")
    op.execute("DROP FUNCTION complaints_fill_home()")
    op.execute("ALTER TABLE complaints DROP COLUMN home_state_code")
    op.execute("DROP FUNCTION atlas_scope_district()")
    op.execute("DROP FUNCTION atlas_scope_states(boolean)")
