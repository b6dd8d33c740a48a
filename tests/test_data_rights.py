"""The rights of the people in the data, DPDP Act 2023 and its 2025 Rules (issue #14, part 6).

A worker asks what is held about them, to have it corrected, or to have it erased; a state
administrator of their home state acts on it. Every test runs in a rolled-back transaction.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text
from streamlit.testing.v1 import AppTest

from atlas import rights, users
from atlas.auth import hash_password
from atlas.queries import access, callcentre
from atlas.queries import rights as q
from atlas.settings import settings
from dashboard.data import SCOPE_KEY
from geo.normalize import normalise_name
from loaders import load_file
from tests.conftest import forget_workers, scope_of

PHONE = "9812345670"
SURVEY = (
    "Name,Father Name,Village,Block,District,Mobile,Skill,Last Workplace,Survey Date\n"
    f'Kamla Devi,Ram Prasad,Bedauli,Mairwa,Siwan,{PHONE},mason,"Flat 7B Shanti Kunj, Okhla, New Delhi",12-06-2020\n'
    f'Kamla Devi,Ram Prasad,Bedauli,Mairwa,Siwan,+91 98123 45670,mason,"Shanti Kunj, Okhla",12-06-2099\n'
)
CALLS = f'Mobile,Call Time,Outcome,Current Workplace,Remarks\n{PHONE},10-08-2026 11:30,Reached,"Surat, Gujarat",her employer withholds wages\n'
COMPLAINT = "Kamla Devi of Bedauli says the contractor Mr Verma has not paid her"
# What identifies her, or was written about her: none of it may remain anywhere after an erasure.
TRACES = ["Kamla Devi", "Ram Prasad", PHONE, "Shanti Kunj", "withholds wages", "Mr Verma"]


def _user(db: Connection, username: str, role: str, state: str, district: str | None = None) -> int:
    district_id = access.district_by_name(db, state, district) if district else None
    return access.create_user(db, {"username": username, "full_name": username, "role": role, "state_code": state,
                                   "district_id": district_id, "password_hash": hash_password("not-a-password")})  # fmt: skip


@pytest.fixture()
def kamla(db: Connection, tmp_path: Path) -> dict[str, Any]:
    """A Siwan worker loaded from a survey (with a rejected second row), called, complained for, searched
    for by name and with her address in the geocoder's review queue; the Bihar administrator's id."""
    previous, settings.report_dir = settings.report_dir, tmp_path
    try:
        load_file("survey", SURVEY.encode(), connection=db, file_name="kamla.csv")
        load_file("tracking", CALLS.encode(), connection=db, file_name="kamla-calls.csv")
    finally:
        settings.report_dir = previous
    worker_id = db.execute(text("SELECT worker_id FROM workers WHERE phone = :p"), {"p": PHONE}).scalar_one()
    callcentre.log_complaint(db, callcentre.NewComplaint(worker_id, "unpaid_wages", COMPLAINT, "labour_home", False,
                                                         {"route": "12 hours", "first_action": "24 hours",
                                                          "resolve": "21 days"}, datetime.now().astimezone(), None))  # fmt: skip
    access.audit(db, user_id=None, username="agent", action="search", details={"name": "Kamla Devi", "results": 1})
    db.execute(
        text(
            "INSERT INTO geocode_reviews (input_text, input_norm, result) SELECT raw_address, 'test-kamla', '{}' "
            "FROM worker_locations WHERE worker_id = :w AND source = 'survey'"
        ),
        {"w": worker_id},
    )
    return {"worker_id": worker_id, "admin": _user(db, "test.bihar.admin", "state_admin", "10")}


def _traces(db: Connection) -> dict[str, int]:
    """Rows of every table that still hold any of ``TRACES``."""
    tables = db.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
    patterns = [f"%{trace}%" for trace in TRACES]
    found = {}
    for table in tables:
        hits = db.execute(
            text(f'SELECT count(*) FROM "{table}" t WHERE t::text ILIKE ANY(:p)'),  # literal table names
            {"p": patterns},
        ).scalar_one()
        if hits:
            found[table] = hits
    return found


def _aggregates(db: Connection) -> list[tuple[Any, ...]]:
    """Workers counted as the rollups count them: home area, destination, skill, gender, source."""
    sql = text(
        "SELECT w.home_state_code, w.home_district_id, w.home_block_code, w.current_state_code, "
        "w.current_district_id, w.gender, w.source, s.nco_code, count(*) FROM workers w "
        "LEFT JOIN worker_skills s USING (worker_id) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    return [tuple(row) for row in db.execute(sql)]


def _rollup_totals(db: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """The rollups as the erasure's deltas leave them, in the test's transaction."""
    return {
        "flows": [tuple(r) for r in db.execute(text(
            "SELECT home_district_id, current_state_code, sum(workers) FROM worker_flow_district_rollup "
            "GROUP BY 1, 2 ORDER BY 1, 2"))],
        "hexagons": [tuple(r) for r in db.execute(text(
            "SELECT basis, size, home_district_id, sum(workers) FROM skill_hex_rollup GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"))],
    }  # fmt: skip


def test_an_administrator_produces_the_full_record_audited(db: Connection, kamla: dict[str, Any]) -> None:
    record = rights.record(db, kamla["worker_id"], user_id=kamla["admin"])
    assert record["worker"]["name"] == "Kamla Devi" and record["worker"]["phone"] == PHONE, "unmasked: it is hers"
    assert record["worker"]["home_district"] == "Siwan" and record["skills"]
    assert {loc["source"] for loc in record["locations"]} == {"survey", "call_centre"}
    assert [call["note"] for call in record["calls"]] == ["her employer withholds wages"]
    assert record["complaints"][0]["description"] == COMPLAINT and record["complaints"][0]["events"]
    assert [r["row_number"] for r in record["rejected_upload_rows"]] == [3], "the rejected row that holds her phone"
    entry = db.execute(
        text("SELECT username, action, target, details::text FROM audit_log ORDER BY audit_id DESC")
    ).first()
    assert entry is not None and entry[:3] == ("test.bihar.admin", "record", f"worker:{kamla['worker_id']}")
    assert not any(trace in entry[3] for trace in TRACES), "the audit says what was done, not the data"


def test_corrections_are_recorded(db: Connection, kamla: dict[str, Any]) -> None:
    worker, admin = kamla["worker_id"], kamla["admin"]
    changed = rights.correct(db, worker, {"name": "Kamla Devi Sharma", "phone": "9812345671", "gender": "F"},
                             user_id=admin, reason="her request of 07-12-2026")  # fmt: skip
    assert changed == ["name", "phone", "gender"]
    row = db.execute(
        text("SELECT name, name_norm, phone, gender FROM workers WHERE worker_id = :w"), {"w": worker}
    ).one()
    key = normalise_name("Kamla Devi Sharma")
    assert tuple(row) == ("Kamla Devi Sharma", key, "9812345671", "F")
    assert db.execute(text("SELECT 1 FROM worker_names WHERE name_norm = :k"), {"k": key}).scalar() == 1
    corrections = db.execute(
        text("SELECT field, old_value, new_value, user_id FROM worker_corrections WHERE worker_id = :w ORDER BY 1"),
        {"w": worker},
    ).all()
    assert [tuple(c) for c in corrections] == [
        ("gender", None, "F", admin), ("name", "Kamla Devi", "Kamla Devi Sharma", admin), ("phone", PHONE, "9812345671", admin)
    ]  # fmt: skip
    audit = db.execute(text("SELECT action, details FROM audit_log ORDER BY audit_id DESC LIMIT 1")).one()
    assert audit.action == "correct" and audit.details == {"fields": ["name", "phone", "gender"]}
    with pytest.raises(ValueError, match="phone"):
        rights.correct(db, worker, {"phone": "12345"}, user_id=admin)


def test_an_erasure_leaves_no_trace_and_the_counts_unchanged(db: Connection, kamla: dict[str, Any]) -> None:
    worker = kamla["worker_id"]
    rights.correct(db, worker, {"father_name": "Ram Prasad Singh"}, user_id=kamla["admin"])
    assert set(_traces(db)) >= {"workers", "worker_locations", "call_attempts", "complaints", "complaint_events",
                                "rejected_rows", "audit_log", "worker_corrections", "geocode_reviews"}  # fmt: skip
    counts, rollups = _aggregates(db), _rollup_totals(db)

    erased = rights.erase(db, worker, user_id=kamla["admin"])

    assert _traces(db) == {}, "no table holds her name, phone, addresses or what was written about her"
    assert _aggregates(db) == counts and _rollup_totals(db) == rollups, "aggregates are as they were"
    assert erased["workers"] == 1 and erased["rejected_rows"] == 1 and erased["audit_log"] == 1
    entry = db.execute(text("SELECT action, target, details FROM audit_log ORDER BY audit_id DESC LIMIT 1")).one()
    assert (entry.action, entry.target) == ("erase", f"worker:{worker}"), "the audit keeps that an erasure happened"
    assert db.execute(text("SELECT erased_at IS NOT NULL FROM workers WHERE worker_id = :w"), {"w": worker}).scalar()
    with pytest.raises(rights.NotPermitted, match="already erased"):
        rights.erase(db, worker, user_id=kamla["admin"])


def test_only_an_administrator_of_the_home_state_may_act(db: Connection, kamla: dict[str, Any]) -> None:
    others = [_user(db, "test.haryana.admin", "state_admin", "06"), _user(db, "test.siwan", "district_officer", "10",
                                                                          "Siwan")]  # fmt: skip
    for user in others:
        for act in (lambda u: rights.record(db, kamla["worker_id"], user_id=u),
                    lambda u: rights.erase(db, kamla["worker_id"], user_id=u)):  # fmt: skip
            with pytest.raises(rights.NotPermitted):
                act(user)


def test_every_column_of_a_person_table_is_either_erased_or_kept(db: Connection) -> None:
    """A new column in a table that holds people's data must be classified for erasure."""
    for table in {*q.ERASED, *q.KEPT}:
        columns = set(db.execute(text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"),
                                 {"t": table}).scalars())  # fmt: skip
        assert columns == set(q.ERASED.get(table, ())) | set(q.KEPT.get(table, ())), table


def test_erasure_blanks_the_loaders_reports(tmp_path: Path) -> None:
    report = tmp_path / "survey-x.csv"
    report.write_text("row_number,severity,field,code,message\n4,warning,mobile,bad_phone,'98123 45670 x' is not valid\n"
                      "5,warning,skills,unknown_skill,skill not recognised: tailor\n", encoding="utf-8-sig")  # fmt: skip
    assert rights.scrub_reports([PHONE, None], tmp_path) == 1
    assert PHONE[:5] not in report.read_text(encoding="utf-8-sig") and "tailor" in report.read_text(
        encoding="utf-8-sig"
    )


def test_retention_purges_old_call_records_and_reports(db: Connection, kamla: dict[str, Any], tmp_path: Path) -> None:
    worker = kamla["worker_id"]
    db.execute(text("INSERT INTO call_attempts (worker_id, called_at, outcome, note) VALUES (:w, now() - "
                    "make_interval(days => :d), 'refused', 'old')"), {"w": worker, "d": settings.call_record_retention_days + 1})  # fmt: skip
    gone = access.purge_call_records(db, older_than_days=settings.call_record_retention_days)
    left = db.execute(text("SELECT note FROM call_attempts WHERE worker_id = :w"), {"w": worker}).scalars().all()
    assert (gone, left) == (1, ["her employer withholds wages"])
    reports = tmp_path / "reports"
    reports.mkdir()
    old, new = reports / "old.csv", reports / "new.csv"
    for report in (old, new):
        report.write_text("row_number\n", encoding="utf-8")
    stale = time.time() - (settings.rejected_row_retention_days + 1) * 86400
    os.utime(old, (stale, stale))
    previous, settings.report_dir = settings.report_dir, reports
    try:
        assert users._purge_reports() == 1
    finally:
        settings.report_dir = previous
    assert sorted(p.name for p in reports.iterdir()) == ["new.csv"]


# --------------------------------------------------------------------------------------------------
# The Data rights page (a state administrator, on the test's own copy of the demo data: the page commits)


@pytest.fixture()
def demo_worker(on_own_demo_data: str) -> Iterator[int]:
    from sqlalchemy import create_engine

    engine = create_engine(on_own_demo_data)
    row = f"Name,Village,Block,District,Mobile,Skill\nSunita Kumari,Bedauli,Mairwa,Siwan,{PHONE},mason\n"
    load_file("survey", row.encode(), engine=engine, file_name="rights-page.csv", refresh_rollups=False)
    with engine.connect() as connection:
        worker = connection.execute(text("SELECT worker_id FROM workers WHERE phone = :p"), {"p": PHONE}).scalar_one()
    yield int(worker)
    # On Citus the copy is the shared demo (see tests.conftest.copy_of_demo): the next test loads the same file.
    with engine.begin() as connection:
        forget_workers(connection, "SELECT CAST(:w AS bigint)", {"w": worker})
        connection.execute(text("DELETE FROM load_batches WHERE file_name = 'rights-page.csv'"))
    engine.dispose()


def _rights_page(url: str, username: str, worker_id: int) -> AppTest:
    app = AppTest.from_file("dashboard/views/rights.py", default_timeout=90)
    app.session_state[SCOPE_KEY] = scope_of(url, username)
    app.run()
    app.number_input(key="rt_worker").set_value(worker_id).run()
    return app


def test_the_data_rights_page_shows_corrects_and_erases(on_own_demo_data: str, demo_worker: int) -> None:
    from sqlalchemy import create_engine

    app = _rights_page(on_own_demo_data, "minister", demo_worker)
    assert not app.exception
    assert "Sunita Kumari" in app.subheader[0].value
    assert [b.label for b in app.get("download_button")] == ["Download the full record (JSON)"]
    app.text_input[4].input("9812345671")  # phone
    app.button[0].click().run()
    assert [s.value for s in app.success] == ["Corrected: phone"]
    app.checkbox[0].check()
    app.button[1].click().run()
    assert not app.exception and app.success[-1].value.startswith("Erased")
    engine = create_engine(on_own_demo_data)
    with engine.connect() as connection:
        name, phone, erased = connection.execute(
            text("SELECT name, phone, erased_at IS NOT NULL FROM workers WHERE worker_id = :w"), {"w": demo_worker}
        ).one()
        actions = (
            connection.execute(
                text("SELECT action FROM audit_log WHERE target = :t AND username = 'minister' ORDER BY audit_id"),
                {"t": f"worker:{demo_worker}"},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert (name, phone, erased) == ("erased", None, True)
    assert {"record", "correct", "erase"} <= set(actions)

    other = _rights_page(on_own_demo_data, "haryana.drive", demo_worker)
    assert not other.exception and other.warning and not other.subheader, "only the home state's administrator"


def test_the_record_is_audited_once_per_opening_not_per_rerun(on_own_demo_data: str, demo_worker: int) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(on_own_demo_data)

    def openings() -> int:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    text("SELECT count(*) FROM audit_log WHERE action = 'record' AND target = :t"),
                    {"t": f"worker:{demo_worker}"},
                ).scalar_one()
            )

    before = openings()
    app = _rights_page(on_own_demo_data, "minister", demo_worker)
    app.run()
    app.run()
    assert not app.exception
    assert openings() == before + 1
    engine.dispose()
