"""Index builds and foreign-key checks that a bulk load leaves for after its commit.

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-11-23

A bulk load drops the person tables' secondary indexes and foreign keys (``atlas.bulk.rebuilt_indexes``).
It adds the foreign keys back at once as NOT VALID, which enforces them for every new row, and records
here, in its own transaction, the statements that rebuild the indexes (CONCURRENTLY) and validate the
keys. ``atlas.bulk.run_pending_ddl`` runs them after the commit without blocking readers or writers; a
crash in between leaves them here for the next run (every rollup refresh starts with it).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "b8c9d0e1f2a3"
down_revision: str | None = "a7b8c9d0e1f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE pending_ddl (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "statement text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
    )


def downgrade() -> None:
    op.execute("DROP TABLE pending_ddl")
