"""The bulk load's deferred DDL as structured entries: kind, table, name, definition.

Revision ID: d7e8f9a0b1c2
Revises: c4d5e6f7a8b9
Create Date: 2026-12-09

``pending_ddl`` held the text of each statement to run after a bulk load's commit, and the runner read the
index name back out of it with a regular expression. Each entry now says what it is: ``kind`` ``index`` (built
again CONCURRENTLY from ``definition``, the catalog's ``USING ...`` part) or ``foreign_key`` (validated;
``definition`` is the key as the catalog prints it), on ``table_name``, named ``name``. Entries queued before
this revision are converted here, once.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "d7e8f9a0b1c2"
down_revision: str | None = "c4d5e6f7a8b9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# No "(?:" group: SQLAlchemy's text() would read ":UNIQUE" as a parameter.
_OLD_INDEX = r"^CREATE (UNIQUE )?INDEX CONCURRENTLY IF NOT EXISTS (\S+) ON (\S+) (.*)$"
_OLD_KEY = r"^ALTER TABLE (\S+) VALIDATE CONSTRAINT (\S+)$"


def upgrade() -> None:
    op.execute(
        "ALTER TABLE pending_ddl ADD COLUMN kind text, ADD COLUMN table_name text, ADD COLUMN name text, "
        "ADD COLUMN definition text"
    )
    op.execute(
        f"UPDATE pending_ddl SET kind = 'index', name = btrim(m[2], '\"'), table_name = m[3], definition = m[4] "
        f"FROM (SELECT position AS p, regexp_match(statement, '{_OLD_INDEX}') AS m FROM pending_ddl) found "
        "WHERE position = found.p AND found.m IS NOT NULL"
    )
    op.execute(
        f"UPDATE pending_ddl SET kind = 'foreign_key', table_name = m[1], name = btrim(m[2], '\"'), "
        "definition = coalesce((SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conname = btrim(m[2], '\"') AND c.conrelid = CAST(m[1] AS regclass)), '') "
        f"FROM (SELECT position AS p, regexp_match(statement, '{_OLD_KEY}') AS m FROM pending_ddl) found "
        "WHERE position = found.p AND found.m IS NOT NULL"
    )
    op.execute("DELETE FROM pending_ddl WHERE kind IS NULL")  # nothing else was ever queued
    op.execute(
        "ALTER TABLE pending_ddl DROP COLUMN statement, ALTER COLUMN kind SET NOT NULL, "
        "ALTER COLUMN table_name SET NOT NULL, ALTER COLUMN name SET NOT NULL, "
        "ALTER COLUMN definition SET NOT NULL, "
        "ADD CONSTRAINT ck_pending_ddl_kind CHECK (kind IN ('index', 'foreign_key'))"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE pending_ddl ADD COLUMN statement text")
    op.execute(
        "UPDATE pending_ddl SET statement = CASE kind "
        "WHEN 'index' THEN format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %s %s', name, table_name, definition) "
        "ELSE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', table_name, name) END"
    )
    op.execute(
        "ALTER TABLE pending_ddl DROP CONSTRAINT ck_pending_ddl_kind, DROP COLUMN kind, DROP COLUMN table_name, "
        "DROP COLUMN name, DROP COLUMN definition, ALTER COLUMN statement SET NOT NULL"
    )
