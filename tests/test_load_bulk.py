"""A big batch rebuilds the person tables' indexes and foreign keys, with the same result."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from atlas.ingest import copying
from atlas.ingest.forked import Forked
from atlas.queries import callcentre
from atlas.queries.bulk import queue_ddl, run_pending_ddl
from atlas.queries.ingest import PERSON_TABLES
from atlas.settings import settings
from loaders import geocode, load_file

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
SURVEY = FIXTURES / "survey_hindi.csv"
_DEFINITIONS = """
SELECT 'index' AS kind, c.relname AS name, pg_get_indexdef(i.indexrelid) AS ddl, i.indexrelid::bigint AS oid
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY (CAST(:tables AS regclass[]))
UNION ALL
SELECT 'key', conname, pg_get_constraintdef(oid), oid::bigint FROM pg_constraint
WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[]))
ORDER BY 1, 2
"""
# Everything a load writes about people, with ids replaced by what they point at.
_SNAPSHOT = {
    "workers": """
        SELECT w.natural_key, w.uan, w.name, w.name_norm, w.father_name, w.gender, w.birth_year, w.phone, w.phone_alt,
               w.home_address_raw, ST_AsEWKT(w.home_point) AS home_point, w.home_state_code, w.home_district_id,
               w.home_block_code, w.home_village_code, w.home_precision, w.home_confidence, w.current_state_code,
               w.current_district_id, w.current_observed_at, c.raw_address AS current_address, w.source,
               w.gig_platform_type, w.is_synthetic, w.is_interstate_migrant, b.kind AS first_batch_kind
        FROM workers w LEFT JOIN worker_locations c ON c.worker_id = w.worker_id AND c.location_id = w.current_location_id
        LEFT JOIN load_batches b ON b.batch_id = w.first_batch_id ORDER BY w.natural_key""",
    "locations": """
        SELECT w.natural_key, l.observed_at, l.source, l.raw_address, l.employer, l.sector, ST_AsEWKT(l.point) AS point,
               l.state_code, l.district_id, l.block_code, l.precision, l.confidence, l.recorded_by, b.kind
        FROM worker_locations l JOIN workers w USING (worker_id) JOIN load_batches b ON b.batch_id = l.batch_id
        ORDER BY 1, 2, 3""",
    "skills": """SELECT w.natural_key, s.nco_code, s.source FROM worker_skills s JOIN workers w USING (worker_id)
        ORDER BY 1, 2""",
    "camps": """SELECT w.natural_key, r.camp_id, r.registered_on, r.mode, r.is_gig_worker, r.platform_type
        FROM camp_registrations r JOIN workers w USING (worker_id) ORDER BY 1, 2""",
    "names": "SELECT name_norm FROM worker_names ORDER BY 1",
}
LOADS = (("survey", "survey_hindi.csv"), ("camps", "camps.csv"), ("eshram", "eshram.csv"))


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "reports")


def _definitions(db: Connection) -> pd.DataFrame:
    return pd.read_sql(text(_DEFINITIONS), db, params={"tables": list(PERSON_TABLES)})


def _load_and_snapshot(db: Connection, monkeypatch: pytest.MonkeyPatch, *, min_rows: int) -> dict[str, pd.DataFrame]:
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", min_rows)
    savepoint = db.begin_nested()
    for kind, name in LOADS:
        load_file(kind, FIXTURES / name, connection=db, file_name=f"{name}-{min_rows}")
    snapshot = {name: pd.read_sql(text(sql), db) for name, sql in _SNAPSHOT.items()}
    savepoint.rollback()
    return snapshot


def test_a_big_batch_writes_the_same_rows_as_a_small_one(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.execute(text("SELECT count(*) FROM workers")).scalar_one() == 0, "the test database starts empty"
    bulk = _load_and_snapshot(db, monkeypatch, min_rows=1)
    row_by_row = _load_and_snapshot(db, monkeypatch, min_rows=10**9)
    assert len(bulk["workers"]) == 7 and len(bulk["camps"]) > 0 and bulk["workers"]["current_address"].notna().any()
    for name in _SNAPSHOT:
        pd.testing.assert_frame_equal(bulk[name], row_by_row[name], obj=name)


def test_keys_hold_at_once_and_the_rebuild_is_queued(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _definitions(db)
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", 1)
    load_file("survey", SURVEY, connection=db)
    after = _definitions(db)
    keys, indexes = (before[before["kind"] == kind] for kind in ("key", "index"))
    assert len(keys) > 5 and len(indexes) > 10
    # Foreign keys are back at once, unvalidated until the queue runs, and enforced for new rows.
    back = after[after["kind"] == "key"].set_index("name")["ddl"]
    assert (back.loc[keys["name"]] == (keys["ddl"] + " NOT VALID").to_numpy()).all()
    with pytest.raises(IntegrityError, match="fk_workers_home_district_id_districts"), db.begin_nested():
        db.execute(
            text("UPDATE workers SET home_district_id = -5 WHERE worker_id = (SELECT min(worker_id) FROM workers)")
        )
    # Unique indexes stayed; every other index is queued to be built again, as it was, concurrently.
    unique = indexes["ddl"].str.contains("UNIQUE")
    assert set(after.loc[after["kind"] == "index", "name"]) == set(indexes.loc[unique, "name"])
    queued = db.execute(text("SELECT kind, table_name, name, definition FROM pending_ddl ORDER BY position")).all()
    dropped = indexes[~unique]
    assert [(kind, name) for kind, _, name, _ in queued[: len(dropped)]] == [("index", n) for n in dropped["name"]]
    # Each index is queued as it was: its definition on its table, under its name, is the catalog's CREATE INDEX.
    rebuilt = [f"CREATE INDEX {name} ON public.{table} {definition}" for _, table, name, definition in queued]
    assert rebuilt[: len(dropped)] == list(dropped["ddl"])
    assert [(kind, table, name) for kind, table, name, _ in queued[len(dropped) :]] == [
        ("foreign_key", _owner(db, name), name) for name in keys["name"]
    ]
    assert [definition for *_, definition in queued[len(dropped) :]] == list(keys["ddl"])


def _owner(db: Connection, constraint: str) -> str:
    sql = text("SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = :c")
    return str(db.execute(sql, {"c": constraint}).scalar_one())


@pytest.fixture()
def scratch_table(engine: Engine) -> Iterator[str]:
    """A committed table with two equal values, so a unique index on it can be left invalid on purpose."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE bulk_scratch (v integer)"))
        connection.execute(text("INSERT INTO bulk_scratch VALUES (1), (1), (2)"))
    yield "bulk_scratch"
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bulk_scratch"))
        connection.execute(text("DELETE FROM pending_ddl WHERE table_name = 'bulk_scratch'"))


def test_the_queue_builds_indexes_concurrently_and_replaces_an_invalid_one(engine: Engine, scratch_table: str) -> None:
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        with pytest.raises(IntegrityError):  # duplicates: PostgreSQL leaves the index behind, invalid
            connection.execute(text("CREATE UNIQUE INDEX CONCURRENTLY bulk_scratch_v ON bulk_scratch (v)"))
        connection.execute(text("DELETE FROM bulk_scratch WHERE ctid = (SELECT min(ctid) FROM bulk_scratch)"))
    with engine.begin() as connection:
        queue_ddl(connection, [("index", "bulk_scratch", "bulk_scratch_v", "USING btree (v)"),
                               ("index", "bulk_scratch", "bulk_scratch_w", "USING btree (v)")])  # fmt: skip
    assert run_pending_ddl(engine) >= 2
    with engine.connect() as connection:
        valid = dict(connection.execute(text(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'bulk_scratch'::regclass")).all())  # fmt: skip
        left = connection.execute(text("SELECT count(*) FROM pending_ddl")).scalar_one()
    assert valid == {"bulk_scratch_v": True, "bulk_scratch_w": True}
    assert left == 0


def test_a_small_batch_leaves_the_indexes_alone(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _definitions(db)
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", 10**9)
    load_file("survey", SURVEY, connection=db)
    assert _definitions(db)["oid"].tolist() == before["oid"].tolist()


def test_a_misspelt_name_finds_the_worker_through_the_name_dictionary(db: Connection) -> None:
    load_file("survey", SURVEY, connection=db)
    names = set(db.execute(text("SELECT name_norm FROM worker_names")).scalars())
    stored = set(db.execute(text("SELECT name_norm FROM workers")).scalars())
    assert stored <= names
    exact = callcentre.find_workers(db, name_norm=db.execute(
        text("SELECT name_norm FROM workers WHERE name = 'Sunil Kumar'")).scalar_one())  # fmt: skip
    assert exact["name"].tolist() == ["Sunil Kumar"]
    fuzzy = callcentre.find_workers(db, name_norm="sunel kumr")
    assert "Sunil Kumar" in fuzzy["name"].tolist()
    assert fuzzy["score"].iloc[0] < 1.0
    assert callcentre.find_workers(db, name_norm="zzzz qqqq").empty


def _next_id(db: Connection, table: str, column: str) -> int:
    sql = text("SELECT nextval(pg_get_serial_sequence(:table, :column))")
    return int(db.execute(sql, {"table": table, "column": column}).scalar_one())


def test_a_bulk_load_claims_consecutive_ids_and_the_sequences_go_on_after_them(
    db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", 1)
    last_worker, last_location = _next_id(db, "workers", "worker_id"), _next_id(db, "worker_locations", "location_id")
    load_file("survey", SURVEY, connection=db, file_name="ids-bulk")
    workers = db.execute(text("SELECT worker_id FROM workers ORDER BY 1")).scalars().all()
    locations = db.execute(text("SELECT location_id FROM worker_locations ORDER BY 1")).scalars().all()
    assert len(workers) > 1 and len(locations) > 1
    assert workers == list(range(last_worker + 1, last_worker + 1 + len(workers)))
    assert locations == list(range(last_location + 1, last_location + 1 + len(locations)))
    assert _next_id(db, "workers", "worker_id") == workers[-1] + 1
    assert _next_id(db, "worker_locations", "location_id") == locations[-1] + 1


def test_rows_made_in_a_child_process_are_the_rows_made_here(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _load_and_snapshot(db, monkeypatch, min_rows=1)
    monkeypatch.setattr(copying, "CHILD_BUILD_MIN_ROWS", 0)  # every COPY of the loads through a forked child,
    monkeypatch.setattr(copying, "COPY_CHUNK_ROWS", 2)  # the rows made and sent a few at a time,
    monkeypatch.setattr(geocode, "SPLIT_MIN_ADDRESSES", 2)  # and the addresses geocoded by two processes
    in_child = _load_and_snapshot(db, monkeypatch, min_rows=1)
    assert len(here["workers"]) == 7
    for name in _SNAPSHOT:
        pd.testing.assert_frame_equal(in_child[name], here[name], obj=name)


def test_a_child_process_that_fails_midway_fails_the_load(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", 1)
    monkeypatch.setattr(copying, "CHILD_BUILD_MIN_ROWS", 0)
    real_chunk = copying._csv_chunk

    def fails_on_locations(chunk: pd.DataFrame) -> bytes | memoryview:
        if "raw_address" in chunk.columns:  # the workers went through already; their locations never arrive
            raise ValueError("simulated failure while making the location rows")
        return real_chunk(chunk)

    monkeypatch.setattr(copying, "_csv_chunk", fails_on_locations)
    savepoint = db.begin_nested()
    with pytest.raises(RuntimeError, match="child process"):
        load_file("survey", SURVEY, connection=db, file_name="child-fails")
    savepoint.rollback()
    assert db.execute(text("SELECT count(*) FROM workers")).scalar_one() == 0


def test_a_bulk_load_forks_every_child_while_no_other_thread_runs(
    db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fork helper refuses to fork while another thread runs; a bulk load that started one (a lookup thread,
    # say) before its geocoding child would geocode on one core and leave ``forked`` False.
    monkeypatch.setattr(settings, "bulk_rebuild_min_rows", 1)
    monkeypatch.setattr(copying, "CHILD_BUILD_MIN_ROWS", 0)
    monkeypatch.setattr(geocode, "SPLIT_MIN_ADDRESSES", 2)
    made: list[tuple[bool, int]] = []
    real_init = Forked.__init__

    def recorded(self: Forked[object], fn: Callable[[], object]) -> None:
        real_init(self, fn)
        made.append((self.forked, threading.active_count()))

    monkeypatch.setattr(Forked, "__init__", recorded)
    summary = load_file("survey", SURVEY, connection=db, file_name="forks")
    assert summary.loaded == 4
    # The geocoding child, then COPY children: the lookup's keys, the new people's rows, the name dictionary's.
    assert len(made) >= 2
    assert made == [(True, 1)] * len(made)
