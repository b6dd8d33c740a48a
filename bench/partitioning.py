"""Declarative partitioning tried on plain PostgreSQL: location history by year, against the table as it is.

    python -m bench.partitioning [--repeat 20] [--json FILE]

Inside one transaction that is rolled back at the end, ``worker_locations`` is copied into a table
partitioned by ``observed_at`` (one partition per year) with the same indexes, and the questions the
product asks of the history are timed on both:

- a worker's history (the call centre's record page): by ``worker_id``;
- a month's observations by state (a dated flow question the rollups otherwise answer);
- retention: removing a whole year of observations (DELETE against DETACH + DROP of a partition).

Workers are not partitioned by home state here: the synthetic data is all Bihar, so there is one state
to prune to; SCALING.md explains the national design (distribution by worker, not by state).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, text

from atlas.db import default_engine

_BUILD = [
    "CREATE TABLE bench_locations_by_year (LIKE worker_locations INCLUDING DEFAULTS) PARTITION BY RANGE (observed_at)",
    *[
        f"CREATE TABLE bench_locations_{year} PARTITION OF bench_locations_by_year "
        f"FOR VALUES FROM ('{year}-01-01 00:00+05:30') TO ('{year + 1}-01-01 00:00+05:30')"
        for year in range(2015, 2028)
    ],
    "CREATE TABLE bench_locations_other PARTITION OF bench_locations_by_year DEFAULT",
    "INSERT INTO bench_locations_by_year SELECT * FROM worker_locations",
    "CREATE INDEX ON bench_locations_by_year (worker_id, observed_at)",
    "CREATE INDEX ON bench_locations_by_year (state_code, district_id)",
    "ANALYZE bench_locations_by_year",
]
_HISTORY = "SELECT * FROM {table} WHERE worker_id = :w ORDER BY observed_at DESC"
_MONTH = (
    "SELECT state_code, count(*) FROM {table} WHERE observed_at >= '2020-06-01 00:00+05:30' "
    "AND observed_at < '2020-07-01 00:00+05:30' GROUP BY state_code"
)


def _timed(connection: Connection, sql: str, params: list[dict[str, object]]) -> dict[str, float]:
    times = []
    for p in params:
        started = time.perf_counter()
        connection.execute(text(sql), p).all()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[max(0, round(0.95 * len(times)) - 1)]}


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(repeat: int) -> dict[str, object]:
    results: dict[str, object] = {}
    with default_engine().connect() as connection:
        transaction = connection.begin()
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        rows = connection.execute(text("SELECT count(*) FROM worker_locations")).scalar_one()
        sample = connection.execute(text("SELECT worker_id FROM worker_locations TABLESAMPLE SYSTEM (1) LIMIT :n"),
                                    {"n": repeat}).scalars().all()  # fmt: skip
        params = [{"w": w} for w in sample]
        results["rows"] = rows
        results["build_seconds"] = _seconds(lambda: [connection.execute(text(s)) for s in _BUILD])
        for table in ("worker_locations", "bench_locations_by_year"):
            results[f"history[{table}]"] = _timed(connection, _HISTORY.format(table=table), params)
            results[f"month_by_state[{table}]"] = _timed(connection, _MONTH.format(table=table), [{}] * repeat)
        year = "observed_at >= '2020-01-01 00:00+05:30' AND observed_at < '2021-01-01 00:00+05:30'"
        with connection.begin_nested() as savepoint:
            results["drop_2020_seconds[delete]"] = _seconds(
                lambda: connection.execute(text(f"DELETE FROM bench_locations_by_year WHERE {year}"))  # constant
            )
            savepoint.rollback()
        detach = ("ALTER TABLE bench_locations_by_year DETACH PARTITION bench_locations_2020",
                  "DROP TABLE bench_locations_2020")  # fmt: skip
        results["drop_2020_seconds[detach+drop]"] = _seconds(lambda: [connection.execute(text(s)) for s in detach])
        transaction.rollback()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.partitioning", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    results = run(args.repeat)
    for name, value in results.items():
        shown = ", ".join(f"{k} {v:.1f}" for k, v in value.items()) if isinstance(value, dict) else f"{value:,.2f}"
        print(f"{name}: {shown}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
