"""Printed reports: a district's and a state's PDF from the command line, in Hindi and English, audited, with
small counts suppressed."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from atlas.reports.build import printed, printed_small

ROOT = Path(__file__).resolve().parent.parent


def report(demo_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": demo_url}
    command = [sys.executable, "-m", "atlas.reports", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def siwan(demo_url: str) -> tuple[int, str]:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT district_id, name_hi FROM districts WHERE name_en = 'Siwan'")).one()
    engine.dispose()
    return int(row.district_id), str(row.name_hi)


def test_a_district_report_in_hindi_is_shaped_text_of_at_least_two_pages(
    own_demo: str, siwan: tuple[int, str], tmp_path: Path
) -> None:
    district_id, hindi_name = siwan
    out = tmp_path / "siwan.pdf"
    done = report(own_demo, "district", "--district-id", str(district_id), "--lang", "hi", "--out", str(out))
    assert done.returncode == 0, done.stderr
    words = pdf_text(out)
    assert hindi_name in words and "प्रवासी" in words, "Devanagari is text in the PDF, not pictures or boxes"
    assert pages(out) >= 2
    engine = create_engine(own_demo)
    with engine.connect() as connection:
        audited = connection.execute(
            text("SELECT username, details->>'lang' FROM audit_log WHERE action = 'report' AND target = :t"),
            {"t": f"district:{district_id}"},
        ).all()
    engine.dispose()
    assert [tuple(a) for a in audited] == [(f"cli:{getpass.getuser()}", "hi")], "printed once, audited once"


def test_a_state_report_ranks_every_district(own_demo: str, tmp_path: Path) -> None:
    out = tmp_path / "bihar.pdf"
    done = report(own_demo, "state", "--state-code", "10", "--lang", "en", "--out", str(out))
    assert done.returncode == 0, done.stderr
    words = pdf_text(out)
    engine = create_engine(own_demo)
    with engine.connect() as connection:
        districts = connection.execute(
            text(
                "SELECT d.name_en FROM districts d WHERE d.state_code = '10' "
                "AND EXISTS (SELECT 1 FROM workers w WHERE w.home_district_id = d.district_id)"
            )
        ).scalars()
        missing = [name for name in districts if name not in words]
    engine.dispose()
    assert missing == []
    assert "Districts ranked by migrants" in words


def test_an_unknown_district_is_a_clear_error(demo_url: str, tmp_path: Path) -> None:
    done = report(demo_url, "district", "--district-id", "99999999", "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 2
    assert "no district with id 99999999" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_small_counts_are_printed_suppressed() -> None:
    assert [printed(None), printed(5), printed(235493)] == ["< 5", "5", "2,35,493"]
    assert [printed_small(0), printed_small(3), printed_small(12)] == ["0", "< 5", "12"], "1 to 4 are hidden"
