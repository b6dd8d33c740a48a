"""The whole benchmark suite on a throwaway database of a given size.

    python -m bench suite [--size 1lakh|16lakh|1crore] [--keep-db] [--skip naive,browser]

1. A template database with the schema, the reference geography and the demo users is made
   once (``bench_template``) and reused; each run clones it (``bench_<size>``).
2. The synthetic survey of that size is loaded through the real loaders (``bench ingest --keep``),
   then every page query is timed (``bench pages``), 50 users are simulated with row-level
   security on (``bench load``), the naive approach is compared on the same data
   (``bench naive``), the Overview is timed in headless Chromium (``bench browser``), and the
   geocoder's throughput is measured.
3. Every step writes JSON under bench/results/suite-<size>/ and the summary is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from atlas.settings import PROJECT_ROOT, settings

SIZES = {"1lakh": 100_000, "16lakh": 1_600_000, "1crore": 10_000_000}
RESULTS = Path(__file__).resolve().parent / "results"
TEMPLATE = "bench_template"
PY = sys.executable


def _url(database: str, *, user: str | None = None) -> str:
    url = make_url(settings.database_url).set(database=database)
    if user:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    engine = create_engine(_url("postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def _exists(database: str) -> bool:
    engine = create_engine(_url("postgres"))
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).first()
    engine.dispose()
    return found is not None


def _run(step: str, args: list[str], database: str) -> float:
    env = {**os.environ, "DATABASE_URL": _url(database), "APP_DATABASE_URL": _url(database, user="atlas_app")}
    print(f"--- {step}: {' '.join(args)}", flush=True)
    started = time.perf_counter()
    subprocess.run([PY, *args], cwd=PROJECT_ROOT, env=env, check=True)
    return time.perf_counter() - started


def _template() -> None:
    if not _exists(TEMPLATE):
        _admin(f"CREATE DATABASE {TEMPLATE}")
    _run("migrate template", ["-m", "alembic", "upgrade", "head"], TEMPLATE)
    _run("reference geography", ["-m", "loaders", "reference"], TEMPLATE)
    _run("demo users", ["-m", "atlas.users", "demo"], TEMPLATE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench suite", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="1lakh")
    parser.add_argument("--keep-db", action="store_true", help="keep bench_<size> for further runs")
    parser.add_argument("--skip", default="", help="comma-separated steps to skip: naive,browser,load,geocode")
    args = parser.parse_args(argv)
    rows, skip = SIZES[args.size], set(filter(None, args.skip.split(",")))
    out = RESULTS / f"suite-{args.size}"
    out.mkdir(parents=True, exist_ok=True)
    database = f"bench_{args.size}"
    started = time.perf_counter()
    _template()
    _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    _admin(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE}")
    timings: dict[str, float] = {}
    try:
        timings["ingest"] = _run("ingest", ["-m", "bench", "ingest", "--rows", str(rows), "--keep", "--json"], database)
        baseline = RESULTS / "suite-1lakh" / "pages.json"  # the scale ratio is against the smallest size
        pages = ["-m", "bench.pages", "--json", str(out / "pages.json"), "--baseline", str(baseline)]
        timings["pages"] = _run("pages", pages, database)
        if "load" not in skip:
            timings["load"] = _run(
                "load", ["-m", "bench.load", "--seconds", "30", "--json", str(out / "load.json")], database
            )
        if "naive" not in skip:
            timings["naive"] = _run(
                "naive",
                # The naive row-by-row matcher is timed on 5,000 rows and extrapolated (it says so).
                [
                    "-m",
                    "bench.naive",
                    "--rows",
                    str(min(rows, 100_000)),
                    "--naive-sample",
                    "5000",
                    "--json",
                    str(out / "naive.json"),
                ],
                database,
            )
        if "browser" not in skip:
            timings["browser"] = _run("browser", ["-m", "bench.browser", "--json", str(out / "browser.json")], database)
        if "geocode" not in skip:
            timings["geocode"] = _run("geocode", ["-m", "bench.geocode_throughput"], database)
    finally:
        if not args.keep_db:
            _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    summary: dict[str, Any] = {
        "size": args.size,
        "rows": rows,
        "step_seconds": timings,
        "total_seconds": time.perf_counter() - started,
    }
    (out / "suite.json").write_text(json.dumps(summary, indent=1))
    print(f"suite {args.size}: {summary['total_seconds']:.0f} s in all; steps {json.dumps(timings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
