"""The flow map's circles: workers leaving each home district and arriving at each destination, over all flows."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from atlas.filters import Filters
from atlas.queries import overview


def test_circles_equal_direct_counts_of_workers_who_moved(demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.begin() as connection:
        connection.execute(text("REFRESH MATERIALIZED VIEW worker_flow_rollup"))
        connection.execute(text("REFRESH MATERIALIZED VIEW worker_flow_district_rollup"))
        places = overview.flow_places(connection, Filters(home_state_code="10"))
        direct = dict(
            connection.execute(
                text(
                    """
                    SELECT home, sum(n)::int FROM (
                        SELECT home_district_id::text AS home, count(*) AS n FROM workers
                        WHERE home_state_code = '10' AND current_district_id IS NOT NULL
                          AND current_district_id <> home_district_id
                        GROUP BY home_district_id, current_district_id HAVING count(*) >= 5
                    ) pairs GROUP BY home
                    """
                )
            ).all()
        )
    engine.dispose()
    origins = places[places["role"] == "origin"].set_index("key")["workers"].to_dict()
    assert origins == direct
    arriving = places.loc[places["role"] == "destination", "workers"].sum()
    assert arriving == sum(direct.values()), "every worker who leaves arrives somewhere"
