"""Complaints past a deadline escalate to the state nodal officer: ``complaints.escalated_for``, ``escalated_at``.

Revision ID: f5b6c7d8e9a0
Revises: e4a5b6c7d8f9
Create Date: 2026-12-07

A complaint that misses its routing (12 h), emergency first-action (24 h) or resolution (21 days) deadline is
escalated from the department and the district to the state's nodal officer, once per missed deadline
(``atlas.queries.complaints.escalate_overdue``, run every few minutes by ``python -m atlas.escalation``). The
escalation is an event in the complaint's timeline; these columns say which deadline it was last escalated for,
so a second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f5b6c7d8e9a0"
down_revision: str | None = "e4a5b6c7d8f9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE complaints ADD COLUMN escalated_for text "
        "CONSTRAINT ck_complaints_escalated_for CHECK (escalated_for IN ('routing', 'first_action', 'resolution'))"
    )
    op.execute("ALTER TABLE complaints ADD COLUMN escalated_at timestamptz")


def downgrade() -> None:
    op.execute("ALTER TABLE complaints DROP COLUMN escalated_at")
    op.execute("ALTER TABLE complaints DROP COLUMN escalated_for")
