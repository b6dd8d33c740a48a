"""Distress early warning: the rule on constructed series, and the alerts on the demo's planted spike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text

from atlas.auth import Scope
from atlas.early_warning import alert_threshold, poisson_quantile, weekly_alerts
from atlas.filters import Filters
from atlas.queries import access, alerts
from atlas.queries.alerts import week_start
from dashboard.i18n import IST
from tests.conftest import app_url, scope_of

WEEKS = pd.date_range("2026-08-03", periods=12, freq="7D")
SHOWN = WEEKS[-4:]


def series(district: int, category: str, counts: list[int]) -> list[dict[str, object]]:
    return [
        {"district_id": district, "category": category, "week": week, "complaints": n}
        for week, n in zip(WEEKS, counts, strict=True)
        if n
    ]


def test_poisson_quantiles_match_the_distribution() -> None:
    assert [poisson_quantile(m) for m in (0.0, 0.1, 1.0, 2.0, 5.0)] == [0, 1, 4, 6, 11]


def test_a_spike_alerts_and_a_flat_series_does_not() -> None:
    spike = series(1, "unpaid_wages", [1] * 11 + [9])
    flat = series(2, "unpaid_wages", [4] * 12)
    found = weekly_alerts(pd.DataFrame([*spike, *flat]), weeks=SHOWN)
    assert found[["district_id", "week", "complaints", "threshold"]].values.tolist() == [[1, WEEKS[-1], 9, 5]]
    assert found["baseline"].tolist() == [1.0], "the 8 weeks before, not the week itself"


def test_a_quiet_place_needs_three_complaints_but_an_emergency_two() -> None:
    two = series(3, "unpaid_wages", [0] * 11 + [2]) + series(4, "stranded", [0] * 11 + [2])
    found = weekly_alerts(pd.DataFrame(two), weeks=SHOWN)
    assert found["category"].tolist() == ["stranded"]
    assert alert_threshold(0.0, "unpaid_wages") == 3
    assert alert_threshold(0.0, "missing_worker") == 2


def test_weeks_without_complaints_count_as_zero_in_the_baseline() -> None:
    # Complaints only every other week: a mean of 2 over 8 weeks, not 4 over the 4 weeks that had any.
    sparse = series(5, "unpaid_wages", [4, 0, 4, 0, 4, 0, 4, 0, 4, 0, 4, 8])
    found = weekly_alerts(pd.DataFrame(sparse), weeks=SHOWN)
    assert found["baseline"].tolist() == [2.0]
    assert found["complaints"].tolist() == [8], "above the 99th percentile of Poisson(2), which is 6"


@pytest.fixture(scope="module")
def app(demo_url: str) -> Iterator[Engine]:
    engine = create_engine(app_url(demo_url))
    yield engine
    engine.dispose()


def alerts_as(app: Engine, scope: Scope) -> pd.DataFrame:
    with app.connect() as connection:
        access.set_scope(connection, scope.as_settings())
        return alerts.current_alerts(connection, Filters(), today=datetime.now(IST).date())


def test_the_demo_spike_alerts_for_the_minister_and_can_be_acknowledged_once(demo_url: str, app: Engine) -> None:
    minister = scope_of(demo_url, "minister")
    found = alerts_as(app, minister)
    surat = found[(found["district_en"] == "Surat") & (found["category"] == "unpaid_wages")]
    assert len(surat) == 1, "the planted spike: unpaid wages in Surat last week"
    last_week = week_start(datetime.now(IST).date()).toordinal() - 7
    assert surat["week"].iloc[0] == date.fromordinal(last_week)
    assert surat["acknowledged_by"].isna().all()
    with app.connect() as connection:
        transaction = connection.begin()
        access.set_scope(connection, minister.as_settings())
        key = {"district_id": int(surat["district_id"].iloc[0]), "category": "unpaid_wages"}
        week = surat["week"].iloc[0]
        assert alerts.acknowledge(connection, **key, week=week, user_id=minister.user_id, note="Called Surat DLC")
        assert not alerts.acknowledge(connection, **key, week=week, user_id=minister.user_id, note="again")
        again = alerts.current_alerts(connection, Filters(), today=datetime.now(IST).date())
        acknowledged = again[(again["district_id"] == key["district_id"]) & (again["category"] == "unpaid_wages")]
        assert acknowledged["acknowledged_by"].tolist() == ["minister"]
        assert acknowledged["note"].tolist() == ["Called Surat DLC"]
        transaction.rollback()


def test_an_officer_sees_alerts_only_from_complaints_they_may_see(demo_url: str, app: Engine) -> None:
    assert alerts_as(app, scope_of(demo_url, "planner")).empty, "a planner sees no complaints, so no alerts"
    siwan = scope_of(demo_url, "siwan.do")
    since = date(2020, 1, 1)
    with app.connect() as connection:
        access.set_scope(connection, siwan.as_settings())
        counted = int(alerts.weekly_complaints(connection, Filters(), since=since)["complaints"].sum())
    owner = create_engine(demo_url)
    with owner.connect() as connection:
        own, everyone = connection.execute(
            text(
                "SELECT count(*) FILTER (WHERE w.home_district_id = :d), count(*) FROM complaints c "
                "JOIN workers w USING (worker_id) WHERE c.district_id IS NOT NULL"
            ),
            {"d": siwan.district_id},
        ).one()
    owner.dispose()
    assert 0 < counted == own < everyone, "the officer's alerts rest on their own district's complaints only"
