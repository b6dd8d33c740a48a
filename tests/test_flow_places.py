"""The flow map's circles: workers leaving each home district and arriving at each destination, over all flows."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from atlas.db import make_engine
from atlas.filters import Filters
from atlas.queries import overview


def test_circles_equal_direct_counts_of_workers_who_moved(demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
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


def test_a_destination_district_keeps_only_the_flows_into_it(demo_url: str) -> None:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        everywhere = overview.flows_between_districts(connection, Filters(home_state_code="10"), top_n=500)
        busiest = everywhere.groupby("to_key")["workers"].sum().idxmax()
        state = connection.execute(
            text("SELECT state_code FROM districts WHERE district_id = :d"), {"d": int(busiest)}
        ).scalar_one()
        chosen = Filters(home_state_code="10", dest_state_code=state, dest_district_id=int(busiest))
        into = overview.flows_between_districts(connection, chosen, top_n=500)
        places = overview.flow_places(connection, chosen)
    engine.dispose()
    assert len(into) > 0 and set(into["to_key"]) == {busiest}
    assert into["workers"].sum() == everywhere.loc[everywhere["to_key"] == busiest, "workers"].sum()
    assert set(places.loc[places["role"] == "destination", "key"]) == {busiest}
    assert Filters.from_query_params(chosen.to_query_params()) == chosen, "the choice lives in the URL"


def test_a_months_flows_and_tiles_equal_direct_counts(demo_url: str) -> None:
    """The month control reads the rollup by district and month: the same numbers as the person tables."""
    # Counted in India's time zone, as the app's sessions (which refreshed the rollup) count months.
    engine = make_engine(demo_url)
    with engine.connect() as connection:
        month_of = "date_trunc('month', coalesce(current_observed_at, created_at))::date"
        month = connection.execute(
            text(
                f"SELECT {month_of} FROM workers WHERE home_state_code = '10' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar_one()
        chosen = Filters(home_state_code="10", date_from=month, date_to=month.replace(day=28))
        flows = overview.flows_between_districts(connection, chosen, top_n=10_000)
        tiles = overview.kpis(connection, chosen)
        where_month = f"home_state_code = '10' AND {month_of} = :m"
        direct = connection.execute(
            text(
                f"SELECT home_district_id, current_district_id::text, count(*)::int FROM workers WHERE {where_month} "
                "AND current_district_id IS NOT NULL AND current_district_id <> home_district_id "
                "GROUP BY 1, 2 HAVING count(*) >= 5"
            ),
            {"m": month},
        ).all()
        counted = connection.execute(
            text(f"SELECT count(*), count(*) FILTER (WHERE is_interstate_migrant) FROM workers WHERE {where_month}"),
            {"m": month},
        ).one()
    engine.dispose()
    assert overview.rollup_for(chosen) == overview.MONTHLY
    assert len(direct) > 0
    assert {(int(r.from_id), r.to_key): int(r.workers) for r in flows.itertuples()} == {(h, d): n for h, d, n in direct}
    assert (tiles["workers"], tiles["migrants"]) == tuple(counted)
