"""Add a worker node to the private Citus cluster and rebalance the product's own tables while the dashboard's
queries keep running; then stop a worker node and show what each of those queries gives, and that they recover.

    ATLAS_CLUSTER=citus python -m bench rebalance [--stop-worker]

The database must hold the distributed layout (``alembic upgrade head`` on Citus) and some workers. A reader
asks, every 50 ms, as the demo minister (state administrator, Bihar) through the application role and its
row-level security, three kinds of query: the Overview's KPIs (rollup tables on the coordinator), the number of
workers of Bihar's largest district (every shard), and one worker's record (one shard). Each answer is
compared with the answer before the rebalance. One more worker is added (``scripts/citus.sh`` with one more
``ATLAS_CITUS_WORKERS``) and ``citus_rebalance_start()`` moves shards onto it. Prints the shards of ``workers``
per node before and after, how long each step took, and how many queries were answered, wrong or failed, with
their p50/p95/max. With ``--stop-worker``, worker 1 is then stopped: each query is asked once (what the
dashboard shows: an answer, or for SQLSTATE class 08 its "cannot be reached" notice after one retry), the node
is started again and the queries are asked once more. The new worker stays in the cluster.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from atlas.db import make_engine
from atlas.filters import Filters
from atlas.queries import access, callcentre, district, overview
from atlas.settings import PROJECT_ROOT, settings

BIHAR = Filters(home_state_code="10")
Probe = Callable[[Connection], object]


@dataclass(frozen=True)
class Probes:
    """The reader's queries, each with where it runs on Citus."""

    district_id: int
    worker_ids: tuple[int, ...]

    def queries(self, round_number: int) -> dict[str, Probe]:
        worker = self.worker_ids[round_number % len(self.worker_ids)]
        in_district = Filters(home_state_code="10", home_district_id=self.district_id)
        return {
            "overview.kpis (coordinator)": lambda c: overview.kpis(c, BIHAR),
            "district.count_workers (every shard)": lambda c: district.count_workers(c, in_district),
            f"callcentre.worker_record (one shard) #{worker}": lambda c: callcentre.worker_record(c, worker),
        }


def _probes(owner: Connection) -> Probes:
    district_id = owner.execute(
        text("SELECT home_district_id FROM workers WHERE home_state_code = '10' AND home_district_id IS NOT NULL "
             "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    ).scalar_one()  # fmt: skip
    worker_ids = owner.execute(
        text("SELECT worker_id FROM workers WHERE home_state_code = '10' ORDER BY worker_id LIMIT 16")
    ).scalars()
    return Probes(int(district_id), tuple(int(w) for w in worker_ids))


def _minister(owner: Connection) -> dict[str, object]:
    sql = ("SELECT user_id, username, role, scope_state_code AS state_code, scope_district_id AS district_id "
           "FROM users WHERE username = 'minister'")  # fmt: skip
    return dict(owner.execute(text(sql)).mappings().one())


def _ask(app: Engine, scope: dict[str, object], query: Probe) -> object:
    with app.begin() as connection:
        access.set_scope(connection, scope)
        return query(connection)


@dataclass
class Reader:
    """Asks the probes until stopped, keeping each answer's latency, each wrong answer and each failure."""

    app: Engine
    scope: dict[str, object]
    probes: Probes
    expected: dict[str, object]
    latencies_ms: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        round_number = 0
        while not self.stop.is_set():
            for name, query in self.probes.queries(round_number).items():
                self._ask_one(name, query)
            round_number += 1
            time.sleep(0.05)

    def _ask_one(self, name: str, query: Probe) -> None:
        started = time.perf_counter()
        try:
            answer = _ask(self.app, self.scope, query)
        except Exception as error:  # every failure is part of the measurement
            self.failures.append(f"{name}: {type(error).__name__}: {str(error)[:160]}")
            return
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        if answer != self.expected[name]:
            self.wrong.append(name)


def _expected(app: Engine, scope: dict[str, object], probes: Probes) -> dict[str, object]:
    answers: dict[str, object] = {}
    for round_number in range(len(probes.worker_ids)):
        for name, query in probes.queries(round_number).items():
            answers[name] = _ask(app, scope, query)
    return answers


def _shards_per_node(owner: Connection) -> list[tuple[int, int]]:
    sql = "SELECT nodeport, count(*) FROM citus_shards WHERE table_name = 'workers'::regclass GROUP BY 1 ORDER BY 1"
    return [(int(port), int(count)) for port, count in owner.execute(text(sql)).all()]


def _citus(command: str, cluster: str, **env_overrides: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env_overrides
    started = time.perf_counter()
    subprocess.run([str(PROJECT_ROOT / "scripts" / "citus.sh"), command, cluster], check=True, env=env)
    return time.perf_counter() - started


def _stop_node(node: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    subprocess.run([str(PROJECT_ROOT / "scripts" / "cluster.sh"), "stop", node], check=True, env=env)


def _rebalance(owner: Connection) -> tuple[str, float]:
    started = time.perf_counter()
    owner.execute(text("SELECT citus_rebalance_start()"))
    while (state := owner.execute(text("SELECT state FROM citus_rebalance_status()")).scalar()) not in (
        "finished", "failed", "cancelled"
    ):  # fmt: skip
        time.sleep(1)
    return str(state), time.perf_counter() - started


def _what_the_dashboard_shows(app: Engine, scope: dict[str, object], probes: Probes) -> None:
    for name, query in probes.queries(0).items():
        started = time.perf_counter()
        try:
            _ask(app, scope, query)
            outcome = "answered"
        except DBAPIError as error:
            state = getattr(error.orig, "sqlstate", None) or ""
            shown = "its 'cannot be reached' notice" if state.startswith("08") else "an error"
            outcome = f"SQLSTATE {state}, the dashboard shows {shown}: {str(error.orig).splitlines()[0][:100]}"
        app.dispose()  # as the dashboard's gateway does after a lost connection
        print(f"    {name:52} {outcome} ({(time.perf_counter() - started) * 1000:.0f} ms)")


def _stop_and_recover(cluster: str, app: Engine, scope: dict[str, object], probes: Probes) -> None:
    _stop_node(f"{cluster}-w1")
    print("  worker 1 stopped:")
    _what_the_dashboard_shows(app, scope, probes)
    print(f"  worker 1 started again in {_citus('start', cluster):.1f} s:")
    _what_the_dashboard_shows(app, scope, probes)


def _report(reader: Reader) -> None:
    lat = reader.latencies_ms
    p95 = statistics.quantiles(lat, n=20)[-1] if len(lat) > 1 else lat[0]
    print(f"queries meanwhile: {len(lat)} answered ({len(reader.wrong)} wrong), {len(reader.failures)} failed; "
          f"p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {max(lat):.0f} ms")  # fmt: skip
    for failure in sorted(set(reader.failures))[:5]:
        print(f"  {failure}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rebalance")
    parser.add_argument("--stop-worker", action="store_true", help="then stop worker 1, ask again, restart it")
    args = parser.parse_args(argv)
    cluster = os.environ.get("ATLAS_CLUSTER", "")
    if not cluster.startswith("citus") or os.environ.get("DATABASE_URL"):
        print("error: run it on the private Citus cluster: ATLAS_CLUSTER=citus python -m bench rebalance")
        return 2
    owner_engine = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    app = make_engine(make_url(settings.database_url).set(username="atlas_app").render_as_string(hide_password=False))
    with owner_engine.connect() as owner:
        if not owner.execute(text("SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'workers'::regclass")).first():
            print("error: workers is not distributed here; migrate the database on Citus first (alembic upgrade head)")
            return 2
        scope, probes = _minister(owner), _probes(owner)
        reader = Reader(app, scope, probes, _expected(app, scope, probes))
        workers = int(owner.execute(text("SELECT count(*) FROM pg_dist_node WHERE groupid <> 0")).scalar_one())
        before = _shards_per_node(owner)
        thread = threading.Thread(target=reader.run)
        thread.start()
        added = _citus("start", cluster, ATLAS_CITUS_WORKERS=str(workers + 1))
        print(f"worker {workers + 1} created and registered in {added:.1f} s")
        state, seconds = _rebalance(owner)
        time.sleep(2)
        reader.stop.set()
        thread.join()
        print(f"rebalance {state} in {seconds:.1f} s; shards of workers per node (port, shards): "
              f"{before} -> {_shards_per_node(owner)}")  # fmt: skip
    _report(reader)
    if args.stop_worker:
        _stop_and_recover(cluster, app, scope, probes)
    return 0 if state == "finished" and not reader.failures and not reader.wrong else 1
