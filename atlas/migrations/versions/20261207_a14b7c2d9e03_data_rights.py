"""The rights of the people in the data (DPDP Act 2023): corrections are recorded, erasures are marked.

Revision ID: a14b7c2d9e03
Revises: a14b7c2d9e02
Create Date: 2026-12-07

``worker_corrections`` keeps every field an administrator corrected, with the value before and after
(an erasure clears both values and keeps that the correction happened). ``workers.erased_at`` marks a
person whose personal data was erased (``atlas.rights.erase``): the row stays, stripped of everything
that identifies them, so that counts by district, destination and skill stay what they were.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a14b7c2d9e03"
down_revision: str | None = "a14b7c2d9e02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"


def upgrade() -> None:
    op.add_column("workers", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "worker_corrections",
        sa.Column("worker_id", sa.BigInteger(), nullable=False),
        sa.Column("correction_id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["worker_id"], ["workers.worker_id"], name=op.f("fk_worker_corrections_worker_id_workers"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["user_id"], ["users.user_id"], name=op.f("fk_worker_corrections_user_id_users")),
        sa.PrimaryKeyConstraint("worker_id", "correction_id", name=op.f("pk_worker_corrections")),
    )
    op.execute("ALTER TABLE worker_corrections ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY worker_corrections_scope ON worker_corrections "
               "USING (EXISTS (SELECT 1 FROM workers w WHERE w.worker_id = worker_corrections.worker_id))")  # fmt: skip
    op.execute(f"GRANT SELECT ON worker_corrections TO {APP_ROLE}")


def downgrade() -> None:
    op.drop_table("worker_corrections")
    op.drop_column("workers", "erased_at")
