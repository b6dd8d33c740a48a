"""Set-based bulk writes: COPY into a temporary staging table, then one upsert statement.

Row-by-row inserts are never used for loads. Identifiers are quoted by SQLAlchemy's
preparer; values only ever travel through COPY or bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, RowMapping, text


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

    def q(name: str) -> str:
        return quote(connection, name)

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


# ``definition``: what follows ``ON table`` in the catalog's CREATE INDEX (``USING btree (...) WHERE ...``), which
# builds the same index again under any statement's head.
_SECONDARY_INDEXES = """
SELECT c.relname AS name, i.indrelid::regclass::text AS owner, pg_get_indexdef(i.indexrelid) AS ddl,
    substr(pg_get_indexdef(i.indexrelid), strpos(pg_get_indexdef(i.indexrelid), ' USING ') + 1) AS definition
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY (CAST(:tables AS regclass[])) AND NOT i.indisunique ORDER BY c.relname
"""
_FOREIGN_KEYS = """
SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint
WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[])) ORDER BY conrelid::regclass::text, conname
"""


@contextmanager
def rebuilt_indexes(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' non-unique indexes and foreign keys for a bulk write in the caller's transaction, and
    bring them back without a per-row cost.

    For a batch of a good share of the tables' rows: an index built by one sort is many times cheaper than
    one updated row by row, and a foreign key validated afterwards checks every row in one join instead
    of one lookup per row. Unique indexes stay, since they decide ``ON CONFLICT``. The tables are locked
    (readers wait) until the transaction ends. On leaving, the foreign keys come back at once as NOT VALID,
    which enforces them for every new row; rebuilding the indexes (CONCURRENTLY) and validating the keys
    is queued in ``pending_ddl`` in the same transaction, for ``run_pending_ddl`` after the commit, when
    neither blocks the dashboard. If the transaction fails, everything is rolled back, queue included.
    """
    lock_tables(connection, tables)
    keys, indexes = _drop(connection, tables, constraints=_FOREIGN_KEYS, indexes=_SECONDARY_INDEXES)
    yield
    later = [("index", index["owner"], index["name"], index["definition"]) for index in indexes]
    for key in keys:
        name = quote(connection, key["name"])
        connection.execute(text(f"ALTER TABLE {key['owner']} ADD CONSTRAINT {name} {key['ddl']} NOT VALID"))
        later.append(("foreign_key", key["owner"], key["name"], key["ddl"]))
    queue_ddl(connection, later)


def queue_ddl(connection: Connection, entries: Sequence[tuple[str, str, str, str]]) -> None:
    """Queue ``(kind, table, name, definition)`` entries for ``run_pending_ddl``, in order: ``index`` (built
    CONCURRENTLY on ``table`` from ``definition``, ``USING ...``) or ``foreign_key`` (validated)."""
    insert = text(
        "INSERT INTO pending_ddl (kind, table_name, name, definition) VALUES (:kind, :table, :name, :definition)"
    )
    for kind, table, name, definition in entries:
        connection.execute(insert, {"kind": kind, "table": table, "name": name, "definition": definition})


_UNIQUE_CONSTRAINTS = """
SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint
WHERE contype = 'u' AND conrelid = ANY (CAST(:tables AS regclass[])) ORDER BY 1, 2
"""
_UNIQUE_INDEXES = """
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS ddl FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY (CAST(:tables AS regclass[])) AND i.indisunique AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY 1
"""


@contextmanager
def unique_rebuilt(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' unique constraints and indexes (primary keys stay) and build them again, by one sort
    each, on leaving, in the caller's transaction; for COPY of rows known to be new into locked tables.

    A unique index on random text (a natural key) updated row by row touches a different page for almost
    every row, and after a checkpoint each first touch writes the whole page to the WAL: at 16 lakh rows
    that cost several times the COPY itself. Building it again checks uniqueness over every row, so a
    duplicate still fails the load.
    """
    constraints, indexes = _drop(connection, tables, constraints=_UNIQUE_CONSTRAINTS, indexes=_UNIQUE_INDEXES)
    yield
    for index in indexes:
        connection.execute(text(index["ddl"]))
    for key in constraints:
        name = quote(connection, key["name"])
        connection.execute(text(f"ALTER TABLE {key['owner']} ADD CONSTRAINT {name} {key['ddl']}"))


@contextmanager
def primary_key_rebuilt(connection: Connection, table: str) -> Iterator[None]:
    """Drop ``table``'s primary key and add it again, by one sort, on leaving; as ``unique_rebuilt``, for COPY of
    rows known to be new into a locked table whose key is random text (``worker_identities``)."""
    sql = text(
        "SELECT conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint "
        "WHERE contype = 'p' AND conrelid = CAST(:table AS regclass)"
    )
    key = connection.execute(sql, {"table": table}).mappings().one()
    table_q, name = quote(connection, table), quote(connection, key["name"])
    connection.execute(text(f"ALTER TABLE {table_q} DROP CONSTRAINT {name}"))
    yield
    connection.execute(text(f"ALTER TABLE {table_q} ADD CONSTRAINT {name} {key['ddl']}"))


def lock_tables(connection: Connection, tables: Sequence[str]) -> None:
    """Lock the tables until the transaction ends: readers and writers wait."""
    names = ", ".join(quote(connection, t) for t in tables)
    connection.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))


def _drop(connection: Connection, tables: Sequence[str], *, constraints: str, indexes: str
          ) -> tuple[Sequence[RowMapping], Sequence[RowMapping]]:  # fmt: skip
    """Drop the constraints and the indexes the two catalog queries list; returns their rows (name, ddl, ...)."""
    keys = connection.execute(text(constraints), {"tables": list(tables)}).mappings().all()
    found = connection.execute(text(indexes), {"tables": list(tables)}).mappings().all()
    for key in keys:
        connection.execute(text(f"ALTER TABLE {key['owner']} DROP CONSTRAINT {quote(connection, key['name'])}"))
    for index in found:
        connection.execute(text(f"DROP INDEX {quote(connection, index['name'])}"))
    return keys, found


_INVALID_INDEX = """
SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE NOT i.indisvalid AND c.relname = :name
"""


def run_pending_ddl(engine: Engine) -> int:
    """Run the statements bulk loads queued (``rebuilt_indexes``), oldest first; returns how many ran.

    Each runs in its own transaction and leaves the queue only when it succeeded, so a crash at any point
    is finished by the next call. An index left invalid by an interrupted CONCURRENTLY build is dropped
    and built again. Serialised by an advisory lock, so two callers never build the same index.
    """
    done = 0
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("SET statement_timeout = 0")
        if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _PENDING_LOCK}).scalar():
            return 0
        try:
            queue = connection.execute(text(_QUEUE)).mappings().all()
            for entry in queue:
                _run_entry(connection, entry)
                connection.execute(text("DELETE FROM pending_ddl WHERE position = :p"), {"p": entry["position"]})
                done += 1
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PENDING_LOCK})
    return done


_PENDING_LOCK = 7_351_001  # any constant the project uses for nothing else


_QUEUE = "SELECT position, kind, table_name, name, definition FROM pending_ddl ORDER BY position"


def _run_entry(connection: Connection, entry: RowMapping) -> None:
    """Build an index again (CONCURRENTLY, unless it exists) or validate a foreign key.

    ``table_name`` is the catalog's own rendering of the table (regclass), quoted where it must be.
    """
    name = quote(connection, entry["name"])
    if entry["kind"] == "foreign_key":
        connection.execute(text(f"ALTER TABLE {entry['table_name']} VALIDATE CONSTRAINT {name}"))
        return
    if connection.execute(text(_INVALID_INDEX), {"name": entry["name"]}).first():
        connection.execute(text(f"DROP INDEX CONCURRENTLY IF EXISTS {name}"))
    connection.execute(
        text(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {entry['table_name']} {entry['definition']}")
    )
