"""A user opens on the page that is their job: ``users.home_page``.

Revision ID: c7e2f4a9b1d3
Revises: b51c0a7e3d10
Create Date: 2026-12-07

Two users of one role can have different jobs: a state administrator may be the minister's office, which
watches the Overview, or an e-Shram drive coordinator, who runs camps. Without a page of their own, every
user landed on their role's first page (for the coordinator, an Overview of a state with no migrants
tracked). NULL keeps the role's first page.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c7e2f4a9b1d3"
down_revision: str | None = "b51c0a7e3d10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN home_page text")
    op.execute("COMMENT ON COLUMN users.home_page IS 'the page the user opens on (a URL path, e.g. drives)'")


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN home_page")
