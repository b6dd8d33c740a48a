"""Add a worker node to the private Citus cluster and rebalance while the application role keeps querying.

    ATLAS_CLUSTER=citus python -m bench rebalance [--rows 1000000]

Fills a distributed table ``t_rebalance`` (``--rows`` rows, about 240 bytes each), starts a reader that
queries it through the application role every 50 ms (a count over every shard and a single-shard lookup,
both checked), adds one worker (``scripts/citus.sh`` with one more ``ATLAS_CITUS_WORKERS``), runs
``citus_rebalance_start()`` and waits for it. Prints the shards per node before and after, how long each
step took, and how many queries were answered or failed meanwhile, with their p50/p95/max. The new worker
stays in the cluster (``scripts/citus.sh`` stops and starts it with the others); the table is dropped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from atlas.db import make_engine
from atlas.settings import PROJECT_ROOT, settings

TABLE = "t_rebalance"


@dataclass
class Reader:
    """Queries the table until stopped, keeping each answer's latency and each failure."""

    engine: Engine
    rows: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        probe = 0
        while not self.stop.is_set():
            probe = (probe + 7919) % self.rows + 1
            started = time.perf_counter()
            try:
                with self.engine.connect() as connection:
                    self._check(connection, probe)
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # every failure is part of the measurement
                self.failures.append(f"{type(error).__name__}: {str(error)[:160]}")
            time.sleep(0.05)

    def _check(self, connection: Connection, probe: int) -> None:
        haryana = connection.execute(text(f"SELECT count(*) FROM {TABLE} WHERE home_state_code = '06'")).scalar()
        found = connection.execute(text(f"SELECT worker_id FROM {TABLE} WHERE worker_id = :w"), {"w": probe}).scalar()
        if haryana != self.rows // 3 or found != probe:
            raise AssertionError(f"wrong answer: {haryana} in Haryana, lookup of {probe} gave {found}")


def _fill(owner: Connection, rows: int) -> float:
    owner.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    owner.execute(text(f"CREATE TABLE {TABLE} (worker_id bigint PRIMARY KEY, home_state_code text, payload text)"))
    owner.execute(text(f"SELECT create_distributed_table('{TABLE}', 'worker_id')"))
    started = time.perf_counter()
    owner.execute(
        text(f"INSERT INTO {TABLE} SELECT g, CASE WHEN g % 3 = 0 THEN '06' ELSE '10' END, repeat('x', 200) "
             "FROM generate_series(1, :rows) g"), {"rows": rows},
    )  # fmt: skip
    owner.execute(text(f"GRANT SELECT ON {TABLE} TO atlas_app"))
    return time.perf_counter() - started


def _shards_per_node(owner: Connection) -> list[tuple[int, int]]:
    sql = f"SELECT nodeport, count(*) FROM citus_shards WHERE table_name = '{TABLE}'::regclass GROUP BY 1 ORDER BY 1"
    return [(int(port), int(count)) for port, count in owner.execute(text(sql)).all()]


def _add_worker(cluster: str, workers_now: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ATLAS_CITUS_WORKERS": str(workers_now + 1)}
    started = time.perf_counter()
    subprocess.run([str(PROJECT_ROOT / "scripts" / "citus.sh"), "start", cluster], check=True, env=env)
    return time.perf_counter() - started


def _rebalance(owner: Connection) -> tuple[str, float]:
    started = time.perf_counter()
    owner.execute(text("SELECT citus_rebalance_start()"))
    while (state := owner.execute(text("SELECT state FROM citus_rebalance_status()")).scalar()) not in (
        "finished", "failed", "cancelled"
    ):  # fmt: skip
        time.sleep(1)
    return str(state), time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rebalance")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    cluster = os.environ.get("ATLAS_CLUSTER", "")
    if not cluster.startswith("citus") or os.environ.get("DATABASE_URL"):
        print("error: run it on the private Citus cluster: ATLAS_CLUSTER=citus python -m bench rebalance")
        return 2
    owner_engine = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    app = make_engine(make_url(settings.database_url).set(username="atlas_app").render_as_string(hide_password=False))
    reader = Reader(app, args.rows)
    with owner_engine.connect() as owner:
        print(f"{args.rows:,} rows written in {_fill(owner, args.rows):.1f} s")
        workers = int(owner.execute(text("SELECT count(*) FROM pg_dist_node WHERE groupid <> 0")).scalar_one())
        before = _shards_per_node(owner)
        thread = threading.Thread(target=reader.run)
        thread.start()
        print(f"worker {workers + 1} created and registered in {_add_worker(cluster, workers):.1f} s")
        state, seconds = _rebalance(owner)
        time.sleep(2)
        reader.stop.set()
        thread.join()
        after = _shards_per_node(owner)
        print(f"rebalance {state} in {seconds:.1f} s; shards per node (port, shards): {before} -> {after}")
        owner.execute(text(f"DROP TABLE {TABLE}"))
    lat = reader.latencies_ms
    p95 = statistics.quantiles(lat, n=20)[-1]
    print(f"queries meanwhile: {len(lat)} answered, {len(reader.failures)} failed; "
          f"p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {max(lat):.0f} ms")  # fmt: skip
    for failure in sorted(set(reader.failures))[:5]:
        print(f"  {failure}")
    return 0 if state == "finished" and not reader.failures else 1
