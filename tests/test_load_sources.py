"""e-Shram, camps, call-centre tracking and complaints, loaded on top of the survey: merging and history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, text

from atlas.settings import settings
from loaders import load_file

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"


@pytest.fixture(autouse=True)
def _reports_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "reports")


@pytest.fixture()
def registered(db: Connection) -> Connection:
    """The survey, the Haryana camps and the e-Shram export, loaded in that order."""
    for kind, name in (("survey", "survey_hindi.csv"), ("camps", "camps.csv"), ("eshram", "eshram.csv")):
        load_file(kind, FIXTURES / name, connection=db)
    return db


def _frame(db: Connection, sql: str, **params: object) -> pd.DataFrame:
    return pd.read_sql(text(sql), db, params=params)


def test_camps_load_and_an_unplaceable_camp_is_rejected(db: Connection) -> None:
    summary = load_file("camps", FIXTURES / "camps.csv", connection=db)
    assert (summary.loaded, summary.rejected) == (2, 1)
    camps = _frame(db, "SELECT camp_id, state_code, daily_target FROM registration_camps ORDER BY camp_id")
    assert camps.to_dict("records") == [
        {"camp_id": "HR-GGN-01", "state_code": "06", "daily_target": 150},
        {"camp_id": "HR-PNP-01", "state_code": "06", "daily_target": 120},
    ]


def test_eshram_merges_the_survey_worker_by_phone_and_name(registered: Connection) -> None:
    sunil = _frame(registered, "SELECT worker_id, uan, birth_year, natural_key FROM workers WHERE phone = '9876543211'")
    assert len(sunil) == 1  # one person, not two
    assert sunil.loc[0, "uan"] == "123456789012" and sunil.loc[0, "birth_year"] == 1990
    history = _frame(registered, "SELECT source, state_code FROM worker_locations WHERE worker_id = :w ORDER BY observed_at",
                     w=int(sunil.loc[0, "worker_id"]))  # fmt: skip
    assert history.to_dict("records") == [
        {"source": "survey", "state_code": "03"},
        {"source": "eshram", "state_code": "06"},
    ]
    skills = _frame(registered, "SELECT nco_code FROM worker_skills WHERE worker_id = :w ORDER BY 1",
                    w=int(sunil.loc[0, "worker_id"]))  # fmt: skip
    assert skills["nco_code"].tolist() == ["7126", "7411"]


def test_eshram_rows_camps_gig_workers_and_rejections(db: Connection) -> None:
    load_file("camps", FIXTURES / "camps.csv", connection=db)
    summary = load_file("eshram", FIXTURES / "eshram.csv", connection=db)
    assert (summary.loaded, summary.rejected) == (4, 1)  # the 5-digit UAN is rejected
    assert any(e.code == "unknown_camp" and e.row_number == 6 for e in summary.errors)
    regs = _frame(db, "SELECT camp_id, mode, is_gig_worker, platform_type FROM camp_registrations ORDER BY camp_id")
    assert regs.to_dict("records") == [
        {"camp_id": "HR-GGN-01", "mode": "camp", "is_gig_worker": False, "platform_type": None},
        {"camp_id": "HR-PNP-01", "mode": "camp", "is_gig_worker": True, "platform_type": "home_services"},
    ]
    anita = _frame(db, "SELECT gender, birth_year, home_state_code, current_state_code, is_interstate_migrant "
                       "FROM workers WHERE uan = '234567890123'")  # fmt: skip
    assert anita.to_dict("records") == [{"gender": "F", "birth_year": 1995, "home_state_code": "10",
                                         "current_state_code": "06", "is_interstate_migrant": True}]  # fmt: skip


def test_tracking_adds_history_and_moves_the_current_place(registered: Connection) -> None:
    summary = load_file("tracking", FIXTURES / "tracking.csv", connection=registered)
    assert (summary.loaded, summary.rejected) == (4, 3)
    codes = {(e.row_number, e.code) for e in summary.errors if e.severity == "error"}
    assert codes == {(6, "unknown_worker"), (7, "bad_call_time"), (8, "bad_outcome")}
    ram = _frame(registered, "SELECT w.worker_id, w.current_state_code, w.last_reached_at, l.raw_address "
                             "FROM workers w JOIN worker_locations l ON l.worker_id = w.worker_id "
                             "AND l.location_id = w.current_location_id "
                             "WHERE w.phone = '9876543210'")  # fmt: skip
    assert ram.loc[0, "current_state_code"] == "27" and ram.loc[0, "raw_address"] == "Pune, Maharashtra"
    history = _frame(registered, "SELECT source, raw_address FROM worker_locations WHERE worker_id = :w "
                                 "ORDER BY observed_at", w=int(ram.loc[0, "worker_id"]))  # fmt: skip
    assert history["raw_address"].tolist() == ["Surat, Gujarat", "Ahmedabad, Gujarat", "Pune, Maharashtra"]
    calls = _frame(
        registered, "SELECT outcome, location_id IS NOT NULL AS located FROM call_attempts ORDER BY called_at"
    )
    assert calls["outcome"].tolist() == ["reached", "not_reachable", "wrong_number", "reached"]
    assert calls["located"].tolist() == [True, False, False, True]


def test_an_older_call_never_overwrites_a_newer_place(registered: Connection) -> None:
    load_file("tracking", FIXTURES / "tracking.csv", connection=registered)
    late = b'Mobile,Call Time,Outcome,Current Workplace\n9876543210,01-01-2020 10:00,Reached,"Kolkata, West Bengal"\n'
    summary = load_file("tracking", late, connection=registered, file_name="late.csv")
    assert (summary.loaded, summary.updated) == (1, 0)
    state = registered.execute(text("SELECT current_state_code FROM workers WHERE phone = '9876543210'")).scalar()
    assert state == "27"


def test_complaints_are_routed_with_deadlines(registered: Connection) -> None:
    summary = load_file("complaints", FIXTURES / "complaints.csv", connection=registered)
    assert (summary.loaded, summary.rejected) == (3, 2)
    rows = _frame(registered, "SELECT external_ref, category, department, status, is_emergency, "
                              "route_due_at - lodged_at AS route, resolve_due_at - lodged_at AS resolve, "
                              "first_action_due_at - lodged_at AS first, home_district_id IS NOT NULL AS home "
                              "FROM complaints ORDER BY external_ref")  # fmt: skip
    assert rows["category"].tolist() == ["unpaid_wages", "stranded", "accident_injury"]
    assert rows["department"].tolist() == ["labour_destination", "resident_commissioner", "labour_destination"]
    assert rows["status"].tolist() == ["routed", "new", "resolved"]
    assert rows["is_emergency"].tolist() == [False, True, True]
    assert (rows["route"] == pd.Timedelta(hours=12)).all() and (rows["resolve"] == pd.Timedelta(days=21)).all()
    assert rows["first"].isna().tolist() == [True, False, False]
    assert rows["home"].all()
    events = registered.execute(text("SELECT count(*) FROM complaint_events WHERE action = 'imported'")).scalar()
    assert events == 3


def test_reimporting_complaints_updates_status_without_duplicates(registered: Connection) -> None:
    load_file("complaints", FIXTURES / "complaints.csv", connection=registered)
    update = (FIXTURES / "complaints.csv").read_text().replace("Stranded without money after factory closed,"
                                                                 "02-09-2026 09:30,\"Mumbai, Maharashtra\",,,",
                                                                 "Stranded without money after factory closed,"
                                                                 "02-09-2026 09:30,\"Mumbai, Maharashtra\",in progress"
                                                                 ",02-09-2026 11:00,")  # fmt: skip
    summary = load_file("complaints", update.encode(), connection=registered, file_name="update.csv")
    assert (summary.loaded, summary.updated) == (0, 1)
    assert registered.execute(text("SELECT count(*) FROM complaints")).scalar() == 3
    status = registered.execute(text("SELECT status FROM complaints WHERE external_ref = 'CC-2026-0002'")).scalar()
    assert status == "in_progress"


def test_eshram_writes_the_gig_platform_on_the_worker(db: Connection) -> None:
    load_file("camps", FIXTURES / "camps.csv", connection=db)
    load_file("eshram", FIXTURES / "eshram.csv", connection=db)
    gig = _frame(db, "SELECT w.gig_platform_type, r.platform_type FROM workers w "
                     "JOIN camp_registrations r USING (worker_id) ORDER BY r.camp_id")  # fmt: skip
    assert gig.to_dict("records") == [
        {"gig_platform_type": None, "platform_type": None},
        {"gig_platform_type": "home_services", "platform_type": "home_services"},
    ]


def test_synthetic_calls_reach_a_third_of_workers_in_the_last_90_days() -> None:
    import numpy as np

    from loaders.synthetic import tracking_frame

    n = 20_000
    phones = pd.Series([f"9{i:09d}" for i in range(n)])
    survey = pd.DataFrame({"मोबाइल": phones, "_phone": phones})
    today = pd.Timestamp("2026-11-23")
    calls = tracking_frame(survey, np.random.default_rng(7), today=today.date())
    at = pd.to_datetime(calls["Call Time"], format="%d-%m-%Y %H:%M")
    assert at.max() < today + pd.Timedelta(days=1) and at.min() >= pd.Timestamp("2021-01-01")
    reached = calls[(calls["Outcome"] == "Reached") & (at >= today - pd.Timedelta(days=90))]
    assert 0.30 <= reached["Mobile"].nunique() / n <= 0.45
