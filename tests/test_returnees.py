"""The 2020 returnees now: every number on the page equals a direct count on the person tables."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from atlas.db import make_engine
from atlas.filters import Filters
from atlas.queries import returnees

BIHAR = Filters(home_state_code="10")


def test_by_district_outside_again_and_never_reached_equal_direct_counts(demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        areas = returnees.by_area(connection, BIHAR).set_index("area_id")
        direct = connection.execute(
            text(
                "SELECT home_district_id::text AS area_id, count(*) AS returnees, "
                "count(*) FILTER (WHERE is_interstate_migrant) AS outside, "
                "count(*) FILTER (WHERE last_reached_at IS NULL) AS never_reached "
                "FROM workers WHERE source = 'survey' AND home_state_code = '10' GROUP BY 1"
            )
        ).all()
    engine.dispose()
    checked = 0
    for row in direct:
        if min(row.returnees, row.outside, row.never_reached) >= 5:  # smaller counts are suppressed
            shown = areas.loc[row.area_id]
            assert (shown["returnees"], shown["outside"], shown["never_reached"]) == tuple(row[1:]), row.area_id
            checked += 1
    assert checked >= 10


def test_outside_by_month_equals_a_direct_count_for_one_month(demo_url: str) -> None:
    # Months are India's, as the rollup cuts them whatever the session's time zone.
    engine = make_engine(demo_url)
    with engine.connect() as connection:
        months = returnees.outside_by_month(connection, BIHAR)
        busiest = months.sort_values("outside").iloc[-1]
        direct = connection.execute(
            text(
                "SELECT count(*) FROM workers WHERE source = 'survey' AND home_state_code = '10' "
                "AND is_interstate_migrant "
                "AND date_trunc('month', coalesce(current_observed_at, created_at) AT TIME ZONE 'Asia/Kolkata')::date = :m"
            ),
            {"m": busiest["month"]},
        ).scalar_one()
    engine.dispose()
    assert busiest["outside"] == direct > 0
