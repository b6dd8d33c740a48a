"""The Citus cluster of `make test-citus`: its nodes, how they log in to each other, and PostGIS across them.

On the single node (`make test`) there is no Citus and these tests are skipped.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text


@pytest.fixture()
def citus(db: Connection) -> Connection:
    if db.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).scalar_one() == 0:
        pytest.skip("not a Citus database (run `make test-citus`)")
    return db


def test_the_coordinator_has_two_active_workers_reached_through_private_sockets(citus: Connection) -> None:
    workers = citus.execute(
        text("SELECT nodename, isactive, hasmetadata FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodeport")
    ).all()
    assert len(workers) == 2
    for node in workers:
        assert node.isactive and node.hasmetadata
        assert node.nodename.endswith("/run"), "a unix-socket directory under data/, not a TCP host"


def test_every_node_reaches_every_other(citus: Connection) -> None:
    health = citus.execute(text("SELECT from_nodename, to_nodename, result FROM citus_check_cluster_node_health()"))
    checks = health.all()
    assert len(checks) == 9
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
    assert len(versions) == 3
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
    assert nodes == 2
