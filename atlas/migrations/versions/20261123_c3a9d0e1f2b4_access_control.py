"""Access control: an application role under row-level security, scoped rollup views, an append-only audit log.

Revision ID: c3a9d0e1f2b4
Revises: b7d1e2f3a4c5
Create Date: 2026-11-23

The dashboard connects as ``atlas_app``, which owns nothing and does not bypass RLS. Each
transaction first sets ``atlas.role``, ``atlas.user_id``, ``atlas.state_code`` and
``atlas.district_id`` (transaction-local). Policies on every table that holds a person's
data, and security-barrier views over the rollups, read those settings. A session with
no ``atlas.role`` sees everything only if it is not ``atlas_app`` (loaders, migrations).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c3a9d0e1f2b4"
down_revision: str | None = "b7d1e2f3a4c5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
CHILD_TABLES = ("worker_skills", "worker_locations", "call_attempts", "complaints", "complaint_events",
                "camp_registrations")
READ_ONLY = ("states", "districts", "district_aliases", "subdistricts", "villages", "gazetteer", "occupations",
             "roles", "load_batches", "rejected_rows", "registration_camps")

FUNCTIONS = """
CREATE FUNCTION atlas_setting(name text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('atlas.' || name, true), '') $$;

-- May this session read the record of a person whose home is (state, district)?
CREATE FUNCTION atlas_can_see_person(p_state text, p_district integer) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
        WHEN atlas_setting('role') IN ('state_admin', 'call_agent') THEN p_state = atlas_setting('state_code')
        WHEN atlas_setting('role') = 'district_officer' THEN p_district = atlas_setting('district_id')::integer
        ELSE false
    END
$$;

-- A phone as this session may see it: whole for the call centre (and the loaders), masked for everyone else.
CREATE FUNCTION atlas_phone(phone text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN phone IS NULL THEN NULL
        WHEN atlas_setting('role') = 'call_agent' OR (atlas_setting('role') IS NULL AND current_user <> 'atlas_app')
            THEN phone
        ELSE left(phone, 2) || 'XXXXXX' || right(phone, 2)
    END
$$;

-- May this session read aggregates about people whose home is (state, district)?
CREATE FUNCTION atlas_can_see_aggregate(p_state text, p_district integer) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
        WHEN atlas_setting('role') IN ('state_admin', 'planner') THEN p_state = atlas_setting('state_code')
        WHEN atlas_setting('role') = 'district_officer' THEN p_district = atlas_setting('district_id')::integer
        ELSE false
    END
$$;
"""


def _create_app_role() -> None:
    op.execute(f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END $$""")
    op.execute(f"GRANT CONNECT ON DATABASE {op.get_bind().engine.url.database} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")


def _policies() -> None:
    op.execute("ALTER TABLE workers ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY workers_scope ON workers USING (atlas_can_see_person(home_state_code, home_district_id))")
    for table in CHILD_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        # The worker's own visibility decides (the subquery is itself filtered by the workers policy).
        op.execute(f"CREATE POLICY {table}_scope ON {table} "
                   f"USING (EXISTS (SELECT 1 FROM workers w WHERE w.worker_id = {table}.worker_id))")
    op.execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY audit_write ON audit_log FOR INSERT WITH CHECK (true)")
    op.execute(
        "CREATE POLICY audit_read ON audit_log FOR SELECT USING (atlas_setting('role') = 'auditor' "
        "OR (atlas_setting('role') IS NULL AND current_user <> 'atlas_app'))"
    )


def _scoped_views() -> None:
    op.execute("CREATE VIEW worker_flow_rollup_scoped WITH (security_barrier) AS SELECT * FROM worker_flow_rollup "
               "WHERE atlas_can_see_aggregate(home_state_code, home_district_id)")
    op.execute("CREATE VIEW skill_hex_rollup_scoped WITH (security_barrier) AS SELECT * FROM skill_hex_rollup "
               "WHERE atlas_can_see_aggregate(home_state_code, home_district_id)")
    op.execute("""
        CREATE MATERIALIZED VIEW camp_registration_rollup AS
        SELECT r.camp_id, r.registered_on, r.is_gig_worker, r.platform_type, count(*)::int AS registrations
        FROM camp_registrations r GROUP BY 1, 2, 3, 4""")
    op.execute("CREATE UNIQUE INDEX uq_camp_registration_rollup ON camp_registration_rollup "
               "(camp_id, registered_on, is_gig_worker, platform_type) NULLS NOT DISTINCT")
    op.execute("CREATE VIEW registration_camps_scoped WITH (security_barrier) AS SELECT * FROM registration_camps "
               "WHERE atlas_can_see_aggregate(state_code, district_id)")
    op.execute("CREATE VIEW camp_registration_rollup_scoped WITH (security_barrier) AS SELECT r.* "
               "FROM camp_registration_rollup r JOIN registration_camps c USING (camp_id) "
               "WHERE atlas_can_see_aggregate(c.state_code, c.district_id)")


def _grants() -> None:
    tables = ", ".join(READ_ONLY)
    op.execute(f"GRANT SELECT ON {tables} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON worker_flow_rollup_scoped, skill_hex_rollup_scoped, registration_camps_scoped, "
               f"camp_registration_rollup_scoped TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, UPDATE ON workers TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON worker_skills, camp_registrations, geocode_reviews TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON worker_locations, call_attempts, complaint_events TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON complaints TO {APP_ROLE}")
    # Login reads the hash and counts failures; nothing else about users is writable by the app.
    op.execute(f"GRANT SELECT, UPDATE (failed_logins, locked_until) ON users TO {APP_ROLE}")
    # The audit log is append-only for the application: no UPDATE, no DELETE.
    op.execute(f"GRANT SELECT, INSERT ON audit_log TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT EXECUTE ON FUNCTION atlas_setting(text), atlas_can_see_person(text, integer), "
               f"atlas_can_see_aggregate(text, integer), atlas_phone(text) TO {APP_ROLE}")


def upgrade() -> None:
    op.execute(FUNCTIONS)
    _create_app_role()
    _policies()
    _scoped_views()
    _grants()


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    for view in ("camp_registration_rollup_scoped", "registration_camps_scoped", "skill_hex_rollup_scoped",
                 "worker_flow_rollup_scoped"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    op.execute("DROP MATERIALIZED VIEW IF EXISTS camp_registration_rollup")
    for table in ("workers", *CHILD_TABLES, "audit_log"):
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP POLICY IF EXISTS workers_scope ON workers")
    for table in CHILD_TABLES:
        op.execute(f"DROP POLICY IF EXISTS {table}_scope ON {table}")
    op.execute("DROP POLICY IF EXISTS audit_write ON audit_log")
    op.execute("DROP POLICY IF EXISTS audit_read ON audit_log")
    op.execute("DROP FUNCTION atlas_can_see_aggregate(text, integer)")
    op.execute("DROP FUNCTION atlas_can_see_person(text, integer)")
    op.execute("DROP FUNCTION atlas_phone(text)")
    op.execute("DROP FUNCTION atlas_setting(text)")
