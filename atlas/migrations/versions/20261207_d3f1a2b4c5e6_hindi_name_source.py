"""Where a Hindi place name comes from: ``name_hi_source`` on districts and sub-districts.

Revision ID: d3f1a2b4c5e6
Revises: c7e2f4a9b1d3
Create Date: 2026-12-07

Officials read the map in Hindi, but official Hindi names are at hand only for some places (Bihar's and
Haryana's districts, 205 of Bihar's blocks in the LGD). Every other name is a Devanagari transliteration of the
English one, which a reader must be able to tell apart: 'official' or 'transliterated', NULL when there is no
Hindi name at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "d3f1a2b4c5e6"
down_revision: str | None = "c7e2f4a9b1d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("districts", "subdistricts")


def upgrade() -> None:
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN name_hi_source text"
            f" CONSTRAINT {table}_name_hi_source_check CHECK (name_hi_source IN ('official', 'transliterated'))"
        )
        op.execute(
            f"COMMENT ON COLUMN {table}.name_hi_source IS"
            " 'official: a published Hindi name; transliterated: written from the English name'"
        )
    op.execute("UPDATE districts SET name_hi_source = 'official' WHERE name_hi IS NOT NULL")
    op.execute("UPDATE subdistricts SET name_hi_source = 'official' WHERE name_hi IS NOT NULL")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN name_hi_source")
