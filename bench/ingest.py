"""Survey ingest benchmark: N synthetic returnees read, normalised, validated, geocoded and written.

The file is generated once per size and seed (under data/bench/) and loaded through
``loaders.load_file`` exactly as an upload would be. By default the load runs in a transaction
that is rolled back at the end, so the benchmark leaves the database as it found it; ``--keep``
commits instead. Target: 16 lakh rows in <= 60 s (goal 30 s).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from atlas.db import make_engine
from atlas.settings import PROJECT_ROOT
from loaders import load_file
from loaders.geocode import geocoder_for
from loaders.synthetic import read_reference, survey_frame


def survey_file(rows: int, seed: int, folder: Path) -> Path:
    path = folder / f"survey-{rows}-{seed}.csv"
    if not path.is_file():
        engine = make_engine()
        with engine.connect() as connection:
            frame = survey_frame(read_reference(connection), np.random.default_rng(seed), rows)
        folder.mkdir(parents=True, exist_ok=True)
        public = frame[[c for c in frame.columns if not c.startswith("_")]]
        path.write_bytes(public.to_csv(index=False).encode("utf-8-sig"))
    return path


def run(rows: int, *, seed: int, keep: bool) -> str:
    path = survey_file(rows, seed, PROJECT_ROOT / "data" / "bench")
    engine = make_engine()
    with engine.connect() as connection:
        transaction = connection.begin()
        started = time.perf_counter()
        geocoder_for(connection)  # built once per process; reported apart from the load itself
        index_s = time.perf_counter() - started
        summary = load_file("survey", path, connection=connection, file_name=f"bench-{time.time_ns()}.csv")
        took = time.perf_counter() - started - index_s
        if keep:
            transaction.commit()
        else:
            transaction.rollback()
    rate = rows / took
    return (
        f"survey rows {rows:,}: loaded {summary.loaded:,}, rejected {summary.rejected:,} in {took:.1f} s "
        f"({rate:,.0f} rows/s); geocoder index built in {index_s:.1f} s; "
        f"{'committed' if keep else 'rolled back'}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command")
    ingest = commands.add_parser("ingest", help="time a survey load")
    ingest.add_argument("--rows", type=int, default=1_600_000)
    ingest.add_argument("--seed", type=int, default=2020)
    ingest.add_argument("--keep", action="store_true", help="commit the rows instead of rolling back")
    args = parser.parse_args(argv or ["ingest"])
    print(run(args.rows, seed=args.seed, keep=args.keep))
    return 0
