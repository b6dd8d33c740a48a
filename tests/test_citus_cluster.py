"""The Citus cluster of `make test-citus`: its nodes, how they log in to each other, and PostGIS across them.

On the single node (`make test`) there is no Citus and these tests are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from atlas.queries import access
from atlas.settings import settings
from tests.conftest import app_url, on_citus


@pytest.fixture()
def citus(db: Connection) -> Connection:
    if not on_citus(db):
        pytest.skip("not a Citus database (run `make test-citus`)")
    return db


def test_the_coordinator_has_two_active_workers_reached_through_private_sockets(citus: Connection) -> None:
    workers = citus.execute(
        text("SELECT nodename, isactive, hasmetadata FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodeport")
    ).all()
    assert len(workers) >= 2  # two from scripts/citus.sh; `python -m bench rebalance` adds more
    for node in workers:
        assert node.isactive and node.hasmetadata
        assert node.nodename.endswith("/run"), "a unix-socket directory under data/, not a TCP host"


def _nodes(citus: Connection) -> int:
    return int(citus.execute(text("SELECT count(*) FROM pg_dist_node")).scalar_one())


def test_every_node_reaches_every_other(citus: Connection) -> None:
    health = citus.execute(text("SELECT from_nodename, to_nodename, result FROM citus_check_cluster_node_health()"))
    checks = health.all()
    assert len(checks) == _nodes(citus) ** 2
    assert all(check.result for check in checks), [c for c in checks if not c.result]


def test_node_logins_use_passwords_never_trust(citus: Connection) -> None:
    rules = citus.execute(text("SELECT DISTINCT auth_method FROM pg_hba_file_rules")).scalars().all()
    assert "trust" not in rules
    roles = citus.execute(text("SELECT rolename FROM pg_dist_authinfo WHERE nodeid = 0")).scalars().all()
    assert sorted(roles) == sorted(["atlas_app", citus.execute(text("SELECT current_user")).scalar_one()])


def test_postgis_is_on_every_node(citus: Connection) -> None:
    versions = (
        citus.execute(
            text(
                "SELECT result FROM run_command_on_all_nodes($$SELECT extversion FROM pg_extension WHERE extname = 'postgis'$$)"
            )
        )
        .scalars()
        .all()
    )
    assert len(versions) == _nodes(citus)
    assert len(set(versions)) == 1 and versions[0].startswith("3.")


def test_a_spatial_join_of_a_distributed_and_a_reference_table_matches_the_single_node(citus: Connection) -> None:
    # Points spread over shards on both workers, joined there to district polygons copied to every node,
    # give the counts the same join gives on plain tables of the coordinator.
    citus.execute(text("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'"))
    citus.execute(text("CREATE TEMP TABLE areas AS SELECT district_id, geom FROM districts WHERE state_code = '10'"))
    citus.execute(text(
        "CREATE TEMP TABLE points AS SELECT g AS worker_id, ST_PointOnSurface(a.geom) AS geom "
        "FROM areas a, generate_series(1, 3) g"
    ))  # fmt: skip
    citus.execute(text("CREATE TABLE t_areas AS SELECT * FROM areas"))
    citus.execute(text("SELECT create_reference_table('t_areas')"))
    citus.execute(text("CREATE TABLE t_points AS SELECT * FROM points"))
    citus.execute(text("SELECT create_distributed_table('t_points', 'worker_id')"))
    join = "SELECT a.district_id, count(*) FROM {} p JOIN {} a ON ST_Contains(a.geom, p.geom) GROUP BY 1"
    on_the_workers = dict(citus.execute(text(join.format("t_points", "t_areas"))).all())
    on_one_node = dict(citus.execute(text(join.format("points", "areas"))).all())
    assert len(on_one_node) == 38
    assert on_the_workers == on_one_node
    nodes = citus.execute(
        text("SELECT count(DISTINCT nodename) FROM citus_shards WHERE table_name = 't_points'::regclass")
    ).scalar_one()
    assert nodes == _nodes(citus) - 1


# The person policy of the product as one function call. Citus refuses a subquery in a policy of a
# distributed table (so the InitPlans of the single node's policies, `(SELECT atlas_scope_states())`, cannot
# be used), and fails to pass on an `IS NULL` test in one (an internal "unrecognized node type").
PERSON_POLICY = "atlas_can_see_person(home_state_code, home_district_id)"


@pytest.fixture()
def distributed_people(citus: Connection) -> Iterator[tuple[str, int]]:
    """A distributed table of 6 people under the person policy: 1 and 2 in one Bihar district, 3 in another,
    4 to 6 in Haryana; committed so that the application role's own connections see it, dropped afterwards.
    Yields the application role's URL and the first Bihar district."""
    bihar = citus.execute(
        text("SELECT district_id FROM districts WHERE state_code = '10' ORDER BY 1 LIMIT 2")
    ).scalars()
    first, second = bihar.all()
    haryana = citus.execute(text("SELECT min(district_id) FROM districts WHERE state_code = '06'")).scalar_one()
    owner = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(text("DROP TABLE IF EXISTS t_people"))
        connection.execute(text("CREATE TABLE t_people (worker_id bigint PRIMARY KEY, home_state_code text, "
                                "home_district_id integer)"))  # fmt: skip
        connection.execute(text("SELECT create_distributed_table('t_people', 'worker_id')"))
        connection.execute(
            text("INSERT INTO t_people VALUES (1, '10', :a), (2, '10', :a), (3, '10', :b), "
                 "(4, '06', :h), (5, '06', :h), (6, '06', :h)"),
            {"a": first, "b": second, "h": haryana},
        )  # fmt: skip
        connection.execute(text("ALTER TABLE t_people ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"CREATE POLICY t_people_scope ON t_people USING ({PERSON_POLICY})"))
        connection.execute(text("GRANT SELECT ON t_people TO atlas_app"))
    try:
        yield app_url(settings.database_url), first
    finally:
        with owner.connect() as connection:
            connection.execute(text("DROP TABLE t_people"))
        owner.dispose()


def _visible_people(app: Connection) -> list[int]:
    return app.execute(text("SELECT worker_id FROM t_people ORDER BY 1")).scalars().all()


def test_row_level_security_holds_on_the_shards_when_the_scope_is_set_with_set_local(
    distributed_people: tuple[str, int],
) -> None:
    url, bihar_district = distributed_people
    app_engine = create_engine(url)
    try:
        with app_engine.connect() as app:
            with app.begin():  # the dashboard's own scope setter, which issues SET LOCAL
                access.set_scope(app, {"role": "state_admin", "state_code": "06"})
                assert _visible_people(app) == [4, 5, 6]
            with app.begin():
                access.set_scope(app, {"role": "district_officer", "district_id": bihar_district})
                assert _visible_people(app) == [1, 2]
            with app.begin():
                assert _visible_people(app) == [], "no scope set: the application role sees nobody"
    finally:
        app_engine.dispose()


def test_a_scope_set_with_set_config_does_not_reach_the_shards(distributed_people: tuple[str, int]) -> None:
    # Why the dashboard's scope is set with SET LOCAL (atlas.queries.access.set_scope): a scope set with
    # set_config() does not reach the policy on the shards, which fails closed.
    app_engine = create_engine(distributed_people[0])
    try:
        with app_engine.connect() as app, app.begin():
            app.execute(
                text("SELECT set_config('atlas.role', 'state_admin', true), set_config('atlas.state_code', '10', true)")
            )
            assert _visible_people(app) == []
    finally:
        app_engine.dispose()


def test_policies_with_subqueries_are_refused_on_distributed_tables(citus: Connection) -> None:
    citus.execute(text("CREATE TABLE t_sub (worker_id bigint PRIMARY KEY)"))
    citus.execute(text("SELECT create_distributed_table('t_sub', 'worker_id')"))
    citus.execute(text("ALTER TABLE t_sub ENABLE ROW LEVEL SECURITY"))
    # Refused, though with an internal error ("unexpected non-SELECT command in SubLink") rather than
    # Citus's own "Subqueries are not supported in policies" message.
    with pytest.raises(DBAPIError, match=r"SubLink|Subqueries are not supported"), citus.begin_nested():
        citus.execute(text("CREATE POLICY t_sub_scope ON t_sub USING (EXISTS (SELECT 1 FROM states))"))


@pytest.fixture()
def people_behind_a_view(distributed_people: tuple[str, int]) -> Iterator[str]:
    """The distributed people, without their policy, read through a security-barrier view whose scope check is
    an uncorrelated subquery (the single node's InitPlan form)."""
    owner = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(text("ALTER TABLE t_people DISABLE ROW LEVEL SECURITY"))
        connection.execute(text(
            "CREATE VIEW t_people_scoped WITH (security_barrier) AS SELECT * FROM t_people "
            "WHERE home_state_code = ANY ((SELECT atlas_scope_states())::text[]) "
            "AND ((SELECT atlas_scope_district()) IS NULL OR home_district_id = (SELECT atlas_scope_district()))"
        ))  # fmt: skip
        connection.execute(text("GRANT SELECT ON t_people_scoped TO atlas_app"))
    try:
        yield distributed_people[0]
    finally:
        with owner.connect() as connection:
            connection.execute(text("DROP VIEW t_people_scoped"))
        owner.dispose()


def test_a_scope_check_written_as_a_subquery_is_evaluated_on_the_coordinator(people_behind_a_view: str) -> None:
    # Citus plans the uncorrelated subquery recursively: it runs once on the coordinator, where set_config()
    # is visible, and the shards get its result. But a view is no boundary on Citus: the shards' queries run
    # as the session's role, which therefore needs SELECT on the table itself (a view's owner does not lend
    # it) and can read the table directly. The policies, with SET LOCAL, stay the boundary.
    app_engine = create_engine(people_behind_a_view)
    try:
        with app_engine.connect() as app, app.begin():
            app.execute(text("SELECT set_config('atlas.role', 'state_admin', true), "
                             "set_config('atlas.state_code', '06', true)"))  # fmt: skip
            assert app.execute(text("SELECT worker_id FROM t_people_scoped ORDER BY 1")).scalars().all() == [4, 5, 6]
            assert app.execute(text("SELECT count(*) FROM t_people")).scalar_one() == 6
    finally:
        app_engine.dispose()
