"""The rollup tables are under row-level security: the dashboard's role, which may write them (an edit's deltas),
reads and changes only the rows of its user's scope, even when it reads a table rather than its scoped view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from atlas.auth import Scope
from atlas.queries import access
from atlas.queries.rollup_sql import ROLLUPS
from tests.conftest import app_url, scope_of


@pytest.fixture(scope="module")
def app(demo_url: str) -> Iterator[Engine]:
    engine = create_engine(app_url(demo_url))
    yield engine
    engine.dispose()


def _as(app: Engine, scope: Scope) -> Connection:
    connection = app.connect()
    access.set_scope(connection, scope.as_settings())
    return connection


def test_every_rollup_table_has_row_level_security(demo_url: str) -> None:
    owner = create_engine(demo_url)
    with owner.connect() as connection:
        secured = connection.execute(
            text("SELECT relname FROM pg_class WHERE relname = ANY(:t) AND relrowsecurity AND relkind = 'r'"),
            {"t": [r.table for r in ROLLUPS]},
        ).scalars()
        assert set(secured) == {r.table for r in ROLLUPS}
    owner.dispose()


def test_a_district_officer_reads_only_their_district_from_the_tables(app: Engine, demo_url: str) -> None:
    siwan = scope_of(demo_url, "siwan.do")
    with _as(app, siwan) as connection:
        for table in ("worker_flow_rollup", "district_quality_rollup", "monthly_trends_rollup", "skill_hex_rollup"):
            districts = connection.execute(text(f"SELECT DISTINCT home_district_id FROM {table}")).scalars().all()
            assert districts == [siwan.district_id], table


def test_a_planner_reads_their_state_and_the_same_rows_as_the_scoped_view(app: Engine, demo_url: str) -> None:
    planner = scope_of(demo_url, "planner")
    with _as(app, planner) as connection:
        states = connection.execute(text("SELECT DISTINCT home_state_code FROM worker_flow_rollup")).scalars().all()
        assert states == [planner.state_code]
        table = connection.execute(text("SELECT sum(workers) FROM worker_flow_rollup")).scalar_one()
        view = connection.execute(text("SELECT sum(workers) FROM worker_flow_rollup_scoped")).scalar_one()
        assert table == view > 0


def test_an_officer_cannot_write_another_districts_rollup_row(app: Engine, demo_url: str) -> None:
    siwan = scope_of(demo_url, "siwan.do")
    with _as(app, siwan) as connection:
        other = connection.execute(
            text("SELECT district_id FROM districts WHERE state_code = '10' AND district_id <> :d LIMIT 1"),
            {"d": siwan.district_id},
        ).scalar_one()
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(
                text("INSERT INTO eshram_gap_rollup (home_state_code, home_district_id, home_block_code, source, "
                     "workers, without_uan) VALUES ('10', :d, 'x', 'survey', 1000, 0)"),
                {"d": other},
            )  # fmt: skip
        connection.rollback()
        access.set_scope(connection, siwan.as_settings())
        touched = connection.execute(
            text("UPDATE worker_flow_rollup SET workers = workers + 1 WHERE home_district_id <> :d"),
            {"d": siwan.district_id},
        ).rowcount
        assert touched == 0


def test_camp_registrations_are_read_only_and_scoped_to_the_camps_in_scope(app: Engine, demo_url: str) -> None:
    coordinator = scope_of(demo_url, "haryana.drive")  # the demo's camps are Haryana's
    with _as(app, coordinator) as connection:
        seen = "SELECT count(*), coalesce(sum(registrations), 0) FROM {}"
        table = connection.execute(text(seen.format("camp_registration_rollup"))).one()
        view = connection.execute(text(seen.format("camp_registration_rollup_scoped"))).one()
        assert tuple(table) == tuple(view) and table[1] > 0
        camp = connection.execute(text("SELECT camp_id FROM registration_camps_scoped LIMIT 1")).scalar_one()
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(
                text("INSERT INTO camp_registration_rollup (camp_id, registered_on, is_gig_worker, platform_type, "
                     "registrations) VALUES (:c, current_date, false, 'none', 1)"),
                {"c": camp},
            )  # fmt: skip
    with _as(app, scope_of(demo_url, "siwan.do")) as connection:
        assert connection.execute(text(seen.format("camp_registration_rollup"))).one()[0] == 0
