"""Loading the returned-migrant skill survey: quirks, rejections, idempotency, atomicity, encodings."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, text

from atlas.settings import settings
from loaders import load_file
from loaders.errors import UnreadableFile

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
SURVEY = FIXTURES / "survey_hindi.csv"


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "reports")


def _workers(db: Connection) -> pd.DataFrame:
    sql = (
        "SELECT name, phone, home_state_code, current_state_code, is_interstate_migrant, is_synthetic "
        "FROM workers ORDER BY name"
    )
    return pd.read_sql(text(sql), db)


def _count(db: Connection, table: str) -> int:
    return int(db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # table names are literals below


def test_good_rows_load_and_bad_rows_are_kept_with_reasons(db: Connection) -> None:
    summary = load_file("survey", SURVEY, connection=db)
    assert (summary.loaded, summary.updated, summary.rejected, summary.rows_total) == (4, 0, 2, 6)
    assert summary.line().startswith("loaded 4, updated 0, rejected 2, report ")
    workers = _workers(db)
    assert workers["name"].tolist() == ["Guddu Kumar", "Sunil Kumar", "मोहम्मद इरफ़ान", "रामेश्वर प्रसाद"]
    assert workers["phone"].tolist()[1:] == ["9876543211", "9876543212", "9876543210"]
    assert workers["home_state_code"].eq("10").all()
    rejected = pd.read_sql(text("SELECT row_number, raw, errors FROM rejected_rows ORDER BY row_number"), db)
    assert rejected["row_number"].tolist() == [9, 10]
    assert rejected["raw"][1]["नाम"] == "Pintu Yadav"  # the whole row is kept as written
    assert [e["code"] for e in rejected["errors"][0]] == ["missing_name"]
    assert "no_identity" in [e["code"] for e in rejected["errors"][1]]


def test_report_lists_every_bad_row_and_the_dropped_aadhaar_column(db: Connection) -> None:
    summary = load_file("survey", SURVEY, connection=db)
    with open(summary.report_path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    notices = [r["message"] for r in rows if r["severity"] == "notice"]
    assert any("Aadhaar" in n and "dropped" in n for n in notices)
    errors = {(r["row_number"], r["code"]) for r in rows if r["severity"] == "error"}
    assert errors == {("9", "missing_name"), ("10", "no_identity")}
    warnings = {(r["row_number"], r["code"]) for r in rows if r["severity"] == "warning"}
    assert {("11", "bad_phone"), ("11", "unknown_skill"), ("11", "bad_date")} <= warnings


def test_aadhaar_is_never_stored(db: Connection) -> None:
    load_file("survey", SURVEY, connection=db)
    for table in ("workers", "rejected_rows", "worker_locations"):
        for aadhaar in ("2345 6789 0123", "345678901234", "567890123456"):
            sql = text(f"SELECT count(*) FROM {table} t WHERE row_to_json(t)::text LIKE :v")  # literal table names
            assert db.execute(sql, {"v": f"%{aadhaar}%"}).scalar_one() == 0


def test_skills_and_last_workplace_make_interstate_migrants(db: Connection) -> None:
    load_file("survey", SURVEY, connection=db)
    skills = pd.read_sql(
        text("SELECT w.name, s.nco_code FROM worker_skills s JOIN workers w USING (worker_id) ORDER BY 1, 2"), db
    )
    assert skills.groupby("name")["nco_code"].apply(list).to_dict() == {
        "Sunil Kumar": ["7126", "7411"],
        "मोहम्मद इरफ़ान": ["7115"],
        "रामेश्वर प्रसाद": ["7112"],
    }
    workers = _workers(db).set_index("name")
    assert workers.loc["रामेश्वर प्रसाद", "current_state_code"] == "24"  # Surat, Gujarat
    assert workers.loc["Sunil Kumar", "current_state_code"] == "03"  # Ludhiana, Punjab
    assert workers.loc["रामेश्वर प्रसाद", "is_interstate_migrant"]
    assert not workers.loc["Guddu Kumar", "is_interstate_migrant"]  # no workplace given


def test_loading_the_same_file_twice_changes_nothing(db: Connection) -> None:
    first = load_file("survey", SURVEY, connection=db)
    before = [_count(db, t) for t in ("workers", "worker_skills", "worker_locations", "rejected_rows")]
    again = load_file("survey", SURVEY, connection=db)
    assert again.already_loaded and (again.loaded, again.updated) == (0, 0)
    assert again.batch_id == first.batch_id
    assert [_count(db, t) for t in ("workers", "worker_skills", "worker_locations", "rejected_rows")] == before


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_the_same_rows_in_another_encoding_merge_into_the_same_workers(db: Connection, encoding: str) -> None:
    english = (
        "Name,Father's Name,Village,Block,District,Mobile,Skill,Last Workplace,Date\n"
        'Sunil Kumar,Ramdeo Ram,Hariharpur Kalan,Goriakothi,Siwan,9876543211,Electrician,"Ludhiana, Punjab",15-06-2020\n'
        "José Ram – Sr,Shiv Ram,Bedauli,Mairwa,Siwan,9876543299,Mason,Surat,16-06-2020\n"
    )
    separator = "\t" if encoding == "utf-16" else ","
    data = english.replace(",", separator) if encoding == "utf-16" else english
    if encoding == "utf-16":  # Excel's "Unicode text": tab separated, quotes unnecessary
        data = data.replace('"Ludhiana\tPunjab"', "Ludhiana Punjab")
    first = load_file("survey", data.encode(encoding), connection=db, file_name=f"a.{encoding}")
    assert (first.loaded, first.rejected) == (2, 0)
    assert "José Ram – Sr" in _workers(db)["name"].tolist()
    twin = english.replace("Date\n", "Date,Remarks\n")  # different bytes, same people
    second = load_file("survey", twin.encode("utf-8"), connection=db, file_name="b.csv")
    assert not second.already_loaded
    assert (second.loaded, second.updated) == (0, 0)
    assert _count(db, "workers") == 2


def test_a_failure_after_staging_leaves_nothing_and_a_rerun_completes(
    db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atlas.queries import ingest

    def fail(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("power cut")

    monkeypatch.setattr(ingest, "refresh_current_locations", fail)
    with pytest.raises(RuntimeError, match="power cut"):
        load_file("survey", SURVEY, connection=db)
    assert [_count(db, t) for t in ("workers", "worker_locations", "load_batches WHERE kind = 'survey'")] == [0, 0, 0]
    monkeypatch.undo()
    monkeypatch.setattr(settings, "report_dir", settings.report_dir)
    summary = load_file("survey", SURVEY, connection=db)
    assert (summary.loaded, summary.rejected) == (4, 2)
    assert _count(db, "workers") == 4


def test_an_empty_or_headerless_file_is_a_clear_fatal_error(db: Connection) -> None:
    with pytest.raises(UnreadableFile, match="empty"):
        load_file("survey", b"", connection=db)
    with pytest.raises(UnreadableFile, match="no header row"):
        load_file("survey", b"x,y\n1,2\n", connection=db)
    assert _count(db, "load_batches WHERE kind = 'survey'") == 0
