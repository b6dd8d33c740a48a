"""Each routing of a complaint to a department is an outbound notification: ``complaint_notifications``.

Revision ID: a6c7d8e9f0b1
Revises: f5b6c7d8e9a0
Create Date: 2026-12-07

The promise is that a complaint reaches the department concerned as soon as it is logged. A deployment with an
SMS or e-mail gateway sends the rows whose ``sent_at`` is NULL and stamps them; without one, the rows are the
record of what was due to whom, and the department's daily printable list (``python -m atlas.reports
department``) is the paper route. Rows are written by a trigger on ``complaints`` from the new row alone (no
other table is read), whenever a complaint gets a department or moves to another one. Keyed by ``worker_id``
first like every person table; visible under the same scope as the complaint (the row carries its home).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a6c7d8e9f0b1"
down_revision: str | None = "f5b6c7d8e9a0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
PERSON_CHECK = (
    "home_state_code = ANY ((SELECT atlas_scope_states())::text[]) "
    "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
)
NOTIFY = """
CREATE FUNCTION complaints_notify_department() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public AS $$
BEGIN
    IF NEW.department IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.department IS DISTINCT FROM OLD.department) THEN
        INSERT INTO complaint_notifications (worker_id, complaint_id, department, home_state_code,
                                             home_district_id, district_id, category, is_emergency)
        VALUES (NEW.worker_id, NEW.complaint_id, NEW.department, NEW.home_state_code, NEW.home_district_id,
                NEW.district_id, NEW.category, NEW.is_emergency);
    END IF;
    RETURN NULL;
END $$;
"""


def upgrade() -> None:
    op.execute("""
        CREATE TABLE complaint_notifications (
            worker_id bigint NOT NULL,
            notification_id bigint GENERATED ALWAYS AS IDENTITY,
            complaint_id bigint NOT NULL,
            department text NOT NULL,
            home_state_code varchar(2),
            home_district_id integer,
            district_id integer,
            category text NOT NULL,
            is_emergency boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz,
            PRIMARY KEY (worker_id, notification_id),
            FOREIGN KEY (worker_id, complaint_id) REFERENCES complaints (worker_id, complaint_id) ON DELETE CASCADE
        )""")
    op.execute("CREATE INDEX ix_complaint_notifications_unsent ON complaint_notifications (created_at) "
               "WHERE sent_at IS NULL")
    op.execute("ALTER TABLE complaint_notifications ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY complaint_notifications_scope ON complaint_notifications USING ({PERSON_CHECK})")
    op.execute(f"GRANT SELECT ON complaint_notifications TO {APP_ROLE}")
    op.execute(NOTIFY)
    op.execute("CREATE TRIGGER complaints_notify AFTER INSERT OR UPDATE OF department ON complaints "
               "FOR EACH ROW EXECUTE FUNCTION complaints_notify_department()")
    # Complaints already routed before this table existed: their notification is due too.
    op.execute("""
        INSERT INTO complaint_notifications (worker_id, complaint_id, department, home_state_code, home_district_id,
                                             district_id, category, is_emergency, created_at)
        SELECT worker_id, complaint_id, department, home_state_code, home_district_id, district_id, category,
               is_emergency, coalesce(routed_at, lodged_at)
        FROM complaints WHERE department IS NOT NULL""")


def downgrade() -> None:
    op.execute("DROP TRIGGER complaints_notify ON complaints")
    op.execute("DROP FUNCTION complaints_notify_department()")
    op.execute("DROP TABLE complaint_notifications")
