"""Name search through a dictionary of distinct names instead of a trigram index over every worker.

Revision ID: a7b8c9d0e1f2
Revises: f6a7b8c9d0e1
Create Date: 2026-11-23

A GiST trigram index on ``workers.name_norm`` cost more than any other part of a bulk load:
every inserted worker descends it, and rebuilding it over 16 lakh rows takes ~16 s, although
those rows hold only a few thousand distinct names. ``worker_names`` keeps each normalised name
once, with the trigram index; a fuzzy search finds the nearest names there and then the workers
of each name through the B-tree on ``workers.name_norm``, under the workers' row-level security.
The loaders add the names of the workers they write (see ``atlas.queries.ingest``).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a7b8c9d0e1f2"
down_revision: str | None = "f6a7b8c9d0e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"


def upgrade() -> None:
    op.execute("CREATE TABLE worker_names (name_norm text PRIMARY KEY)")
    op.execute(
        "COMMENT ON TABLE worker_names IS 'Each normalised worker name once, for fuzzy name search; "
        "holds no link to any worker'"
    )
    op.execute("INSERT INTO worker_names SELECT DISTINCT name_norm FROM workers")
    op.execute("CREATE INDEX ix_worker_names_trgm ON worker_names USING gist (name_norm gist_trgm_ops)")
    op.execute(f"GRANT SELECT ON worker_names TO {APP_ROLE}")
    op.execute("DROP INDEX ix_workers_name_trgm")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_workers_name_trgm ON workers USING gist (name_norm gist_trgm_ops)")
    op.execute("DROP TABLE worker_names")
