"""The rollups kept by deltas are the rollups a from-scratch aggregation gives (issue 16, item 3).

A narrated sequence on a copy of the demo, each step committed as the product commits it: a survey of new
workers (two of them namesakes of one village with different phones, which the data-quality page counts as
possible duplicates), a second survey that moves some of them (loaded by a session in another time zone, whose
month boundaries differ from India's), a tracking file, a call-centre call that reaches a worker at a new
workplace and a complaint, both by the dashboard's role under row-level security, the complaint's resolution,
a correction, an erasure, and finally the deletion of the test's workers. After every step each of the nine
rollup tables must hold exactly, row for row, what the compaction's queries compute from the person tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from atlas import rights
from atlas.queries import access, callcentre, complaints
from atlas.queries.rollup_sql import ROLLUPS
from atlas.queries.rollups import compact_rollups, from_scratch, rebuild, rollup_changes, stored
from loaders import load_file
from tests.conftest import app_url, on_citus, scope_of

HEADER = "Name,Father Name,Village,Block,District,Mobile,Skill,Last Workplace,Survey Date\n"
# Two namesakes of Bedauli with different phones (possible duplicates), and three others.
FIRST_SURVEY = HEADER + (
    'Sunita Kumari,Ram Lal,Bedauli,Mairwa,Siwan,9811100001,mason,"Okhla, New Delhi",12-06-2020\n'
    'Sunita Kumari,Ram Lal,Bedauli,Mairwa,Siwan,9811100002,tailor,"Surat, Gujarat",12-06-2020\n'
    'Mohan Rai,Suresh Rai,Bedauli,Mairwa,Siwan,9811100003,electrician,"Ludhiana, Punjab",30-06-2020\n'
    "Geeta Devi,Raj Kumar,Bedauli,Mairwa,Siwan,9811100004,,,01-07-2020\n"
    'Arjun Paswan,Hari Paswan,Bedauli,Mairwa,Siwan,9811100005,driver,"Patna, Bihar",15-07-2020\n'
)
# The same people found again elsewhere, a month later, with another skill; and one new worker.
SECOND_SURVEY = HEADER + (
    'Mohan Rai,Suresh Rai,Bedauli,Mairwa,Siwan,9811100003,plumber,"Surat, Gujarat",01-08-2020\n'
    'Geeta Devi,Raj Kumar,Bedauli,Mairwa,Siwan,9811100004,cook,"Okhla, New Delhi",01-08-2020\n'
    "Sunita Kumari,Ram Lal,Bedauli,Mairwa,Siwan,9811100006,mason,,01-08-2020\n"
)
CALLS = 'Mobile,Call Time,Outcome,Current Workplace,Remarks\n9811100005,10-08-2026 11:30,Reached,"Surat, Gujarat",\n'
PHONES = [f"98111000{n:02d}" for n in range(1, 7)]


def _differences(connection: Connection) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Per rollup whose table differs from a from-scratch aggregation: the rows only in one or the other."""
    found = {}
    for rollup in ROLLUPS:
        table, scratch = stored(connection, rollup), from_scratch(connection, rollup)
        if table != scratch:
            only_table = [row for row in table if row not in scratch]
            only_scratch = [row for row in scratch if row not in table]
            found[rollup.table] = {"only in the table": only_table[:5], "only from scratch": only_scratch[:5]}
    return found


@pytest.fixture()
def owner(own_demo: str) -> Iterator[Engine]:
    engine = create_engine(own_demo)
    yield engine
    engine.dispose()


def _worker(engine: Engine, phone: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(text("SELECT worker_id FROM workers WHERE phone = :p"), {"p": phone}).scalar_one()
        )


def _as_app(url: str, username: str, step: Callable[[Connection], Any]) -> Any:
    """``step`` in one committed transaction of the dashboard's role, scoped as ``username``."""
    engine = create_engine(app_url(url))
    try:
        with engine.begin() as connection:
            access.set_scope(connection, scope_of(url, username).as_settings())
            return step(connection)
    finally:
        engine.dispose()


def _lodge(owner: Engine, url: str, complaint: callcentre.NewComplaint) -> int:
    """The call centre's complaint, as the agent; as the owner on Citus, where the agent's meets the routing sync's
    SECURITY DEFINER limit (docs/SCALING.md, "What Citus costs the application")."""
    with owner.connect() as connection:
        citus = on_citus(connection)
    if not citus:
        return int(_as_app(url, "agent", lambda c: callcentre.log_complaint(c, complaint)))
    with owner.begin() as connection:
        return callcentre.log_complaint(connection, complaint)


def _possible_duplicates_in_siwan(engine: Engine) -> int:
    sql = text("SELECT duplicate_people FROM district_quality_rollup WHERE home_district_id = "
               "(SELECT district_id FROM districts WHERE name_en = 'Siwan')")  # fmt: skip
    with engine.connect() as connection:
        return int(connection.execute(sql).scalar_one())


def _minister(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT user_id FROM users WHERE username = 'minister'")).scalar_one())


def _delete_workers(connection: Connection, worker_ids: list[int]) -> None:
    """Remove the test's workers and everything of theirs (no product path deletes a worker; this one does,
    with the rollups' deltas around it, and leaves a shared demo as it found it)."""
    ids = {"ids": worker_ids}
    with rollup_changes(connection, worker_ids):
        connection.execute(text("UPDATE workers SET current_location_id = NULL WHERE worker_id = ANY(:ids)"), ids)
        for table in (
            "complaint_notifications",
            "complaint_events",
            "complaints",
            "call_claims",
            "call_attempts",
            "worker_corrections",
            "worker_locations",
            "worker_skills",
            "camp_registrations",
            "workers",
        ):
            connection.execute(text(f"DELETE FROM {table} WHERE worker_id = ANY(:ids)"), ids)  # literal names
    # The test's files too, so that on a shared demo (Citus) the next run loads them again.
    batches = "SELECT batch_id FROM load_batches WHERE file_name LIKE 'rollups-%'"
    connection.execute(text(f"DELETE FROM rejected_rows WHERE batch_id IN ({batches})"))
    connection.execute(text(f"DELETE FROM load_batches WHERE batch_id IN ({batches})"))


def test_the_rollups_stay_what_a_full_aggregation_gives(owner: Engine, own_demo: str) -> None:
    def check(step: str) -> None:
        with owner.connect() as connection:
            assert _differences(connection) == {}, f"after {step}"

    # On Citus the demo is shared, and earlier tests write to it with plain SQL: start from a compaction.
    compact_rollups(owner)
    check("a compaction")
    with owner.connect() as connection:
        before = {rollup.table: stored(connection, rollup) for rollup in ROLLUPS}

    load_file("survey", FIRST_SURVEY.encode(), engine=owner, file_name="rollups-first.csv")
    check("a survey of new workers")
    twins = _possible_duplicates_in_siwan(owner)
    assert twins >= 2, "the namesakes count as possible duplicates"

    # A session six hours behind UTC cuts months elsewhere; the rollups' months are India's whatever the session.
    elsewhere = create_engine(own_demo, connect_args={"options": "-c timezone=America/Chicago"})
    try:
        summary = load_file("survey", SECOND_SURVEY.encode(), engine=elsewhere, file_name="rollups-second.csv")
    finally:
        elsewhere.dispose()
    assert (summary.loaded, summary.rejected) == (1, 0), summary.errors
    check("a survey that updates workers, loaded in another time zone")

    load_file("tracking", CALLS.encode(), engine=owner, file_name="rollups-calls.csv")
    check("a tracking file")

    mohan, sunita, arjun = _worker(owner, PHONES[2]), _worker(owner, PHONES[0]), _worker(owner, PHONES[4])
    surat = callcentre.Workplace("Ring Road, Surat", 72.83, 21.17, "24", 231, None, "district", 0.8)
    call = callcentre.Call(mohan, datetime.now().astimezone(), "reached", surat, None, None, "rollups-call")
    _as_app(own_demo, "agent", lambda c: callcentre.record_call(c, call))
    check("a call that reached a worker at a new workplace (the dashboard's role)")

    deadlines = {"route": "12 hours", "first_action": "24 hours", "resolve": "21 days"}
    complaint = callcentre.NewComplaint(mohan, "unpaid_wages", "wages unpaid", "labour_destination", False,
                                        deadlines, datetime.now().astimezone(), None, "rollups-complaint")  # fmt: skip
    number = _lodge(owner, own_demo, complaint)
    check("a complaint")
    changed = _as_app(own_demo, "minister", lambda c: complaints.change_status(
        c, complaint_id=number, to_status="resolved", note="paid", user_id=None))  # fmt: skip
    assert changed
    check("the complaint's resolution")

    minister = _minister(owner)
    with owner.begin() as connection:
        rights.correct(connection, sunita, {"father_name": "Shyam Lal", "gender": "F"}, user_id=minister)
    check("a correction that splits the namesakes")
    with owner.begin() as connection:
        rights.erase(connection, arjun, user_id=minister)
    check("an erasure")

    with owner.connect() as connection:
        assert {rollup.table: stored(connection, rollup) for rollup in ROLLUPS} != before, "the steps counted"
    with owner.begin() as connection:
        ids = connection.execute(text("SELECT worker_id FROM workers WHERE phone = ANY(:p) OR worker_id = :a"),
                                 {"p": PHONES, "a": arjun}).scalars().all()  # fmt: skip
        _delete_workers(connection, list(ids))
    check("the deletion of the test's workers")
    with owner.connect() as connection:
        after = {rollup.table: stored(connection, rollup) for rollup in ROLLUPS}
    changed_tables = [table for table in after if after[table] != before[table]]
    # With the test's workers gone, the demo counts as it did.
    assert changed_tables == [], changed_tables


def _add_workers(connection: Connection, district_id: int, count: int) -> list[int]:
    """``count`` Siwan-born workers with a skill and a workplace in Surat, as a load would write them."""
    # The district's places are read first and sent as values: on Citus an INSERT whose SELECT reads no
    # distributed table is evaluated on the coordinator, where a subquery on a reference table read nothing.
    place = connection.execute(
        text("SELECT (SELECT village_code FROM villages WHERE district_id = :d ORDER BY village_code LIMIT 1) AS village, "
             "(SELECT ST_AsEWKT(ST_PointOnSurface(geom)) FROM districts WHERE district_id = :d) AS point, "
             "(SELECT min(nco_code) FROM occupations) AS nco"),
        {"d": district_id},
    ).one()  # fmt: skip
    assert place.village is not None and place.point is not None, place
    ids = (
        connection.execute(
            text(
                "INSERT INTO workers (natural_key, name, name_norm, father_name, phone, source, home_state_code, "
                "home_district_id, home_village_code, home_point) "
                "SELECT 'test-rollups:' || g, 'Ram', 'ram', 'Shyam', '98111001' || lpad(g::text, 2, '0'), 'survey', '10', "
                ":d, :village, ST_GeomFromEWKT(:point) FROM generate_series(1, :n) g RETURNING worker_id"
            ),
            {"d": district_id, "n": count, "village": place.village, "point": place.point},
        )
        .scalars()
        .all()
    )
    if place.nco is not None:  # occupations come with the demo; the bare test database has none
        connection.execute(
            text("INSERT INTO worker_skills (worker_id, nco_code, home_state_code, home_district_id) "
                 "SELECT w, :nco, '10', :d FROM unnest(CAST(:ids AS bigint[])) w"),
            {"ids": list(ids), "d": district_id, "nco": place.nco},
        )  # fmt: skip
    return [int(i) for i in ids]


@pytest.fixture()
def distributed(engine: Engine) -> Iterator[Connection]:
    """A new session (the pooled ones may hold connections to a worker that an earlier test restarted) on the
    Citus test database, whose person tables the migrations distributed, in a transaction rolled back afterwards."""
    fresh = create_engine(engine.url, poolclass=NullPool)
    with fresh.connect() as connection, connection.begin() as transaction:
        if not on_citus(connection):
            pytest.skip("not a Citus database (run `make test-citus`)")
        placed = "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'workers'::regclass"
        assert connection.execute(text(placed)).scalar_one() == 1, "workers is not distributed"
        yield connection
        transaction.rollback()
    fresh.dispose()


def test_deltas_work_on_the_distributed_layout(distributed: Connection) -> None:
    """On Citus with the person tables distributed on ``worker_id``, the deltas' statements run and keep the
    rollups (plain tables of the coordinator) exact."""
    db = distributed
    for rollup in ROLLUPS:  # earlier tests may have changed this database with plain SQL
        rebuild(db, rollup)
    district = db.execute(text("SELECT district_id FROM districts WHERE state_code = '10' LIMIT 1")).scalar_one()
    with rollup_changes(db, []) as change:
        change.also(_add_workers(db, district, 3))
    ids = db.execute(text("SELECT worker_id FROM workers WHERE natural_key LIKE 'test-rollups:%'")).scalars().all()
    with rollup_changes(db, ids):
        db.execute(text("UPDATE workers SET gender = 'F', last_reached_at = now() WHERE worker_id = ANY(:ids)"),
                   {"ids": list(ids[:1])})  # fmt: skip
    assert _differences(db) == {}
    counted = db.execute(text("SELECT sum(workers) FROM worker_flow_district_rollup WHERE home_district_id = :d"),
                         {"d": district}).scalar_one()  # fmt: skip
    assert counted == db.execute(text("SELECT count(*) FROM workers WHERE home_district_id = :d"),
                                 {"d": district}).scalar_one()  # fmt: skip
