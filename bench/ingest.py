"""Survey ingest benchmark: N synthetic returnees read, normalised, validated, geocoded and written.

    python -m bench ingest [--rows N] [--seed S] [--keep] [--json]

The file is built by the seeded synthetic generator (``loaders.synthetic.survey_frame``) and cached
under data/bench/ per size and seed; generation time is reported whether or not it was cached.
The load goes through ``loaders.load_file`` exactly as an upload would. By default it runs in a
transaction that is rolled back, so the database is left as it was, and the dashboard rollups are
refreshed in a separate timing on the data as loaded (inside that transaction). ``--keep`` commits
the load instead and refreshes the rollups after the commit, as ``load_file(engine=...)`` does.

Reported: generation, load (read + validate + geocode + write) and its rows/s, the geocoder index
build apart, rollup refresh, and peak memory (``ru_maxrss``). Target: 16 lakh rows in <= 60 s.
Run big sizes against a throwaway database (CREATE DATABASE x TEMPLATE atlas).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, text

from atlas.db import make_engine
from atlas.settings import PROJECT_ROOT
from loaders import load_file
from loaders.geocode import geocoder_for
from loaders.pipeline import refresh_dashboard
from loaders.synthetic import read_reference, survey_frame

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class IngestResult:
    rows: int
    seed: int
    loaded: int
    rejected: int
    generate_seconds: float
    generated_now: bool
    geocoder_index_seconds: float
    load_seconds: float
    rows_per_second: float
    refresh_seconds: float
    peak_rss_mb: float
    committed: bool

    def line(self) -> str:
        made = "generated" if self.generated_now else "generated earlier (cached)"
        return (
            f"survey rows {self.rows:,}: loaded {self.loaded:,}, rejected {self.rejected:,}\n"
            f"  file {made} in {self.generate_seconds:.1f} s\n"
            f"  geocoder index {self.geocoder_index_seconds:.1f} s (built once per process)\n"
            f"  load+validate+geocode+write {self.load_seconds:.1f} s ({self.rows_per_second:,.0f} rows/s)\n"
            f"  rollup refresh {self.refresh_seconds:.1f} s\n"
            f"  peak memory {self.peak_rss_mb:,.0f} MB; {'committed' if self.committed else 'rolled back'}"
        )


def survey_file(rows: int, seed: int, folder: Path) -> tuple[Path, float, bool]:
    """``(path, seconds, generated_now)``: the seeded survey file, generated when not cached."""
    path = folder / f"survey-{rows}-{seed}.csv"
    timing = path.with_suffix(".seconds")
    if path.is_file() and timing.is_file():
        return path, float(timing.read_text()), False
    started = time.perf_counter()
    with make_engine().connect() as connection:
        frame = survey_frame(read_reference(connection), np.random.default_rng(seed), rows)
    folder.mkdir(parents=True, exist_ok=True)
    public = frame[[c for c in frame.columns if not c.startswith("_")]]
    path.write_bytes(public.to_csv(index=False).encode("utf-8-sig"))
    took = time.perf_counter() - started
    timing.write_text(f"{took:.3f}")
    return path, took, True


def _refresh_in(connection: Connection) -> float:
    """Refresh the rollups inside the benchmark's own (uncommitted) transaction: same work, then rolled back."""
    from atlas.queries.rollups import ROLLUPS

    started = time.perf_counter()
    for view in ROLLUPS:
        connection.execute(text(f"REFRESH MATERIALIZED VIEW {view}"))  # names from a constant tuple
    return time.perf_counter() - started


def run(rows: int, *, seed: int, keep: bool) -> IngestResult:
    path, generate_s, generated_now = survey_file(rows, seed, PROJECT_ROOT / "data" / "bench")
    engine = make_engine()
    with engine.connect() as connection:
        transaction = connection.begin()
        started = time.perf_counter()
        geocoder_for(connection)  # built once per process; reported apart from the load itself
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        summary = load_file(
            "survey", path, connection=connection, file_name=f"bench-{time.time_ns()}.csv", upload_limits=False
        )
        load_s = time.perf_counter() - started
        if keep:
            transaction.commit()
        else:
            refresh_s = _refresh_in(connection)
            transaction.rollback()
    if keep:
        refresh_s = refresh_dashboard(engine)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return IngestResult(rows, seed, summary.loaded, summary.rejected, generate_s, generated_now, index_s, load_s,
                        rows / load_s, refresh_s, peak_mb, keep)  # fmt: skip


def write_json(result: IngestResult, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ingest-{result.rows}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(asdict(result), indent=2))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command")
    ingest = commands.add_parser("ingest", help="time a survey load")
    ingest.add_argument("--rows", type=int, default=1_600_000)
    ingest.add_argument("--seed", type=int, default=2020)
    ingest.add_argument("--keep", action="store_true", help="commit the rows instead of rolling back")
    ingest.add_argument("--json", action="store_true", help="also write the numbers to bench/results/")
    args = parser.parse_args(argv or ["ingest"])
    result = run(args.rows, seed=args.seed, keep=args.keep)
    print(result.line())
    if args.json:
        print(f"  written to {write_json(result)}", file=sys.stderr)
    return 0
