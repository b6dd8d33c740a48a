"""The call queue: a worker is claimed by one agent at a time, and a repeated form submission saves once.

Revision ID: b51c0a7e3d10
Revises: a14b7c2d9e03
Create Date: 2026-12-07

``call_claims`` holds at most one claim per worker (its key), with a lease: an agent who takes the next
worker inserts a claim, and a second agent can take that worker only once the lease has run out (an agent
who walks away does not keep a worker forever). The claim is ended when the call is recorded. Keyed by
``worker_id`` like every person table, so it stays co-located with the worker under Citus.

``submission_key`` on complaints and call attempts: the form's key, unique per worker, so pressing
"Save" twice (or a retried request) finds the first record instead of filing a second one.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "b51c0a7e3d10"
down_revision: str | None = "a14b7c2d9e03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
KEYED = ("complaints", "call_attempts")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE call_claims (
            worker_id bigint PRIMARY KEY REFERENCES workers (worker_id) ON DELETE CASCADE,
            agent_id integer NOT NULL REFERENCES users (user_id),
            claimed_at timestamptz NOT NULL DEFAULT now(),
            lease_until timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX ix_call_claims_agent ON call_claims (agent_id)")
    op.execute("ALTER TABLE call_claims ENABLE ROW LEVEL SECURITY")
    # The worker's own visibility decides, as for every person table.
    op.execute(
        "CREATE POLICY call_claims_scope ON call_claims "
        "USING (EXISTS (SELECT 1 FROM workers w WHERE w.worker_id = call_claims.worker_id))"
    )
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON call_claims TO {APP_ROLE}")
    for table in KEYED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN submission_key text")
        op.execute(
            f"CREATE UNIQUE INDEX uq_{table}_submission ON {table} (worker_id, submission_key) "
            "WHERE submission_key IS NOT NULL"
        )
    # A day's calls per district, for the queue's progress, read by when they were made.
    op.execute("CREATE INDEX ix_call_attempts_called_at ON call_attempts (called_at)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_call_attempts_called_at")
    for table in KEYED:
        op.execute(f"DROP INDEX uq_{table}_submission")
        op.execute(f"ALTER TABLE {table} DROP COLUMN submission_key")
    op.execute("DROP TABLE call_claims")
