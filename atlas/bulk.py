"""Set-based bulk writes: COPY into a temporary staging table, then one upsert statement.

Row-by-row inserts are never used for loads. Identifiers are quoted by SQLAlchemy's
preparer; values only ever travel through COPY or bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
