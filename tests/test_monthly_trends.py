"""The Overview's month-by-month trends equal direct counts on the person tables, for one state and month."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from atlas.filters import Filters
from atlas.queries import overview

IST_MONTH = "date_trunc('month', {} AT TIME ZONE 'Asia/Kolkata')::date = :m"


def test_every_series_equals_a_direct_count_for_one_month(demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        trends = overview.monthly_trends(connection, Filters(home_state_code="10")).set_index("month")
        month = trends["observed"].idxmax()
        direct = {
            "observed": f"SELECT count(*) FROM worker_locations l JOIN workers w USING (worker_id) "
            f"WHERE w.home_state_code = '10' AND {IST_MONTH.format('l.observed_at')}",
            "outside": f"SELECT count(*) FROM worker_locations l JOIN workers w USING (worker_id) "
            f"WHERE w.home_state_code = '10' AND l.state_code <> '10' AND {IST_MONTH.format('l.observed_at')}",
            "added": f"SELECT count(*) FROM workers WHERE home_state_code = '10' AND {IST_MONTH.format('created_at')}",
            "opened": f"SELECT count(*) FROM complaints WHERE home_state_code = '10' AND {IST_MONTH.format('lodged_at')}",
        }
        counts = {name: connection.execute(text(sql), {"m": month}).scalar_one() for name, sql in direct.items()}
    engine.dispose()
    row = trends.loc[month]
    assert row["observed"] == counts["observed"] > 0
    for name in ("outside", "added", "opened"):
        expected = counts[name] if counts[name] >= 5 or counts[name] == 0 else None
        assert (None if row[name] != row[name] else row[name]) == expected, name
