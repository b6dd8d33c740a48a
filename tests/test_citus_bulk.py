"""The bulk path's index and key handling (``atlas.queries.bulk``) on distributed tables of the Citus test cluster.

A parent and a child table distributed and co-located on ``worker_id``, a foreign key from the parent to a
reference table, one from the child to the parent, and a secondary index on each: the shape of ``workers``
and ``worker_locations``. Skipped on the single node, where tests/test_load_bulk.py covers the same path.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from atlas.queries.bulk import copy_rows, rebuilt_indexes, run_pending_ddl
from atlas.settings import settings
from tests.conftest import on_citus

TABLES = ("t_bulk_people", "t_bulk_places")
SCHEMA = (
    "CREATE TABLE t_bulk_states (state_code text PRIMARY KEY)",
    "SELECT create_reference_table('t_bulk_states')",
    "INSERT INTO t_bulk_states VALUES ('10'), ('06')",
    "CREATE TABLE t_bulk_people (worker_id bigint PRIMARY KEY, state_code text REFERENCES t_bulk_states)",
    "CREATE INDEX ix_t_bulk_people_state ON t_bulk_people (state_code)",
    "SELECT create_distributed_table('t_bulk_people', 'worker_id')",
    "CREATE TABLE t_bulk_places (worker_id bigint REFERENCES t_bulk_people ON DELETE CASCADE, place_id bigint, "
    "state_code text, PRIMARY KEY (worker_id, place_id))",
    "CREATE INDEX ix_t_bulk_places_state ON t_bulk_places (state_code)",
    "SELECT create_distributed_table('t_bulk_places', 'worker_id', colocate_with => 't_bulk_people')",
)


@pytest.fixture()
def owner() -> Iterator[Engine]:
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        if not on_citus(connection):
            pytest.skip("not a Citus database (run `make test-citus`)")
    _drop(engine)
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
    try:
        yield engine
    finally:
        _drop(engine)
        engine.dispose()


def _drop(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS t_bulk_places, t_bulk_people, t_bulk_states"))
        connection.execute(text("DELETE FROM pending_ddl WHERE table_name LIKE 't_bulk_%'"))


def _state(connection: Connection) -> dict[str, object]:
    """The secondary indexes and the foreign keys (with whether they are validated) of the two tables."""
    indexes = connection.execute(
        text("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = ANY (CAST(:t AS regclass[])) "
             "AND NOT indisunique AND indisvalid ORDER BY 1"), {"t": list(TABLES)},
    ).scalars().all()  # fmt: skip
    keys = connection.execute(
        text("SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f' "
             "AND conrelid = ANY (CAST(:t AS regclass[])) ORDER BY 1"), {"t": list(TABLES)},
    ).all()  # fmt: skip
    return {"indexes": indexes, "keys": [tuple(k) for k in keys]}


def _bulk_load(owner: Engine, people: int) -> None:
    with owner.begin() as connection, rebuilt_indexes(connection, TABLES):
        assert _state(connection) == {"indexes": [], "keys": []}
        copy_rows(connection, "t_bulk_people", ("worker_id", "state_code"),
                  ((i, "10" if i % 2 else "06") for i in range(1, people + 1)))  # fmt: skip
        copy_rows(connection, "t_bulk_places", ("worker_id", "place_id", "state_code"),
                  ((i, 1, "06") for i in range(1, people + 1)))  # fmt: skip


def test_a_bulk_load_into_distributed_tables_rebuilds_their_indexes_and_keys_after_the_commit(owner: Engine) -> None:
    with owner.connect() as connection:
        before = _state(connection)
    _bulk_load(owner, 20_000)
    with owner.connect() as connection:
        after_commit = _state(connection)
        assert after_commit["indexes"] == []
        assert all(not validated for _, validated in after_commit["keys"]), "keys back at once, NOT VALID"
        assert len(after_commit["keys"]) == len(before["keys"]) == 2
    assert run_pending_ddl(owner) == 4  # two CREATE INDEX CONCURRENTLY, two VALIDATE CONSTRAINT
    with owner.connect() as connection:
        assert _state(connection) == before
        assert connection.execute(text("SELECT count(*) FROM t_bulk_places")).scalar_one() == 20_000
        shards_with_index = connection.execute(
            text("SELECT count(*) FROM run_command_on_shards('t_bulk_people', "
                 "$$SELECT count(*) FROM pg_indexes WHERE tablename = '%s' AND indexdef LIKE '%%(state_code)'$$) "
                 "WHERE result = '1'")
        ).scalar_one()  # fmt: skip
        assert shards_with_index == shard_count(connection)


def test_keys_restored_as_not_valid_still_refuse_a_bad_row(owner: Engine) -> None:
    _bulk_load(owner, 10)
    with owner.begin() as connection, pytest.raises(DBAPIError, match="foreign key"):
        connection.execute(text("INSERT INTO t_bulk_people VALUES (99, 'XX')"))


def shard_count(connection: Connection) -> int:
    return int(
        connection.execute(
            text("SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 't_bulk_people'::regclass")
        ).scalar_one()
    )
