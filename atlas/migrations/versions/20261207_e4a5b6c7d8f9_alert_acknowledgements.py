"""Distress alerts acknowledged by an officer: ``alert_acknowledgements``.

Revision ID: e4a5b6c7d8f9
Revises: d3f1a2b4c5e6
Create Date: 2026-12-07

An alert (a week of unusually many complaints of one category in one destination district, see
``atlas.early_warning``) is computed from the complaints, not stored; what is stored is that an officer has
acted on it, with a note, once per alert. A row is visible, and may be written, only to a user who can see
complaints of that district and category: the policy asks the complaints table, whose own policy applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "e4a5b6c7d8f9"
down_revision: str | None = "d3f1a2b4c5e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
SEES_COMPLAINTS = (
    "EXISTS (SELECT 1 FROM complaints c WHERE c.district_id = alert_acknowledgements.district_id "
    "AND c.category = alert_acknowledgements.category)"
)


def upgrade() -> None:
    op.execute("""
        CREATE TABLE alert_acknowledgements (
            district_id integer NOT NULL REFERENCES districts (district_id),
            category text NOT NULL,
            week date NOT NULL,
            user_id integer NOT NULL REFERENCES users (user_id),
            note text NOT NULL CHECK (length(btrim(note)) > 0),
            acknowledged_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (district_id, category, week)
        )""")
    op.execute("ALTER TABLE alert_acknowledgements ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY alert_acknowledgements_scope ON alert_acknowledgements USING ({SEES_COMPLAINTS})")
    op.execute(f"GRANT SELECT, INSERT ON alert_acknowledgements TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP TABLE alert_acknowledgements")
