"""Survey ingest benchmark: N synthetic returnees read, normalised, validated, geocoded and written.

    python -m bench ingest [--rows N] [--seed S] [--files K] [--keep] [--json]

The file is built by the seeded synthetic generator (``loaders.synthetic.survey_frame``) and cached
under data/bench/ per size and seed; generation time is reported whether or not it was cached.
The load goes through ``loaders.load_file`` exactly as an upload would. By default it runs in a
transaction that is rolled back, so the database is left as it was, and the dashboard rollups are
refreshed in a separate timing on the data as loaded (inside that transaction). ``--keep`` commits
the load instead and refreshes the rollups after the commit, as ``load_file(engine=...)`` does.

``--files K`` splits the rows into K files (seeds S, S+1, ...) loaded one after another, each in
its own transaction with ``--keep``: a load accepts at most 20 lakh rows, so 1 crore is five files.

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
from sqlalchemy import Connection, Engine, text

from atlas.db import make_engine
from atlas.queries.bulk import run_pending_ddl
from atlas.settings import PROJECT_ROOT
from loaders import load_file
from loaders.geocode import geocoder_for
from loaders.pipeline import refresh_dashboard
from loaders.synthetic import read_reference, survey_frame

RESULTS = Path(__file__).resolve().parent / "results"
MAX_ROWS_PER_FILE = 2_000_000  # the loaders' row limit (settings.max_upload_rows)


@dataclass
class IngestResult:
    rows: int
    files: int
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
    steps: dict[str, float]
    file_seconds: list[float]
    rebuild_seconds: float  # after each commit: the indexes and foreign keys a bulk load rebuilds

    def line(self) -> str:
        made = "generated" if self.generated_now else "generated earlier (cached)"
        per_file = "" if self.files == 1 else f"    per file: {', '.join(f'{s:.1f} s' for s in self.file_seconds)}\n"
        return (
            f"survey rows {self.rows:,} in {self.files} file(s): loaded {self.loaded:,}, rejected {self.rejected:,}\n"
            f"  files {made} in {self.generate_seconds:.1f} s\n"
            f"  geocoder index {self.geocoder_index_seconds:.1f} s (built once per process)\n"
            f"  load+validate+geocode+write {self.load_seconds:.1f} s ({self.rows_per_second:,.0f} rows/s)\n"
            f"    {', '.join(f'{step} {seconds:.1f} s' for step, seconds in self.steps.items())}\n"
            f"{per_file}"
            f"  after the commit: indexes and keys {self.rebuild_seconds:.1f} s, "
            f"rollup refresh {self.refresh_seconds:.1f} s\n"
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
    """Rebuild the rollups inside the benchmark's own (uncommitted) transaction: same work, then rolled back."""
    from atlas.queries.rollup_sql import ROLLUPS
    from atlas.queries.rollups import rebuild

    started = time.perf_counter()
    for rollup in ROLLUPS:
        rebuild(connection, rollup)
    return time.perf_counter() - started


def _reclaim(engine: Engine) -> None:
    """VACUUM the person tables after a rolled-back run: the dead rows' pages are cut off the end of the files.

    Left in place, they make the next run's COPY fill scattered half-empty pages instead of new ones
    (COPY of 16 lakh workers: 20.8 s into a table bloated by earlier runs, 16.2 s after VACUUM).
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM workers, worker_locations, worker_skills, worker_names"))


def run(rows: int, *, seed: int, keep: bool, files: int = 1) -> IngestResult:
    sizes = [rows // files + (1 if i < rows % files else 0) for i in range(files)]
    made = [survey_file(size, seed + i, PROJECT_ROOT / "data" / "bench") for i, size in enumerate(sizes)]
    engine = make_engine()
    with engine.connect() as connection:
        transaction = connection.begin()
        started = time.perf_counter()
        geocoder_for(connection)  # built once per process; reported apart from the load itself
        index_s = time.perf_counter() - started
        summaries, file_seconds, rebuild_seconds = [], [], []
        for path, _, _ in made:
            started = time.perf_counter()
            summaries.append(load_file("survey", path, connection=connection, file_name=f"bench-{time.time_ns()}.csv",
                                       upload_limits=False))  # fmt: skip
            if keep:  # each file is its own load, as an official would upload them
                transaction.commit()
                file_seconds.append(time.perf_counter() - started)
                started = time.perf_counter()
                run_pending_ddl(engine)  # as load_file does after its commit
                rebuild_seconds.append(time.perf_counter() - started)
                transaction = connection.begin()
            else:
                file_seconds.append(time.perf_counter() - started)
        if keep:
            transaction.commit()
        else:
            refresh_s = _refresh_in(connection)
            transaction.rollback()
    if keep:
        refresh_s = refresh_dashboard(engine)
    else:
        _reclaim(engine)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    load_s = sum(file_seconds)
    steps: dict[str, float] = {}
    for summary in summaries:
        for step, seconds in summary.steps.items():
            steps[step] = steps.get(step, 0.0) + seconds
    return IngestResult(
        rows, files, seed, sum(s.loaded for s in summaries), sum(s.rejected for s in summaries),
        sum(m[1] for m in made), any(m[2] for m in made), index_s, load_s, rows / load_s, refresh_s, peak_mb, keep,
        steps, file_seconds, sum(rebuild_seconds),
    )  # fmt: skip


def write_json(result: IngestResult, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ingest-{result.rows}-{result.files}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(asdict(result), indent=2))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command")
    ingest = commands.add_parser("ingest", help="time a survey load")
    ingest.add_argument("--rows", type=int, default=1_600_000)
    ingest.add_argument("--seed", type=int, default=2020)
    ingest.add_argument("--files", type=int, default=0, help="split into this many files (default: 20 lakh rows each)")
    ingest.add_argument("--keep", action="store_true", help="commit the rows instead of rolling back")
    ingest.add_argument("--json", action="store_true", help="also write the numbers to bench/results/")
    args = parser.parse_args(argv or ["ingest"])
    files = args.files or max(1, -(-args.rows // MAX_ROWS_PER_FILE))
    result = run(args.rows, seed=args.seed, keep=args.keep, files=files)
    print(result.line())
    if args.json:
        print(f"  written to {write_json(result)}", file=sys.stderr)
    return 0
