"""Keep the dashboard's rollup tables current: deltas per change, and a from-scratch compaction.

Why deltas per set of workers. Every rollup but one is a sum over workers of what each worker (with their
skills, locations, calls, complaints and camp registrations, all keyed by ``worker_id``) contributes. So a
change to some workers moves each rollup by (their contribution after) − (their contribution before). Each
side is the rollup's own query (``atlas.queries.rollup_sql``) run over temporary copies of the changed workers'
rows, each person table read once by ``worker_id = ANY(:ids)``: one definition serves the compaction and the
deltas, a batch is read through each table's worker key (on Citus, the distribution column, and the rollups
are then computed on the coordinator), and no trigger is needed (Citus does not run triggers on distributed
tables). ``rollup_changes`` stages the negated contributions before the change and the new ones
after it in temporary tables, then applies the sum per key in the same transaction:
``INSERT … ON CONFLICT (key) DO UPDATE SET m = rollup.m + EXCLUDED.m``, in key order (two concurrent changes
lock rows in the same order), and deletes the rows whose measures all became 0 (found by the upsert's
``RETURNING``, so no rollup is scanned), so the tables hold the rows a from-scratch aggregation would. The
district and month flows are summed from the block-level flow delta.

``district_quality_rollup.duplicate_people`` counts people who share a name, father's name and village with
someone of another phone number: not a sum over workers. It is kept exact per group instead: the groups the
changed workers belonged to before and belong to after are staged, and each group's count (``_TWIN_GROUP_EACH``)
is subtracted as it was and added as it is; a group only entered after the change was, before it, its
members other than the changed workers (``ix_workers_twin_group`` finds a group's members).

What is not exact between compactions. ``reached_90d`` and ``reached`` (reached in the last 90 days) and
``fresh`` (located in the last 180 days) compare with ``now()``: a delta counts a worker by the time of their
change, and nothing subtracts a worker whose call or location ages out of the window meanwhile. So these
windows over-count by the workers who aged out since the last compaction (never under-count: a worker
leaves a window, never enters it, by time alone), until ``compact_rollups`` recounts them; run it daily.
Everything else is exact at every commit.

Who may change the rollups. Deltas run in the session that makes the change: the loaders and data-rights
actions as the owner, the call centre and departments' edits as the dashboard's role (which may write the
rollup tables) under row-level security. What such a session cannot see it sees neither before nor after
the change, so it cancels out; an edit that changes a twin group's fields (name, father, village, phone,
erasure) is a data-rights action, made as the owner, which sees every group.

A bulk load (a quarter of the workers table or more, ``atlas.queries.ingest.is_bulk``) drops the person
tables' indexes until after its commit; it is followed by a compaction instead of deltas. The compaction locks
the rollup tables against writes (readers go on), so changes made meanwhile wait for it rather than being
counted twice or not at all. ``rollup_changes`` blocks do not nest (they share the temporary tables).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from atlas.queries.bulk import run_pending_ddl
from atlas.queries.rollup_sql import (
    FLOW_ROLLUP,
    PERSON_TABLES,
    QUALITY_ROLLUP,
    ROLLUPS,
    TWIN_MEMBER,
    TWINS_BY_DISTRICT,
    Rollup,
    for_everyone,
    for_workers,
)

# A bulk load changes these tables' statistics; plans after it need fresh ones.
LOADED_TABLES = ("workers", "worker_locations", "worker_skills", "call_attempts", "complaints", "camp_registrations")
_IDS = "CAST(:ids AS bigint[])"
# The changed workers' rows of each person table, copied once per side of a change (``RollupChange._stage``).
_COPIES = {table: f"pg_temp.changed_{table}" for table in PERSON_TABLES}


def _delta_table(rollup: Rollup) -> str:
    return f"pg_temp.delta_{rollup.table}"


# --------------------------------------------------------------------------- deltas


class RollupChange:
    """The rollups' side of a change to some workers: ``before`` the change, ``after`` it (``rollup_changes``)."""

    def __init__(self, connection: Connection, worker_ids: Collection[int]) -> None:
        self._connection = connection
        self._ids = sorted({int(i) for i in worker_ids})
        self._twins = _twins(_workers_distributed(connection))
        self.seconds = 0.0

    def also(self, worker_ids: Collection[int]) -> None:
        """Workers the change created (they contributed nothing before it)."""
        self._ids = sorted(set(self._ids) | {int(i) for i in worker_ids})

    def before(self) -> None:
        started = time.perf_counter()
        for rollup in ROLLUPS:
            self._execute(f"DROP TABLE IF EXISTS {_delta_table(rollup)}")
            self._execute(f"CREATE TEMPORARY TABLE {_delta_table(rollup).removeprefix('pg_temp.')} "
                          f"(LIKE {rollup.table}) ON COMMIT DROP")  # fmt: skip
        self._execute("DROP TABLE IF EXISTS pg_temp.delta_twin_groups")
        self._execute("CREATE TEMPORARY TABLE delta_twin_groups (home_district_id integer, name_norm text, "
                      "father text, village text, seen_before boolean) ON COMMIT DROP")  # fmt: skip
        if self._ids:
            self._stage(sign=-1)
            self._stage_twin_groups(seen_before=True)
            self._execute(self._twins[0])
        self.seconds += time.perf_counter() - started

    def after(self) -> None:
        started = time.perf_counter()
        if self._ids:
            self._stage(sign=1)
            self._stage_twin_groups(seen_before=False)
            self._execute(self._twins[1])
            self._execute(self._twins[2])
        for rollup in ROLLUPS:
            _apply(self._connection, rollup)
        self.seconds += time.perf_counter() - started

    def _stage(self, *, sign: int) -> None:
        """The changed workers' contributions as they are now, times ``sign``, into the delta tables."""
        for table in PERSON_TABLES:  # one read of each person table; the rollups then read these copies
            self._execute(f"DROP TABLE IF EXISTS {_COPIES[table]}")
            self._execute(f"CREATE TEMPORARY TABLE {_COPIES[table].removeprefix('pg_temp.')} ON COMMIT DROP AS "
                          f"SELECT * FROM {table} WHERE worker_id = ANY({_IDS})")  # fmt: skip
        self._execute("ALTER TABLE pg_temp.changed_workers ADD PRIMARY KEY (worker_id)")  # for _EACH_NOT_CHANGED
        for rollup in ROLLUPS:
            if rollup.derived:
                continue  # summed from the flow delta when applied
            select = for_workers(rollup, copies=_COPIES, flow_delta=_delta_table(FLOW_ROLLUP))
            measures = ", ".join(f"{sign} * c.{m}" for m in rollup.measures)
            keys = ", ".join(f"c.{k}" for k in rollup.keys)
            self._execute(f"INSERT INTO {_delta_table(rollup)} ({', '.join(rollup.columns)}) "
                          f"SELECT {keys}, {measures} FROM ({select}) c")  # fmt: skip

    def _stage_twin_groups(self, *, seen_before: bool) -> None:
        self._execute(_STAGE_TWIN_GROUPS, seen_before=seen_before)

    def _execute(self, sql: str, **params: object) -> None:
        self._connection.execute(text(sql), {"ids": self._ids, **params})


# Twin groups (district, name, father's name, village) of the changed workers, each staged once.
_STAGE_TWIN_GROUPS = f"""
INSERT INTO delta_twin_groups
SELECT DISTINCT m.home_district_id, m.name_norm, lower(m.father_name), m.home_village_code, :seen_before
FROM pg_temp.changed_workers m
WHERE {TWIN_MEMBER}
  AND NOT EXISTS (SELECT FROM delta_twin_groups g WHERE g.home_district_id IS NOT DISTINCT FROM m.home_district_id
                  AND g.name_norm = m.name_norm AND g.father = lower(m.father_name) AND g.village = m.home_village_code)
"""

# Each staged group's people when its members have more than one phone number. {members} narrows the members:
# all of them, or those other than the changed workers.
#
# On one node the members are found through ix_workers_twin_group one group at a time (a join is planned as a
# scan of the whole workers table).
_TWIN_GROUP_EACH = f"""
SELECT g.home_district_id, CASE WHEN x.phones > 1 THEN x.people ELSE 0 END AS people
FROM delta_twin_groups g CROSS JOIN LATERAL (
    SELECT count(*) AS people, count(DISTINCT m.phone) AS phones FROM workers m
    WHERE m.home_village_code = g.village AND m.name_norm = g.name_norm AND lower(m.father_name) = g.father
      AND m.home_district_id IS NOT DISTINCT FROM g.home_district_id AND {TWIN_MEMBER} {{members}}
) x
WHERE {{filter}}"""
_EACH_NOT_CHANGED = "AND NOT EXISTS (SELECT FROM pg_temp.changed_workers c WHERE c.worker_id = m.worker_id)"

# On Citus a correlated subquery from a coordinator table into a distributed one is not supported; a join is,
# the staged groups (a subquery) sent to every shard, each shard's group read through the same index.
_TWIN_GROUP_JOINED = """
SELECT g.home_district_id, CASE WHEN count(DISTINCT m.phone) > 1 THEN count(*) ELSE 0 END AS people
FROM workers m
JOIN (SELECT * FROM delta_twin_groups g WHERE {filter}) g
  ON m.home_village_code = g.village AND m.name_norm = g.name_norm AND lower(m.father_name) = g.father
 AND m.home_district_id IS NOT DISTINCT FROM g.home_district_id
{members}
GROUP BY g.home_district_id, g.name_norm, g.father, g.village"""
_JOINED_ALL = f"WHERE {TWIN_MEMBER}"
_JOINED_NOT_CHANGED = (
    f"LEFT JOIN (SELECT worker_id FROM pg_temp.changed_workers) c ON c.worker_id = m.worker_id "
    f"WHERE {TWIN_MEMBER} AND c.worker_id IS NULL"
)

_ADD_TWINS = """
INSERT INTO pg_temp.delta_district_quality_rollup
    (home_state_code, home_district_id, workers, home_fine, valid_phone, reached, located, fresh, duplicate_people)
SELECT d.state_code, t.home_district_id, 0, 0, 0, 0, 0, 0, {sign} * t.people
FROM (SELECT home_district_id, sum(people)::integer AS people FROM ({groups}) per_group GROUP BY 1) t
JOIN districts d ON d.district_id = t.home_district_id"""


def _twins_delta(*, sign: int, groups: str, excluding_changed: bool, distributed: bool) -> str:
    """Each staged group's people (``groups``: which staged groups; ``excluding_changed``: without the changed
    workers) added to the quality delta with ``sign``."""
    if distributed:
        members = _JOINED_NOT_CHANGED if excluding_changed else _JOINED_ALL
        return _ADD_TWINS.format(sign=sign, groups=_TWIN_GROUP_JOINED.format(filter=groups, members=members))
    members = _EACH_NOT_CHANGED if excluding_changed else ""
    return _ADD_TWINS.format(sign=sign, groups=_TWIN_GROUP_EACH.format(filter=groups, members=members))


def _twins(distributed: bool) -> tuple[str, str, str]:
    """Subtracted: the groups as they were. Staged before the change, a group is read as it is then; a group
    first staged after it was, before it, its members other than the changed workers (who were elsewhere).
    Added: every staged group as it is after the change."""
    return (
        _twins_delta(sign=-1, groups="g.seen_before", excluding_changed=False, distributed=distributed),
        _twins_delta(sign=-1, groups="NOT g.seen_before", excluding_changed=True, distributed=distributed),
        _twins_delta(sign=1, groups="TRUE", excluding_changed=False, distributed=distributed),
    )


def _workers_distributed(connection: Connection) -> bool:
    """Whether the workers table is distributed by Citus (its statements then take another shape)."""
    if not connection.execute(text("SELECT to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL")).scalar_one():
        return False
    sql = "SELECT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = 'workers'::regclass)"
    return bool(connection.execute(text(sql)).scalar_one())


def _apply(connection: Connection, rollup: Rollup) -> None:
    """Add the staged delta (summed per key) to the rollup, then drop the rows it emptied."""
    source = _delta_table(FLOW_ROLLUP) if rollup.derived else _delta_table(rollup)
    summed = for_workers(rollup, copies=_COPIES, flow_delta=source) if rollup.derived else (
        f"SELECT {', '.join(rollup.keys)}, "
        + ", ".join(f"sum({m})::integer AS {m}" for m in rollup.measures)
        + f" FROM {source} GROUP BY {', '.join(rollup.keys)}"
    )  # fmt: skip
    nonzero = " OR ".join(f"d.{m} <> 0" for m in rollup.measures)
    updates = ", ".join(f"{m} = {rollup.table}.{m} + EXCLUDED.{m}" for m in rollup.measures)
    empty = " AND ".join(f"{m} = 0" for m in rollup.measures)
    # The rows the delta emptied, by their place (ctid): this transaction holds their locks until it ends.
    emptied = connection.execute(text(
        f"WITH applied AS (INSERT INTO {rollup.table} ({', '.join(rollup.columns)}) "
        f"SELECT {', '.join('d.' + c for c in rollup.columns)} FROM ({summed}) d WHERE {nonzero} "
        f"ORDER BY {', '.join('d.' + k for k in rollup.keys)} "
        f"ON CONFLICT ({', '.join(rollup.keys)}) DO UPDATE SET {updates} RETURNING ctid, {', '.join(rollup.measures)}) "
        f"SELECT ctid::text FROM applied WHERE {empty}"
    )).scalars().all()  # fmt: skip
    if emptied:
        sql = f"DELETE FROM {rollup.table} WHERE ctid = ANY(CAST(:emptied AS tid[]))"
        connection.execute(text(sql), {"emptied": list(emptied)})


@contextmanager
def rollup_changes(connection: Connection, worker_ids: Collection[int]) -> Iterator[RollupChange]:
    """Around a change to these workers in ``connection``'s transaction: their contributions to every rollup
    are subtracted as they were and added as they are after the block. Call ``also`` inside the block with
    workers it created. If the block raises, nothing is applied (the transaction is rolled back anyway)."""
    change = RollupChange(connection, worker_ids)
    change.before()
    yield change
    change.after()


@dataclass(frozen=True)
class WorkerKeys:
    """The keys by which a load's rows name workers: natural keys, UANs, phones, worker ids."""

    natural_keys: list[str]
    uans: list[str]
    phones: list[str]
    worker_ids: list[int]

    @property
    def rows(self) -> int:
        """About how many workers the batch names (to tell a bulk batch)."""
        return len(self.natural_keys) or len(self.worker_ids) + len(self.uans) + len(self.phones)

    @property
    def empty(self) -> bool:
        return not (self.natural_keys or self.uans or self.phones or self.worker_ids)


# Every stored worker a row could match, by any rule of the loaders' matching (natural key, UAN, phone with
# name, worker id): a superset is harmless, as an unchanged worker's delta is 0.
# One arm per key, each through its own index: natural keys and UANs are held by worker_identities (workers has
# no index on natural_key since the identities moved there, and an OR across columns would scan the table).
_CANDIDATES = """
SELECT worker_id FROM worker_identities
WHERE natural_key = ANY(CAST(:keys AS text[])) OR natural_key = ANY(CAST(:uan_keys AS text[]))
UNION SELECT worker_id FROM workers WHERE phone = ANY(CAST(:phones AS text[]))
UNION SELECT worker_id FROM workers WHERE worker_id = ANY(CAST(:ids AS bigint[]))"""


@contextmanager
def batch_changes(
    connection: Connection, batch_id: int, keys: WorkerKeys, *, bulk: bool
) -> Iterator[RollupChange | None]:
    """Around a load batch's write: ``rollup_changes`` for the stored workers its rows may name, and the workers
    it creates (``first_batch_id``, above the highest id before it). Yields None, changing nothing, for a
    ``bulk`` batch (``atlas.queries.ingest.is_bulk``: compact after its commit) or one that names no worker."""
    if keys.empty or bulk:
        yield None
        return
    highest = connection.execute(text("SELECT coalesce(max(worker_id), 0) FROM workers")).scalar_one()
    params = {"keys": keys.natural_keys, "uan_keys": [f"uan:{uan}" for uan in keys.uans], "phones": keys.phones,
              "ids": keys.worker_ids}  # fmt: skip
    stored = connection.execute(text(_CANDIDATES), params).scalars().all()
    with rollup_changes(connection, stored) as change:
        yield change
        created = connection.execute(
            text("SELECT worker_id FROM workers WHERE worker_id > :highest AND first_batch_id = :batch"),
            {"highest": highest, "batch": batch_id},
        ).scalars()
        change.also(list(created))


# --------------------------------------------------------------------------- compaction


def compact_rollups(engine: Engine) -> dict[str, float]:
    """Finish what bulk loads left (``atlas.queries.bulk.run_pending_ddl``: index builds, foreign-key checks),
    refresh the planner's statistics, and rebuild every rollup from scratch in one transaction; returns
    seconds per step. Readers see the old rows until the commit; changes wait for it (their deltas would
    otherwise be counted twice or not at all)."""
    started = time.perf_counter()
    run_pending_ddl(engine)
    timings: dict[str, float] = {"pending_ddl": time.perf_counter() - started}
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("SET statement_timeout = 0")
        started = time.perf_counter()
        connection.exec_driver_sql(f"ANALYZE {', '.join(LOADED_TABLES)}")
        timings["analyze"] = time.perf_counter() - started
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        tables = ", ".join(rollup.table for rollup in ROLLUPS)
        connection.exec_driver_sql(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        for rollup in ROLLUPS:
            started = time.perf_counter()
            rebuild(connection, rollup)
            timings[rollup.table] = time.perf_counter() - started
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql(f"VACUUM ANALYZE {tables}")
    return timings


def rebuild(connection: Connection, rollup: Rollup) -> None:
    """Replace a rollup's rows with a from-scratch aggregation (the flow rollup before those summed from it)."""
    connection.execute(text(f"DELETE FROM {rollup.table}"))
    connection.execute(text(f"INSERT INTO {rollup.table} ({', '.join(rollup.columns)}) {for_everyone(rollup)}"))
    if rollup is QUALITY_ROLLUP:
        connection.execute(text(
            f"UPDATE {rollup.table} q SET duplicate_people = t.people FROM ({TWINS_BY_DISTRICT}) t "
            "WHERE q.home_district_id = t.home_district_id"
        ))  # fmt: skip


def from_scratch(connection: Connection, rollup: Rollup) -> list[tuple[object, ...]]:
    """The rows a compaction would write, sorted (for checks that the deltas kept a rollup exact)."""
    select = for_everyone(rollup)
    if rollup.derived:
        select = select.replace(FLOW_ROLLUP.table, f"({for_everyone(FLOW_ROLLUP)}) flow")
    if rollup is QUALITY_ROLLUP:
        select = (f"SELECT q.home_state_code, q.home_district_id, q.workers, q.home_fine, q.valid_phone, q.reached, "
                  f"q.located, q.fresh, coalesce(t.people, 0) AS duplicate_people FROM ({select}) q "
                  f"LEFT JOIN ({TWINS_BY_DISTRICT}) t USING (home_district_id)")  # fmt: skip
    order = ", ".join(str(n) for n in range(1, len(rollup.columns) + 1))
    return [tuple(row) for row in connection.execute(text(f"SELECT * FROM ({select}) s ORDER BY {order}"))]


def stored(connection: Connection, rollup: Rollup) -> list[tuple[object, ...]]:
    """A rollup table's rows, sorted as ``from_scratch`` sorts them."""
    order = ", ".join(str(n) for n in range(1, len(rollup.columns) + 1))
    sql = f"SELECT {', '.join(rollup.columns)} FROM {rollup.table} ORDER BY {order}"
    return [tuple(row) for row in connection.execute(text(sql))]
