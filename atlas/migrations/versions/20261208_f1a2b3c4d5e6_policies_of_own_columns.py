"""Row-level security that holds on Citus: every policy is one function call on the row's own columns.

Revision ID: f1a2b3c4d5e6
Revises: e0a1b2c3d4f5
Create Date: 2026-12-08

On Citus a shard's policy is evaluated on its worker node, and Citus refuses a policy with a subquery on a
distributed or reference table (docs/SCALING.md). So no policy may look at another table any more:

- every person table carries its worker's home (``home_state_code``, ``home_district_id``), written with the
  row by the loaders and queries and moved with the worker's home when that changes (``ingest.follow_homes``);
- ``workers.routed_departments`` holds the departments the worker's complaints are routed to, and
  ``complaint_events.complaint_department`` the department of the event's complaint now: both kept by
  ``atlas_sync_routing`` (called where a complaint's department is set), so that a department sees its
  complaints' workers and timelines;
- ``rejected_rows`` carries who loaded its batch and that user's state;
- acknowledged alerts (a district, a category, a week and a note: no person) are seen by every role that reads
  complaints, since whether a user sees a complaint there cannot be asked from the row.

The triggers that read the worker's row go too: complaints get their home from the statements that insert
them, and the upload-scope check of a person table's row reads the row's own home.

The policies no longer use the scope InitPlans of d4e5f6a7b8c9: the checks are inlinable SQL functions, which
Citus accepts, evaluated per row (the pages read rollups, and person lists are narrowed by their own indexed
predicates first).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f1a2b3c4d5e6"
down_revision: str | None = "e0a1b2c3d4f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
# Person tables that get their worker's home on every row (complaints and notifications have it already).
FOLLOWERS = ("worker_skills", "worker_locations", "call_attempts", "complaint_events", "camp_registrations",
             "worker_corrections", "call_claims")  # fmt: skip
PERSON_TABLES = ("workers", "complaints", "complaint_notifications", *FOLLOWERS)

FUNCTIONS = """
-- May this session read the record of a person whose home is (state, district)? (As in c3a9d0e1f2b4.)
CREATE OR REPLACE FUNCTION atlas_can_see_person(p_state text, p_district integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
        WHEN atlas_setting('role') IN ('state_admin', 'call_agent') THEN coalesce(p_state = atlas_setting('state_code'), false)
        WHEN atlas_setting('role') = 'district_officer'
            THEN coalesce(p_district = atlas_setting('district_id')::integer, false)
        ELSE false
    END
$$;

-- Is this session the department a complaint (its department, its worker's home state) is routed to?
CREATE FUNCTION atlas_complaint_routed_to_me(p_department text, p_state text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(atlas_setting('role') = 'department' AND p_department = atlas_setting('department')
                    AND p_state = atlas_setting('state_code'), false)
$$;

-- Is this session one of the departments a worker's complaints are routed to?
CREATE FUNCTION atlas_worker_routed_to_me(p_departments text[], p_state text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(atlas_setting('role') = 'department' AND atlas_setting('department') = ANY (p_departments)
                    AND p_state = atlas_setting('state_code'), false)
$$;

CREATE FUNCTION atlas_reads_audit() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
                ELSE atlas_setting('role') = 'auditor' END
$$;

CREATE FUNCTION atlas_reads_complaints() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
                ELSE atlas_setting('role') IN ('state_admin', 'call_agent', 'district_officer', 'department') END
$$;

-- Rejected rows of a batch loaded by (user, that user's state): theirs, and their state's administrators'.
CREATE FUNCTION atlas_may_read_rejected(p_loaded_by integer, p_loader_state text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('role') IS NULL THEN current_user <> 'atlas_app'
        ELSE coalesce(p_loaded_by = atlas_setting('user_id')::integer
                      OR (atlas_setting('role') = 'state_admin' AND p_loader_state = atlas_setting('state_code')), false)
    END
$$;

-- The departments of the workers' complaints, on the workers and on their complaints' events. The owner's
-- rights: a call agent who routes a complaint may not write events, and the values follow from the complaints.
CREATE FUNCTION atlas_sync_routing(p_workers bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public AS $$
BEGIN
    UPDATE workers w SET routed_departments = r.departments
    FROM (SELECT x.worker_id, coalesce(array_agg(DISTINCT c.department ORDER BY c.department)
                                       FILTER (WHERE c.department IS NOT NULL), '{}') AS departments
          FROM workers x LEFT JOIN complaints c ON c.worker_id = x.worker_id
          WHERE x.worker_id = ANY (p_workers) GROUP BY x.worker_id) r
    WHERE w.worker_id = r.worker_id AND w.routed_departments IS DISTINCT FROM r.departments;
    UPDATE complaint_events e SET complaint_department = c.department
    FROM complaints c
    WHERE c.worker_id = e.worker_id AND c.complaint_id = e.complaint_id AND e.worker_id = ANY (p_workers)
      AND e.complaint_department IS DISTINCT FROM c.department;
END $$;

-- The upload-scope check of a14b7c2d9e01, reading only the new row: person rows carry their home now.
CREATE OR REPLACE FUNCTION atlas_refuse_outside_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'registration_camps' THEN
        IF NOT atlas_may_write(NEW.state_code, NEW.district_id)
           OR (TG_OP = 'UPDATE' AND NOT atlas_may_write(OLD.state_code, OLD.district_id)) THEN
            RAISE EXCEPTION 'camp % is outside the scope of the user this file is loaded for', NEW.camp_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF NOT atlas_may_write(NEW.home_state_code, NEW.home_district_id)
          OR (TG_OP = 'UPDATE' AND NOT atlas_may_write(OLD.home_state_code, OLD.home_district_id)) THEN
        RAISE EXCEPTION '% of worker % is outside the scope of the user this file is loaded for',
            TG_TABLE_NAME, NEW.worker_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
"""

SEND_BACK = """
CREATE OR REPLACE FUNCTION complaint_send_back(p_complaint bigint, p_note text) RETURNS boolean LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public AS $$
DECLARE
    hit record;
    owner bigint;
BEGIN
    -- Locked by worker_id as well: on Citus, the distribution column makes it a single-shard statement.
    SELECT worker_id INTO owner FROM complaints WHERE complaint_id = p_complaint;
    SELECT * INTO hit FROM complaints
    WHERE worker_id = owner AND complaint_id = p_complaint AND status IN ('new', 'routed', 'in_progress')
      AND atlas_setting('role') = 'department' AND department = atlas_setting('department')
      AND home_state_code = atlas_setting('state_code')
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note,
                                  home_state_code, home_district_id)
    VALUES (hit.worker_id, hit.complaint_id, clock_timestamp(), atlas_setting('user_id')::integer, 'sent_back',
            hit.status, 'new', 'from ' || hit.department || ': ' || p_note, hit.home_state_code,
            (SELECT home_district_id FROM workers WHERE worker_id = owner));
    UPDATE complaints SET department = NULL, status = 'new', routed_at = NULL
    WHERE worker_id = hit.worker_id AND complaint_id = hit.complaint_id;
    PERFORM atlas_sync_routing(ARRAY[hit.worker_id]);
    RETURN true;
END $$;
"""


def _columns() -> None:
    for table in FOLLOWERS:
        op.execute(f"ALTER TABLE {table} ADD COLUMN home_state_code varchar(2), ADD COLUMN home_district_id integer")
        op.execute(f"UPDATE {table} t SET home_state_code = w.home_state_code, home_district_id = w.home_district_id "
                   f"FROM workers w WHERE w.worker_id = t.worker_id")  # fmt: skip
    op.execute("ALTER TABLE workers ADD COLUMN routed_departments text[] NOT NULL DEFAULT '{}'")
    op.execute("ALTER TABLE complaint_events ADD COLUMN complaint_department text")
    op.execute("ALTER TABLE rejected_rows ADD COLUMN loaded_by integer, ADD COLUMN loader_state_code varchar(2)")
    op.execute("UPDATE rejected_rows r SET loaded_by = u.user_id, loader_state_code = u.scope_state_code "
               "FROM load_batches b JOIN users u ON u.user_id = b.loaded_by WHERE b.batch_id = r.batch_id")


def _drop_policies() -> None:
    op.execute("""
        DO $$ DECLARE p record; BEGIN
            FOR p IN SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public' LOOP
                EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
            END LOOP;
        END $$""")


def _policies() -> None:
    for table in PERSON_TABLES:
        op.execute(f"CREATE POLICY {table}_scope ON {table} USING (atlas_can_see_person(home_state_code, "
                   "home_district_id))")  # fmt: skip
    op.execute("CREATE POLICY workers_department ON workers "
               "USING (atlas_worker_routed_to_me(routed_departments, home_state_code))")  # fmt: skip
    op.execute("CREATE POLICY complaints_department ON complaints "
               "USING (atlas_complaint_routed_to_me(department, home_state_code))")  # fmt: skip
    op.execute("CREATE POLICY complaint_events_department ON complaint_events "
               "USING (atlas_complaint_routed_to_me(complaint_department, home_state_code))")  # fmt: skip
    op.execute("CREATE POLICY audit_write ON audit_log FOR INSERT WITH CHECK (true)")
    op.execute("CREATE POLICY audit_read ON audit_log FOR SELECT USING (atlas_reads_audit())")
    op.execute("CREATE POLICY rejected_rows_loader ON rejected_rows FOR SELECT "
               "USING (atlas_may_read_rejected(loaded_by, loader_state_code))")  # fmt: skip
    op.execute("CREATE POLICY alert_acknowledgements_scope ON alert_acknowledgements USING (atlas_reads_complaints())")


def upgrade() -> None:
    _columns()
    op.execute(FUNCTIONS)
    op.execute(SEND_BACK)
    op.execute("DROP TRIGGER complaints_home ON complaints")
    op.execute("DROP FUNCTION complaints_fill_home()")
    _drop_policies()
    _policies()
    op.execute("UPDATE complaint_events e SET complaint_department = c.department FROM complaints c "
               "WHERE c.worker_id = e.worker_id AND c.complaint_id = e.complaint_id")  # fmt: skip
    op.execute("SELECT atlas_sync_routing(ARRAY(SELECT DISTINCT worker_id FROM complaints))")
    op.execute(f"GRANT EXECUTE ON FUNCTION atlas_complaint_routed_to_me(text, text), "
               f"atlas_worker_routed_to_me(text[], text), atlas_reads_audit(), atlas_reads_complaints(), "
               f"atlas_may_read_rejected(integer, text), atlas_sync_routing(bigint[]) TO {APP_ROLE}")


def downgrade() -> None:
    raise NotImplementedError("f1a2b3c4d5e6 is not reversible: restore a backup taken before it")
