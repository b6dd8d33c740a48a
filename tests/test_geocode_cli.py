"""The command line ``python -m geo.geocode``: a gazetteer snapshot in, JSON lines out in input order, and
one-line fatal errors. The snapshot is written from the test database the way ``python -m loaders reference``
writes it, into a temporary folder, so the command line needs no database.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine

from geo.geocoding import Geocoder
from loaders.geocode import geocoder_for, write_gazetteer_snapshot

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_KEYS = {
    "lon", "lat", "state_code", "district_code", "block_code", "village_code", "precision", "confidence",
    "certain", "matched_name", "district_name", "reason", "reason_hi",
}  # fmt: skip
LINES = [
    "Surat",
    "",
    "vill rampur dist gaya",
    "Hajipur",
    "DIST-MUZAFFARPURBIHAR",
    "P.S. Bochaha, Muzaffarpur",
    "ग्राम- मुखियापट्टी, जिला- मधुबनी",
    "Kalkaji, New Delhi 110020",
    "Bhiwandi, Maharashtra",
    "Aurangabad",
    "asdkjh qwe zxcv",
]


@pytest.fixture(scope="module")
def snapshot(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("snapshot") / "gazetteer"
    with engine.connect() as connection:
        yield write_gazetteer_snapshot(connection, {"counts": {}}, folder)


@pytest.fixture()
def geocoder(db: Connection) -> Geocoder:
    return geocoder_for(db)


def _run(args: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("ATLAS_GAZETTEER_DIR", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "geo.geocode", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**environment, **env},
        timeout=300,
        check=False,
    )


def _json_lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_snapshot_gives_what_the_database_gives_line_by_line(snapshot: Path, geocoder: Geocoder) -> None:
    # No DATABASE_URL in the child's environment: the snapshot is all it reads.
    lines = _json_lines(_run(["--index", str(snapshot)], "\n".join(LINES) + "\n"))
    assert len(lines) == len(LINES) and all(set(line) == PUBLIC_KEYS for line in lines)
    assert lines == [json.loads(json.dumps(geocoder.geocode(a).public())) for a in LINES]
    surat, blank, gaya, hajipur = lines[:4]
    assert surat["state_code"] == "24" and gaya["state_code"] == "10"
    assert blank["precision"] is None and blank["state_code"] is None
    assert (hajipur["district_code"], hajipur["district_name"], hajipur["certain"]) == ("220", "Vaishali", "district")
    assert lines[LINES.index("Aurangabad")]["certain"] is None
    delhi = lines[LINES.index("Kalkaji, New Delhi 110020")]
    assert delhi["state_code"] == "07" and "090" <= str(delhi["district_code"]) <= "098"
    assert isinstance(delhi["reason_hi"], str) and "110020" in delhi["reason_hi"]


def test_csv_input_home_state_and_the_snapshot_folder_from_the_environment(snapshot: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "addr"], [1, "Surat"], [2, "Okhla Phase 2, Delhi"], [3, "Aurangabad"]])
    # Without the hint Aurangabad (of Bihar or of Maharashtra) is a guess (see the first test); with it, Bihar's.
    done = _run(["--csv", str(source), "--column", "addr", "--home-state", "10"], ATLAS_GAZETTEER_DIR=str(snapshot))
    lines = _json_lines(done)
    assert [line["state_code"] for line in lines] == ["24", "07", "10"]
    assert lines[2]["district_code"] == "235"


def test_fatal_errors_are_one_line(snapshot: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,addr\n1,Surat\n", encoding="utf-8")
    failures = {
        "no such file": _run(["--index", str(snapshot), "--csv", str(tmp_path / "nope.csv")]),
        "'address' not in in.csv": _run(["--index", str(snapshot), "--csv", str(source)]),
        "make reference": _run(["--index", str(tmp_path / "no-snapshot")], "Surat\n"),
    }
    for message, done in failures.items():
        assert done.returncode == 2 and done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
        assert message in done.stderr, done.stderr
