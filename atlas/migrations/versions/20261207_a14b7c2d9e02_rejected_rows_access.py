"""Rejected rows (whole raw rows: names, phones) are shown only to whoever loaded them or administers loads.

Revision ID: a14b7c2d9e02
Revises: a14b7c2d9e01
Create Date: 2026-12-07

The application role could read every rejected row. Now row-level security lets a session read the
rejected rows of a batch only if its user loaded that batch, or is a state administrator of the state
of the user who did. Batches loaded from the command line (no user) are the operator's.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a14b7c2d9e02"
down_revision: str | None = "a14b7c2d9e01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOADER_OR_ADMINISTRATOR = """
    (atlas_setting('role') IS NULL AND current_user <> 'atlas_app')
    OR EXISTS (
        SELECT 1 FROM load_batches b JOIN users u ON u.user_id = b.loaded_by
        WHERE b.batch_id = rejected_rows.batch_id
          AND (u.user_id = atlas_setting('user_id')::integer
               OR (atlas_setting('role') = 'state_admin' AND u.scope_state_code = atlas_setting('state_code')))
    )
"""


def upgrade() -> None:
    op.execute("ALTER TABLE rejected_rows ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY rejected_rows_loader ON rejected_rows FOR SELECT USING ({LOADER_OR_ADMINISTRATOR})")


def downgrade() -> None:
    op.execute("DROP POLICY rejected_rows_loader ON rejected_rows")
    op.execute("ALTER TABLE rejected_rows DISABLE ROW LEVEL SECURITY")
