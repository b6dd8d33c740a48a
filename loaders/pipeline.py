"""The pipeline every file loader runs: read -> normalise and validate -> geocode -> write, in one transaction.

A kind of file (survey, eshram, tracking, complaints, camps) is a ``FileKind``: its column
names, a pure ``prepare`` step that normalises and validates the frame, and a ``write`` step
that geocodes and writes. This module does the rest the same way for all of them: the batch
row keyed by the file's SHA-256 (a finished file is never loaded twice), typed row-level
issues, rejected rows kept whole, the CSV report and the summary.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine
from tqdm import tqdm

from atlas.db import default_engine
from atlas.exports import neutralise
from atlas.numbers import grouped
from atlas.queries import access
from atlas.queries import loading as q
from atlas.queries.bulk import run_pending_ddl
from atlas.queries.ingest import is_bulk
from atlas.queries.rollups import WorkerKeys, batch_changes, compact_rollups
from atlas.settings import settings
from loaders.clean import MAX_TEXT_CHARS, TEXT_LIMITS, today_in_india
from loaders.errors import NotAllowedToLoad
from loaders.reading import RawTable, header_key, read_table

ERROR, WARNING = "error", "warning"
REFERENCE_DATA = Path(__file__).resolve().parent / "reference_data"
# The summary carries the first problems for a screen to show; the CSV report has all of them.
MAX_ERRORS_IN_SUMMARY = 1000


@dataclass(frozen=True)
class RowError:
    """One problem with one field of one row, in words an official can act on."""

    row_number: int
    field: str
    code: str
    message: str
    severity: str = ERROR


class Issues:
    """Row-level problems, collected column-wise from boolean masks so that validation stays vectorised."""

    COLUMNS = ("index", "row_number", "field", "code", "message", "severity")

    def __init__(self, row_numbers: pd.Series) -> None:
        self.row_numbers = row_numbers
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, field: str, code: str, message: str | pd.Series, severity: str = ERROR) -> None:
        """Record a problem for every row where ``mask`` is True (``message`` may vary per row)."""
        mask = mask.reindex(self.row_numbers.index, fill_value=False).astype(bool)
        if not mask.any():
            return
        # A per-row message may be given for the masked rows only, so it is built for few rows.
        text = message.reindex(mask.index[mask]).to_numpy() if isinstance(message, pd.Series) else message
        part = pd.DataFrame(
            {"index": mask.index[mask], "row_number": self.row_numbers[mask].to_numpy(), "field": field,
             "code": code, "message": text, "severity": severity}
        )  # fmt: skip
        self._parts.append(part)

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=list(self.COLUMNS))
        return pd.concat(self._parts, ignore_index=True).sort_values(["row_number", "field"], kind="stable")

    def errored(self) -> pd.Index:
        """Index labels of rows with at least one error: these rows are rejected."""
        issues = self.frame()
        return pd.Index(issues.loc[issues["severity"] == ERROR, "index"].unique())

    def records(self, *, limit: int) -> list[RowError]:
        rows = self.frame().head(limit).to_dict("records")
        return [RowError(int(r["row_number"]), str(r["field"]), str(r["code"]), str(r["message"]), str(r["severity"]))
                for r in rows]  # fmt: skip


@dataclass
class Batch:
    """What the write step needs to know about the load it belongs to."""

    batch_id: int
    kind: str
    user_id: int | None
    synthetic: bool
    today: date
    notices: list[str] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step, for the summary
    # The scope of the user the file is loaded for (None: the operator, from the command line). The write
    # steps reject rows outside it (``loaders.scope``); the database refuses them anyway (``access.set_upload_scope``).
    scope: access.UploadScope | None = None

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        with timed(self.steps, step):
            yield


@contextmanager
def timed(steps: dict[str, float], step: str) -> Iterator[None]:
    """Add the seconds the block takes to ``steps[step]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        steps[step] = steps.get(step, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class Written:
    loaded: int
    updated: int


@dataclass(frozen=True)
class FileKind:
    """A kind of upload: header names per field, and its prepare and write steps."""

    name: str
    aliases: dict[str, tuple[str, ...]]
    prepare: Callable[[RawTable, Issues, date], pd.DataFrame]
    write: Callable[[Connection, pd.DataFrame, Issues, Batch], Written]
    protected: frozenset[str] = frozenset({"uan"})

    def header_lookup(self) -> dict[str, str]:
        pairs = (
            (alias, name) for name, names in self.aliases.items() for alias in (name, name.replace("_", " "), *names)
        )
        return {header_key(alias): name for alias, name in pairs}


@dataclass
class LoadSummary:
    kind: str
    file_name: str
    batch_id: int | None
    rows_total: int
    loaded: int
    updated: int
    rejected: int
    warnings: int
    report_path: str
    already_loaded: bool = False
    seconds: float = 0.0  # reading to commit
    rebuild_seconds: float = 0.0  # indexes and foreign keys a bulk load rebuilds after its commit
    refresh_seconds: float = 0.0  # the dashboard rollups: their deltas in the load, or a compaction after a bulk one
    compact_after: bool = False  # a bulk load changes no rollup itself: they are rebuilt after its commit
    notices: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)  # seconds: read, validate, geocode, write, finish

    def line(self) -> str:
        return (
            f"loaded {grouped(self.loaded)}, updated {grouped(self.updated)}, rejected {grouped(self.rejected)}, "
            f"report {self.report_path}"
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _transaction(connection: Connection | None, engine: Engine | None) -> Iterator[Connection]:
    """The caller's connection (inside a savepoint when it already has a transaction), else a new one."""
    if connection is not None:
        begin = connection.begin_nested if connection.in_transaction() else connection.begin
        with begin():
            yield connection
        return
    with (engine or default_engine()).begin() as new:
        yield new


@lru_cache(maxsize=1)
def occupations() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DATA / "nco2015_occupations.csv", dtype=str, keep_default_na=False)


def _report_path(kind: str, file_name: str, sha256: str) -> Path:
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(file_name).stem)[:60]
    return Path(settings.report_dir) / f"{kind}-{stem}-{sha256[:10]}.csv"


def write_report(path: Path, notices: list[str], issues: pd.DataFrame) -> None:
    """Notices about the file, then one line per problem: row, severity, field, code, message.

    Messages quote bad values (a phone, a name): the folder and the file are for their owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["row_number", "severity", "field", "code", "message"])
        for notice in notices:
            out.writerow(["", "notice", "", "file", neutralise(notice)])
        for r in issues.itertuples():
            out.writerow([r.row_number, r.severity, r.field, r.code, neutralise(str(r.message))])


def check_text_lengths(table: RawTable, issues: Issues) -> None:
    """A cell longer than its field allows (``clean.TEXT_LIMITS``) rejects its row, with the length found."""
    for name, column in table.frame.items():
        limit = TEXT_LIMITS.get(str(name), MAX_TEXT_CHARS)
        # The longest cell first, in one fast pass: almost every file has no long cell at all.
        if column.empty or max(map(len, column.to_numpy(dtype=object))) <= limit:
            continue
        lengths = column.str.len()
        long = lengths > limit
        if long.any():
            label = str(name).replace("_", " ")
            message = (f"the {label} is " + lengths[long].map("{:,}".format) + f" characters long, over the "
                       f"{limit:,} allowed; shorten it, or check that the columns are not shifted")  # fmt: skip
            issues.add(long, str(name), "too_long", message)


def _rejected_frame(table: RawTable, issues: pd.DataFrame, rejected: pd.Index) -> pd.DataFrame:
    errors = issues[issues["index"].isin(rejected)]
    by_row = {i: g[["field", "code", "message", "severity"]].to_dict("records") for i, g in errors.groupby("index")}
    raw = table.raw.loc[rejected]
    return pd.DataFrame(
        {"row_number": table.row_numbers.loc[rejected].to_numpy(), "raw": raw.to_dict("records"),
         "errors": [by_row[i] for i in rejected]}
    )  # fmt: skip


def _already_loaded(kind: str, file_name: str, previous: dict[str, Any]) -> LoadSummary:
    return LoadSummary(
        kind, file_name, int(previous["batch_id"]), int(previous["rows_total"]), 0, 0, int(previous["rows_rejected"]),
        0, str(previous["report_path"]), already_loaded=True, notices=["this file was loaded before; nothing changed"],
    )  # fmt: skip


@dataclass(frozen=True)
class LoadOptions:
    """Where and for whom a file is loaded (see ``loaders.load_file``)."""

    file_name: str
    connection: Connection | None = None
    engine: Engine | None = None
    user_id: int | None = None
    synthetic: bool = False
    progress: bool = False
    refresh_rollups: bool = True
    max_bytes: int | None = None  # upload limits; None: no limit
    max_rows: int | None = None


class _StepBar(tqdm):  # type: ignore[misc]  # tqdm ships no type hints: its class is Any to mypy
    """A load's progress bar without tqdm's monitor thread (started by every bar, even a hidden one): a bulk
    load forks child processes, which ``atlas.ingest.forked`` refuses while another thread runs."""

    monitor_interval = 0


def run(kind: FileKind, data: bytes, options: LoadOptions) -> LoadSummary:
    """Load one file of one kind in one transaction and return its summary."""
    started = time.perf_counter()
    show = options.progress and sys.stderr.isatty()
    with _StepBar(total=5, desc=f"{kind.name} {options.file_name}", unit="step", disable=not show, leave=False) as bar:
        summary = _run_steps(kind, data, bar, options)
    summary.seconds = time.perf_counter() - started
    # Only a load that owns its transaction has committed here; a caller's connection may still roll back.
    if options.connection is None and not summary.already_loaded:
        engine = options.engine or default_engine()
        started = time.perf_counter()
        run_pending_ddl(engine)  # what a bulk load left: index builds and key checks, not blocking readers
        summary.rebuild_seconds = time.perf_counter() - started
        if options.refresh_rollups and summary.compact_after:
            summary.refresh_seconds = refresh_dashboard(engine)
    return summary


def refresh_dashboard(engine: Engine) -> float:
    """Rebuild the dashboard's rollups from scratch (``compact_rollups``); returns the seconds it took."""
    started = time.perf_counter()
    compact_rollups(engine)
    return time.perf_counter() - started


def worker_keys_of(good: pd.DataFrame) -> WorkerKeys:
    """The keys by which a batch's rows name workers (the columns its kind has)."""

    def values(column: str) -> list[str]:
        return sorted(set(good[column].dropna().astype(str)) - {""}) if column in good else []

    ids = [int(ref) for ref in values("worker_ref") if ref.isdigit() and len(ref) <= 18]
    return WorkerKeys(values("natural_key"), values("uan"), values("phone"), ids)


def _run_steps(kind: FileKind, data: bytes, bar: tqdm, options: LoadOptions) -> LoadSummary:
    sha, file_name = _sha256(data), options.file_name
    steps: dict[str, float] = {}
    with _transaction(options.connection, options.engine) as conn:
        q.lift_statement_timeout(conn)
        scope = _uploader_scope(conn, options.user_id)
        previous = q.finished_batch(conn, kind.name, sha)
        if previous is not None:
            return _already_loaded(kind.name, file_name, previous)
        with timed(steps, "read"):
            table = read_table(data, kind.header_lookup(), protected=set(kind.protected),
                               max_rows=options.max_rows, max_bytes=options.max_bytes)  # fmt: skip
        bar.update()
        with timed(steps, "validate"):
            issues = Issues(table.row_numbers)
            check_text_lengths(table, issues)
            today = today_in_india()
            prepared = kind.prepare(table, issues, today)
        bar.update()
        batch_id = q.open_batch(conn, kind=kind.name, file_name=file_name, sha256=sha, user_id=options.user_id)
        if batch_id is None:  # another session finished the same file meanwhile
            return _already_loaded(kind.name, file_name, q.finished_batch(conn, kind.name, sha) or {})
        q.upsert_occupations(conn, occupations())
        batch = Batch(batch_id, kind.name, options.user_id, options.synthetic, today, list(table.notices), steps, scope)
        errored = issues.errored()
        # Dropping nothing would still copy every column of every row (a second at 16 lakh rows).
        good = prepared.drop(index=errored, errors="ignore") if len(errored) else prepared
        bar.update()
        keys = worker_keys_of(good)
        # The rollups change with the batch, in its transaction: what its workers counted before, then after.
        bulk = is_bulk(conn, keys.rows)
        with batch_changes(conn, batch.batch_id, keys, bulk=bulk) as rollups:
            written = kind.write(conn, good, issues, batch)
        bar.update()
        with timed(steps, "finish"):
            summary = _finish(conn, kind, table, issues, batch, written, file_name=file_name, sha=sha)
        summary.refresh_seconds = rollups.seconds if rollups is not None else 0.0
        summary.compact_after = rollups is None and not keys.empty
        bar.update()
    summary.steps = steps
    return summary


def _uploader_scope(connection: Connection, user_id: int | None) -> access.UploadScope | None:
    """The scope of the user the file is loaded for, now enforced by the database for this transaction."""
    if user_id is None:
        return None
    scope = access.upload_scope(connection, user_id)
    if scope is None:
        raise NotAllowedToLoad()
    access.set_upload_scope(connection, scope)
    return scope


def _finish(
    conn: Connection, kind: FileKind, table: RawTable, issues: Issues, batch: Batch, written: Written, **file: str
) -> LoadSummary:
    all_issues = issues.frame()
    rejected = issues.errored()
    q.write_rejected_rows(conn, batch.batch_id, _rejected_frame(table, all_issues, rejected))
    report = _report_path(kind.name, file["file_name"], file["sha"])
    write_report(report, batch.notices, all_issues)
    total = len(table.frame)
    counts = {"total": total, "loaded": written.loaded, "updated": written.updated, "rejected": len(rejected)}
    q.finish_batch(conn, batch.batch_id, counts=counts, report_path=str(report))
    warnings = int((all_issues["severity"] == WARNING).sum())
    return LoadSummary(
        kind.name, file["file_name"], batch.batch_id, total, written.loaded, written.updated, len(rejected), warnings,
        str(report), notices=batch.notices, errors=issues.records(limit=MAX_ERRORS_IN_SUMMARY),
    )  # fmt: skip
