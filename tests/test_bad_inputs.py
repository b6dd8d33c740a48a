"""The bad-input corpus (tests/bad_inputs/cases.toml): every case has its expected outcome, and none a traceback.

A fatal case raises a named ``AtlasError`` whose message says what is wrong and what to do; any
other case loads its good rows and reports its bad ones, with the text stored exactly as written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Connection, text

from atlas.errors import AtlasError
from atlas.settings import settings
from loaders import LoadSummary, load_file
from loaders import errors as loader_errors
from loaders.errors import UploadTooLarge
from loaders.pipeline import write_report
from tests.bad_inputs.make_corpus import GENERATORS, SURVEY_HEADER, _survey, _survey_row

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "bad_inputs"
FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
# Columns a case may name in `verbatim`, `stored` or `absent`: identifiers are never taken from data.
COLUMNS = {"workers.name", "workers.father_name", "workers.home_address_raw", "worker_locations.raw_address",
           "worker_locations.employer", "call_attempts.note", "complaints.external_ref", "complaints.description"}  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "reports")


def _case_path(case: dict[str, Any], tmp_path: Path) -> Path:
    if "file" in case:
        return CORPUS / case["file"]
    name = case["generate"]
    suffix = ".xlsx" if "zip" in name else ".csv"
    return GENERATORS[name](tmp_path / f"{name}{suffix}", **case.get("generate_args", {}))


def _cells(path: Path, column: str) -> list[str]:
    """The cells of one column of a case file, as the file holds them."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    return [row[at] for row in rows[1:]]


def _exists(db: Connection, column: str, value: str) -> bool:
    assert column in COLUMNS, column
    table, name = column.split(".")
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {name} = :v)"  # identifiers from COLUMNS only
    return bool(db.execute(text(sql), {"v": value}).scalar_one())


def _check_loaded(case: dict[str, Any], path: Path, summary: LoadSummary, db: Connection) -> None:
    assert (summary.loaded, summary.rejected) == (case["loaded"], case["rejected"]), summary.errors
    errors = sorted(f"{e.row_number}:{e.code}" for e in summary.errors if e.severity == "error")
    assert errors == sorted(case.get("errors", [])), summary.errors
    warnings = {f"{e.row_number}:{e.code}" for e in summary.errors if e.severity == "warning"}
    assert set(case.get("warnings", [])) <= warnings, summary.errors
    if "notice" in case:
        assert any(case["notice"] in n for n in summary.notices), summary.notices
    rejected_rows = {e.row_number for e in summary.errors if e.severity == "error"}
    for column, target in case.get("verbatim", []):
        for row, cell in enumerate(_cells(path, column), start=2):
            if row not in rejected_rows and cell:
                assert _exists(db, target, re.sub(r"\s+", " ", cell.strip())), (target, cell)
    for target, value in case.get("stored", []):
        assert _exists(db, target, value), (target, value)
    for target, value in case.get("absent", []):
        assert not _exists(db, target, value), (target, value)
    if case.get("report_safe"):
        with open(summary.report_path, encoding="utf-8-sig") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_START)]
    # Nothing broke: the tables are all still there.
    for table in ("workers", "worker_locations", "call_attempts", "complaints", "load_batches"):
        assert db.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar_one()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case: dict[str, Any], db: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in case.get("settings", {}).items():
        monkeypatch.setattr(settings, name, value)
    for required in case.get("requires", []):
        kind, file = required.split(":")
        load_file(kind, FIXTURES / file, connection=db)
    path = _case_path(case, tmp_path)
    if case["outcome"] == "fatal":
        error_class = getattr(loader_errors, case["error"])
        assert issubclass(error_class, AtlasError)
        with pytest.raises(error_class) as raised:
            load_file(case["kind"], path, connection=db)
        message = str(raised.value).lower()
        for part in case["message"]:
            assert part.lower() in message, str(raised.value)
        assert "\n" not in message and "traceback" not in message
        return
    summary = load_file(case["kind"], path, connection=db)
    _check_loaded(case, path, summary, db)


def test_every_committed_case_is_in_the_manifest() -> None:
    named = {c["file"] for c in CASES if "file" in c}
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx", ".xls")}
    assert named == on_disk


def test_the_size_limit_is_inclusive(db: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of exactly the limit loads; one byte more is refused before it is read, as bytes or as a path."""
    data = _survey([_survey_row("Ram Kumar", "7900000201")])
    monkeypatch.setattr(settings, "max_upload_bytes", len(data))
    assert load_file("survey", data, connection=db).loaded == 1
    with pytest.raises(UploadTooLarge, match=rf"over the upload limit of {len(data) - 1:,} bytes"):
        monkeypatch.setattr(settings, "max_upload_bytes", len(data) - 1)
        load_file("survey", data + b"\n", connection=db)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(UploadTooLarge):
        load_file("survey", path, connection=db)


def test_files_made_on_the_server_may_skip_the_upload_limits(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "max_upload_bytes", 10)
    monkeypatch.setattr(settings, "max_upload_rows", 1)
    data = _survey([_survey_row(f"Worker {i}", f"79000003{i:02d}") for i in range(3)])
    assert load_file("survey", data, connection=db, upload_limits=False).loaded == 3


def test_a_workplace_abroad_leaves_the_worker_without_a_current_place(db: Connection) -> None:
    summary = load_file("survey", CORPUS / "outside_india.csv", connection=db)
    reasons = [e.message for e in summary.errors if e.code == "place_not_found"]
    assert len(reasons) == 3 and all("could not be placed (" in r and "queued for review" in r for r in reasons)
    abroad = db.execute(text("SELECT count(*) FILTER (WHERE current_state_code IS NULL), count(*) FROM workers "
                             "WHERE name LIKE 'Abroad %'")).one()  # fmt: skip
    assert tuple(abroad) == (3, 3)


def test_the_report_neutralises_formulas_in_notices_and_messages(tmp_path: Path) -> None:
    import pandas as pd

    issues = pd.DataFrame([{"row_number": 2, "severity": "error", "field": "name", "code": "x", "message": "=1+1"}])
    write_report(tmp_path / "r.csv", ["@SUM(A1)", "\t=cmd"], issues)
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert [r[4] for r in rows[1:]] == ["'@SUM(A1)", "'\t=cmd", "'=1+1"]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loaders", *args], check=False, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)  # fmt: skip


@pytest.mark.parametrize(
    ("file", "env", "expected"),
    [
        ("binary_junk.xlsx", {}, "not a readable Excel or CSV file"),
        ("header_only.csv", {}, "no rows of data"),
        ("sql_survey.csv", {"ATLAS_MAX_UPLOAD_BYTES": "1000"}, "over the upload limit of 1,000 bytes"),
    ],
)
def test_the_command_line_says_what_is_wrong_in_one_line(file: str, env: dict[str, str], expected: str) -> None:
    result = _cli("survey", str(CORPUS / file), env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_header_of_the_corpus_matches_the_survey_loader() -> None:
    """The corpus's survey header names fields the survey loader knows, so its cases test the rows, not the header."""
    from loaders.survey import SURVEY

    lookup = SURVEY.header_lookup()
    from loaders.reading import header_key

    assert all(header_key(h) in lookup for h in SURVEY_HEADER)
