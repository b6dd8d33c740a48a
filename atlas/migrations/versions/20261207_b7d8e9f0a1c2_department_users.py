"""Department users: each sees the complaints routed to their department, and acts on them.

Revision ID: b7d8e9f0a1c2
Revises: a6c7d8e9f0b1
Create Date: 2026-12-07

A complaint is routed to a department (labour at home or at the destination, police liaison, district
administration, resident commissioner's office, welfare board). A user of role ``department`` belongs to one
department of one state (``users.department``, ``users.scope_state_code``) and sees only the complaints routed to
it from that state's workers, and those workers' records (to call them back): two permissive policies, read from
the transaction's ``atlas.department`` setting. Their actions (acknowledge, note, resolve, send back) are complaint
events like every other, so they show in the timeline; the child tables' policies follow the worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "b7d8e9f0a1c2"
down_revision: str | None = "a6c7d8e9f0b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEPARTMENTS = ("labour_home", "labour_destination", "police", "district_administration", "resident_commissioner",
               "welfare_board")  # fmt: skip
APP_ROLE = "atlas_app"
SEND_BACK = """
CREATE FUNCTION complaint_send_back(p_complaint bigint, p_note text) RETURNS boolean LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public AS $$
DECLARE
    hit record;
BEGIN
    SELECT * INTO hit FROM complaints
    WHERE complaint_id = p_complaint AND status IN ('new', 'routed', 'in_progress')
      AND atlas_setting('role') = 'department' AND department = atlas_setting('department')
      AND home_state_code = atlas_setting('state_code')
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note)
    VALUES (hit.worker_id, hit.complaint_id, clock_timestamp(), atlas_setting('user_id')::integer, 'sent_back',
            hit.status, 'new', 'from ' || hit.department || ': ' || p_note);
    UPDATE complaints SET department = NULL, status = 'new', routed_at = NULL
    WHERE worker_id = hit.worker_id AND complaint_id = hit.complaint_id;
    RETURN true;
END $$;
"""
ROUTED_TO_ME = (
    "atlas_setting('role') = 'department' AND {alias}department = atlas_setting('department') "
    "AND {alias}home_state_code = atlas_setting('state_code')"
)


def upgrade() -> None:
    op.execute(
        "INSERT INTO roles (role, description_en, description_hi) VALUES ('department', "
        "'A department: the complaints routed to it in its state', 'एक विभाग: उसके राज्य में उसे भेजी गई शिकायतें')"
    )
    allowed = ", ".join(f"'{d}'" for d in DEPARTMENTS)
    op.execute(
        f"ALTER TABLE users ADD COLUMN department text CONSTRAINT ck_users_department CHECK (department IN ({allowed}))"
    )
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_department_role "
        "CHECK ((role = 'department') = (department IS NOT NULL AND scope_state_code IS NOT NULL))"
    )
    op.execute(f"CREATE POLICY complaints_department ON complaints USING ({ROUTED_TO_ME.format(alias='')})")
    # Sending a complaint back leaves it with no department: a row the department may no longer see, which an
    # UPDATE under its policies cannot write. This function checks that the complaint is the caller's, then does it.
    op.execute(SEND_BACK)
    op.execute("REVOKE ALL ON FUNCTION complaint_send_back(bigint, text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION complaint_send_back(bigint, text) TO {APP_ROLE}")
    op.execute(
        "CREATE POLICY workers_department ON workers USING (atlas_setting('role') = 'department' AND EXISTS "
        f"(SELECT 1 FROM complaints c WHERE c.worker_id = workers.worker_id AND {ROUTED_TO_ME.format(alias='c.')}))"
    )


def downgrade() -> None:
    op.execute("DROP POLICY workers_department ON workers")
    op.execute("DROP FUNCTION complaint_send_back(bigint, text)")
    op.execute("DROP POLICY complaints_department ON complaints")
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_department_role")
    op.execute("ALTER TABLE users DROP COLUMN department")
    op.execute("DELETE FROM roles WHERE role = 'department'")
