"""The command line: JSON lines in input order, and one-line fatal errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], stdin: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo.geocode", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or dict(os.environ),
        timeout=120,
        check=False,
    )


def test_stdin_lines_become_json_lines_in_order() -> None:
    done = _run([], "Surat\n\nvill rampur dist gaya\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert set(lines[0]) == {
        "lon",
        "lat",
        "state_code",
        "district_code",
        "block_code",
        "village_code",
        "precision",
        "confidence",
        "matched_name",
        "reason",
    }
    assert lines[0]["state_code"] == "24" and lines[1]["precision"] is None and lines[2]["state_code"] == "10"


def test_csv_input(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,addr\n1,Surat\n2,"Okhla Phase 2, New Delhi"\n', encoding="utf-8")
    done = _run(["--csv", str(source), "--column", "addr"], "")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["state_code"] for line in done.stdout.splitlines()] == ["24", "07"]


def test_fatal_errors_are_one_line(tmp_path: Path) -> None:
    missing = _run(["--csv", str(tmp_path / "nope.csv")], "")
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1
    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://nobody@/nodb?host=/nonexistent"}
    no_db = _run([], "Surat\n", env=env)
    assert no_db.returncode != 0 and len(no_db.stderr.strip().splitlines()) == 1
    assert "Traceback" not in no_db.stderr
