"""Set-based bulk writes: COPY into a temporary staging table, then one upsert statement.

Row-by-row inserts are never used for loads. Identifiers are quoted by SQLAlchemy's
preparer; values only ever travel through COPY or bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, text


def quote(connection: Connection, name: str) -> str:
    """Quote an identifier for PostgreSQL."""
    return connection.dialect.identifier_preparer.quote(name)


def create_staging(connection: Connection, name: str, columns: dict[str, str]) -> None:
    """A temporary table dropped at commit, with the given column names and SQL types."""
    cols = ", ".join(f"{quote(connection, c)} {sql_type}" for c, sql_type in columns.items())
    connection.execute(text(f"CREATE TEMPORARY TABLE {quote(connection, name)} ({cols}) ON COMMIT DROP"))


def copy_rows(connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """COPY rows into ``table`` through the connection's own transaction; returns the count."""
    cols = ", ".join(quote(connection, c) for c in columns)
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    count = 0
    with dbapi.cursor() as cursor, cursor.copy(f"COPY {quote(connection, table)} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def upsert(
    connection: Connection,
    *,
    target: str,
    select_sql: str,
    columns: Sequence[str],
    conflict: Sequence[str] | str,
    update: Sequence[str],
) -> int:
    """INSERT INTO target (columns) <select_sql> ON CONFLICT ... DO UPDATE only when a value changed.

    ``conflict`` is a column list or a named constraint (``"ON CONSTRAINT name"``).
    Returns the number of rows inserted or changed, so a re-run reports 0.
    """
    q = lambda c: quote(connection, c)  # noqa: E731
    cols = ", ".join(q(c) for c in columns)
    target_q = q(target)
    on_conflict = conflict if isinstance(conflict, str) else "(" + ", ".join(q(c) for c in conflict) + ")"
    if update:
        sets = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in update)
        changed = " OR ".join(f"{target_q}.{q(c)} IS DISTINCT FROM EXCLUDED.{q(c)}" for c in update)
        action = f"DO UPDATE SET {sets} WHERE {changed}"
    else:
        action = "DO NOTHING"
    sql = f"INSERT INTO {target_q} ({cols}) {select_sql} ON CONFLICT {on_conflict} {action}"
    return connection.execute(text(sql)).rowcount


_SECONDARY_INDEXES = """
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS ddl FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY (CAST(:tables AS regclass[])) AND NOT i.indisunique ORDER BY c.relname
"""
_FOREIGN_KEYS = """
SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint
WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[])) ORDER BY conrelid::regclass::text, conname
"""


@contextmanager
def rebuilt_indexes(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' non-unique indexes and foreign keys, and create them again on leaving, in the caller's
    transaction.

    For a batch as big as the tables themselves: an index built by one sort is many times cheaper than
    one updated row by row, and a foreign key added afterwards checks every row in one join instead of
    one lookup per row. Unique indexes stay, since they decide ``ON CONFLICT``. The tables are locked
    (readers wait) until the transaction ends; if it fails, everything is rolled back, indexes included.
    """
    names = ", ".join(quote(connection, t) for t in tables)
    connection.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
    indexes = connection.execute(text(_SECONDARY_INDEXES), {"tables": list(tables)}).mappings().all()
    keys = connection.execute(text(_FOREIGN_KEYS), {"tables": list(tables)}).mappings().all()
    for key in keys:
        connection.execute(text(f"ALTER TABLE {key['owner']} DROP CONSTRAINT {quote(connection, key['name'])}"))
    for index in indexes:
        connection.execute(text(f"DROP INDEX {quote(connection, index['name'])}"))
    yield
    for index in indexes:  # definitions as PostgreSQL printed them
        connection.execute(text(index["ddl"]))
    for key in keys:
        connection.execute(
            text(f"ALTER TABLE {key['owner']} ADD CONSTRAINT {quote(connection, key['name'])} {key['ddl']}")
        )
