"""Incremental rollups benchmark: how long the rollups take to be current after a load, against a compaction.

    python -m bench rollups [--rows N] [--seed S] [--check] [--keep]

Loads N synthetic survey rows (default 1 lakh; ``bench.ingest.survey_file``, seeded apart from the bench
databases' own seeds, so nearly all are new workers) into the database ``DATABASE_URL`` names, through
``loaders.load_file`` as an upload would: the load updates every rollup with its workers' deltas in its own
transaction (``atlas.queries.rollups``), and ``LoadSummary.refresh_seconds`` is the time that took. Then, in the
same transaction, every rollup is rebuilt from scratch as ``python -m loaders compact-rollups`` does (after the
ANALYZE it runs first), which is what each load used to cost. ``--check`` compares every rollup table with a
from-scratch aggregation before the rebuild. The transaction is rolled back unless ``--keep``.

Run it on a copy of a bench database (CREATE DATABASE x TEMPLATE bench_16lakh), migrated to head.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import Connection, text

from atlas.db import make_engine
from atlas.queries.rollup_sql import ROLLUPS
from atlas.queries.rollups import LOADED_TABLES, from_scratch, rebuild, stored
from atlas.settings import PROJECT_ROOT
from bench.ingest import survey_file
from loaders import load_file
from loaders.geocode import geocoder_for


def _compaction(connection: Connection) -> dict[str, float]:
    """Seconds per step of a from-scratch rebuild of every rollup, inside the caller's transaction."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    connection.execute(text(f"ANALYZE {', '.join(LOADED_TABLES)}"))
    timings["analyze"] = time.perf_counter() - started
    for rollup in ROLLUPS:
        started = time.perf_counter()
        rebuild(connection, rollup)
        timings[rollup.table] = time.perf_counter() - started
    return timings


def _differing(connection: Connection) -> list[str]:
    return [rollup.table for rollup in ROLLUPS if stored(connection, rollup) != from_scratch(connection, rollup)]


def run(rows: int, *, seed: int, check: bool, keep: bool) -> None:
    path, _, _ = survey_file(rows, seed, PROJECT_ROOT / "data" / "bench")
    engine = make_engine()
    with engine.connect() as connection:
        # A copy made from a template starts with no activity statistics, and would take the load for a bulk one
        # (``atlas.queries.ingest.is_bulk`` reads the live row count from them); a running database has them.
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE workers"))
    with engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        stored_workers = connection.execute(text("SELECT count(*) FROM workers")).scalar_one()
        geocoder_for(connection)  # built once per process, as in bench.ingest: not part of the load
        started = time.perf_counter()
        summary = load_file("survey", path, connection=connection, file_name=f"bench-rollups-{time.time_ns()}.csv",
                            upload_limits=False)  # fmt: skip
        load_seconds = time.perf_counter() - started
        print(f"database: {stored_workers:,} workers; loaded {summary.loaded:,} new and updated "
              f"{summary.updated:,} of {rows:,} rows in {load_seconds:.1f} s")  # fmt: skip
        print(f"  rollups current after the load: {summary.refresh_seconds:.2f} s (deltas, inside the load)")
        if check:
            started = time.perf_counter()
            differing = _differing(connection)
            print(f"  check against a from-scratch aggregation ({time.perf_counter() - started:.1f} s): "
                  + ("every rollup equal" if not differing else f"DIFFERENT: {', '.join(differing)}"))  # fmt: skip
        timings = _compaction(connection)
        total = sum(timings.values())
        print(f"  full compaction on the same database: {total:.1f} s "
              f"({', '.join(f'{name} {seconds:.1f}' for name, seconds in timings.items())})")  # fmt: skip
        if summary.refresh_seconds:
            print(f"  incremental / full: {summary.refresh_seconds / total:.1%}")
        transaction.commit() if keep else transaction.rollback()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rollups", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="survey rows to load (default 1 lakh)")
    parser.add_argument("--seed", type=int, default=1616, help="the synthetic file's seed")
    parser.add_argument("--check", action="store_true", help="compare every rollup with a from-scratch aggregation")
    parser.add_argument("--keep", action="store_true", help="commit the load instead of rolling it back")
    args = parser.parse_args(argv)
    run(args.rows, seed=args.seed, check=args.check, keep=args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
