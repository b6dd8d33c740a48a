"""A load made for a signed-in user writes only inside that user's scope, enforced by the database.

Revision ID: a14b7c2d9e01
Revises: e2f3a4b5c6d7
Create Date: 2026-12-07

Loaders run as the owner, to which row-level security does not apply. When a file is loaded for a
user (the dashboard's upload page), the loader first sets ``atlas.upload_role``, ``atlas.upload_state_code``
and ``atlas.upload_district_id`` for its transaction (``access.set_upload_scope``). While they are set,
triggers on every person table refuse a row whose worker's home lies outside that scope: a new worker,
a change to a worker (before and after), and a location, skill, call, complaint, complaint event or camp
registration of such a worker; and a registration camp outside it. The loaders check the same rule row by
row first (``atlas_may_write``), so that such rows are rejected with a reason instead of failing the load;
the triggers are what holds when a loader forgets. Without an upload scope (command-line loads by the
operator, the dashboard's own edits under row-level security) the triggers do not fire (``WHEN``), so bulk
loads pay nothing per row.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a14b7c2d9e01"
down_revision: str | None = "e2f3a4b5c6d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHILD_TABLES = ("worker_skills", "worker_locations", "call_attempts", "complaints", "complaint_events",
                "camp_registrations")  # fmt: skip
SCOPED = "coalesce(current_setting('atlas.upload_role', true), '') <> ''"

FUNCTIONS = """
-- May the current load write the record of a person whose home is (state, district)? Always, when no
-- upload scope is set; a state administrator within their state; a district officer within their district.
CREATE FUNCTION atlas_may_write(p_state text, p_district integer) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN atlas_setting('upload_role') IS NULL THEN true
        WHEN atlas_setting('upload_role') = 'state_admin'
            THEN coalesce(p_state = atlas_setting('upload_state_code'), false)
        WHEN atlas_setting('upload_role') = 'district_officer'
            THEN coalesce(p_district = atlas_setting('upload_district_id')::integer, false)
        ELSE false
    END
$$;

CREATE FUNCTION atlas_refuse_outside_scope() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    home record;
BEGIN
    IF TG_TABLE_NAME = 'workers' THEN
        IF NOT atlas_may_write(NEW.home_state_code, NEW.home_district_id)
           OR (TG_OP = 'UPDATE' AND NOT atlas_may_write(OLD.home_state_code, OLD.home_district_id)) THEN
            RAISE EXCEPTION 'worker % is outside the scope of the user this file is loaded for', NEW.worker_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF TG_TABLE_NAME = 'registration_camps' THEN
        IF NOT atlas_may_write(NEW.state_code, NEW.district_id)
           OR (TG_OP = 'UPDATE' AND NOT atlas_may_write(OLD.state_code, OLD.district_id)) THEN
            RAISE EXCEPTION 'camp % is outside the scope of the user this file is loaded for', NEW.camp_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        SELECT w.home_state_code, w.home_district_id INTO home FROM workers w WHERE w.worker_id = NEW.worker_id;
        IF NOT FOUND OR NOT atlas_may_write(home.home_state_code, home.home_district_id) THEN
            RAISE EXCEPTION '% of worker % is outside the scope of the user this file is loaded for',
                TG_TABLE_NAME, NEW.worker_id USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END $$;
"""


def upgrade() -> None:
    op.execute(FUNCTIONS)
    for table in ("workers", "registration_camps", *CHILD_TABLES):
        op.execute(
            f"CREATE TRIGGER {table}_upload_scope BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW WHEN ({SCOPED}) EXECUTE FUNCTION atlas_refuse_outside_scope()"
        )


def downgrade() -> None:
    for table in ("workers", "registration_camps", *CHILD_TABLES):
        op.execute(f"DROP TRIGGER {table}_upload_scope ON {table}")
    op.execute("DROP FUNCTION atlas_refuse_outside_scope()")
    op.execute("DROP FUNCTION atlas_may_write(text, integer)")
