"""An upload changes only what the uploader may change (issue #14, part 2).

A file loaded for a signed-in user (``user_id``: the dashboard's upload page) is limited to that user's
scope in the one write path, row by row with a reason in the report, and in the database itself, which
refuses any write outside it while the load runs. Each test runs in a rolled-back transaction.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, text

from atlas.auth import hash_password
from atlas.queries import access
from loaders import load_file
from loaders.errors import LoaderError

ESHRAM_HEADER = "UAN,Name,Gender,Mobile,Permanent Address,Permanent District,Permanent State,Registration Date\n"
GOPALGANJ_UAN = "411122223333"
GOPALGANJ_PHONE = "9123456780"


def _user(db: Connection, username: str, role: str, district: str | None) -> int:
    district_id = access.district_by_name(db, "10", district) if district else None
    user = {"username": username, "full_name": username, "password_hash": hash_password("not-a-real-password"),
            "role": role, "state_code": "10", "district_id": district_id}  # fmt: skip
    return access.create_user(db, user)


def _workers_by_district(db: Connection) -> dict[Any, int]:
    rows = db.execute(text("SELECT home_district_id, count(*) FROM workers GROUP BY 1")).all()
    return {district: count for district, count in rows}


def _worker(db: Connection, uan: str) -> dict[str, Any] | None:
    sql = text("SELECT worker_id, name, phone, home_district_id, updated_at FROM workers WHERE uan = :u")
    row = db.execute(sql, {"u": uan}).mappings().first()
    return dict(row) if row else None


@pytest.fixture()
def gopalganj_worker(db: Connection) -> dict[str, Any]:
    """A worker from Gopalganj, loaded earlier from the command line."""
    row = f'{GOPALGANJ_UAN},Gopal Ram,M,{GOPALGANJ_PHONE},"Thawe, Gopalganj",Gopalganj,Bihar,01-08-2026\n'
    load_file("eshram", (ESHRAM_HEADER + row).encode(), connection=db, file_name="gopalganj.csv")
    worker = _worker(db, GOPALGANJ_UAN)
    assert worker is not None
    assert worker["home_district_id"] == access.district_by_name(db, "10", "Gopalganj")
    return worker


def test_the_siwan_officer_changes_only_siwan(db: Connection, gopalganj_worker: dict[str, Any]) -> None:
    officer = _user(db, "test.siwan.officer", "district_officer", "Siwan")
    siwan = access.district_by_name(db, "10", "Siwan")
    before = _workers_by_district(db)
    upload = (
        ESHRAM_HEADER
        + '511122223333,Sita Devi,F,9123456781,"Bedauli, Mairwa",Siwan,Bihar,02-08-2026\n'
        + '611122223333,Patna Worker,M,9123456782,"Danapur, Patna",Patna,Bihar,02-08-2026\n'
        + f'{GOPALGANJ_UAN},Gopal Ram,M,9999988888,"Bedauli, Mairwa",Siwan,Bihar,02-08-2026\n'
    )
    summary = load_file("eshram", upload.encode(), connection=db, user_id=officer, file_name="siwan.csv")

    assert (summary.loaded, summary.updated, summary.rejected) == (1, 0, 2)
    reasons = {e.row_number: e for e in summary.errors if e.code == "outside_scope"}
    assert set(reasons) == {3, 4}, "the Patna row and the Gopalganj worker's row are in the report"
    assert "Siwan" in reasons[3].message and "Siwan" in reasons[4].message
    stored = db.execute(
        text("SELECT row_number FROM rejected_rows WHERE batch_id = :b ORDER BY 1"), {"b": summary.batch_id}
    ).scalars()
    assert list(stored) == [3, 4]

    assert _worker(db, "611122223333") is None, "no Patna worker was created"
    assert _worker(db, GOPALGANJ_UAN) == gopalganj_worker, "the Gopalganj worker is unchanged, phone and all"
    after = _workers_by_district(db)
    assert after.pop(siwan) == before.pop(siwan, 0) + 1
    assert after == before, "counts elsewhere are unchanged"


def test_calls_and_complaints_only_for_workers_in_scope(db: Connection, gopalganj_worker: dict[str, Any]) -> None:
    officer = _user(db, "test.siwan.officer", "district_officer", "Siwan")
    calls = f'Mobile,Call Time,Outcome,Current Workplace\n{GOPALGANJ_PHONE},10-08-2026 11:30,Reached,"Surat, Gujarat"\n'
    tracked = load_file("tracking", calls.encode(), connection=db, user_id=officer, file_name="calls.csv")
    complaint = f"UAN,Complaint Type,Date,Details\n{GOPALGANJ_UAN},unpaid wages,10-08-2026,not paid\n"
    lodged = load_file("complaints", complaint.encode(), connection=db, user_id=officer, file_name="complaints.csv")
    assert (tracked.loaded, tracked.rejected, lodged.loaded, lodged.rejected) == (0, 1, 0, 1)
    assert {e.code for e in tracked.errors + lodged.errors} >= {"outside_scope"}
    worker = gopalganj_worker["worker_id"]
    held = db.execute(
        text(
            "SELECT (SELECT count(*) FROM call_attempts WHERE worker_id = :w) + "
            "(SELECT count(*) FROM complaints WHERE worker_id = :w) + "
            "(SELECT count(*) FROM worker_locations WHERE worker_id = :w AND source = 'call_centre')"
        ),
        {"w": worker},
    ).scalar_one()
    assert held == 0


def test_a_role_that_may_not_upload_is_refused(db: Connection) -> None:
    planner = _user(db, "test.planner", "planner", None)
    with pytest.raises(LoaderError, match="may not load"):
        load_file("eshram", ESHRAM_HEADER.encode(), connection=db, user_id=planner, file_name="x.csv")


def test_the_database_refuses_a_write_outside_the_uploaders_scope(
    db: Connection, gopalganj_worker: dict[str, Any]
) -> None:
    """Whatever a loader forgets to check, the database refuses while a load runs for a user."""
    officer = _user(db, "test.siwan.officer", "district_officer", "Siwan")
    access.set_upload_scope(db, access.upload_scope(db, officer))
    worker = gopalganj_worker["worker_id"]
    attempts = {
        "update": f"UPDATE workers SET phone = '9999988888' WHERE worker_id = {worker}",
        "move into scope": f"UPDATE workers SET home_district_id = {access.district_by_name(db, '10', 'Siwan')} "
        f"WHERE worker_id = {worker}",
        "location": f"INSERT INTO worker_locations (worker_id, observed_at, source) VALUES ({worker}, now(), 'survey')",
        "call": f"INSERT INTO call_attempts (worker_id, called_at, outcome) VALUES ({worker}, now(), 'reached')",
        "new worker": "INSERT INTO workers (natural_key, name, name_norm, source, home_state_code) "
        "VALUES ('test:x', 'x', 'x', 'survey', '10')",
    }
    for what, statement in attempts.items():
        with pytest.raises(Exception, match="outside") as refused, db.begin_nested():
            db.execute(text(statement))
        assert "outside" in str(refused.value), what
