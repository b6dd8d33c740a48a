"""A Citus worker node stops under a running dashboard: a clear message instead of a traceback, then recovery.

Runs under `make test-citus` (which names the cluster in ATLAS_CITUS_CLUSTER); skipped on the single node.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from atlas.errors import DatabaseUnavailable
from atlas.settings import settings
from dashboard.data import _run_scoped

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
CLUSTER = os.environ.get("ATLAS_CITUS_CLUSTER", "")
pytestmark = pytest.mark.skipif(not CLUSTER, reason="needs the Citus test cluster of `make test-citus`")


def _scripts(*args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    subprocess.run([str(SCRIPTS / args[0]), *args[1:]], check=True, env=env, capture_output=True)


@pytest.fixture()
def spread_table() -> Iterator[None]:
    """A table whose 8 shards lie on both workers, readable by the application role."""
    owner = create_engine(settings.database_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(text("DROP TABLE IF EXISTS t_spread"))
        connection.execute(text("CREATE TABLE t_spread (worker_id bigint PRIMARY KEY)"))
        connection.execute(text("SELECT create_distributed_table('t_spread', 'worker_id')"))
        connection.execute(text("INSERT INTO t_spread SELECT generate_series(1, 100)"))
        connection.execute(text("GRANT SELECT ON t_spread TO atlas_app"))
    try:
        yield
    finally:
        _scripts("citus.sh", "start", CLUSTER)
        owner.dispose()  # a coordinator session keeps its broken connection to the restarted node
        with owner.connect() as connection:
            connection.execute(text("DROP TABLE IF EXISTS t_spread"))
        owner.dispose()


def _count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM t_spread")).scalar_one())


def test_a_stopped_worker_gives_the_dashboard_its_unavailable_message_then_it_recovers(spread_table: None) -> None:
    assert _run_scoped(None, _count) == 100
    _scripts("cluster.sh", "stop", f"{CLUSTER}-w2")
    # The coordinator answers with SQLSTATE 08006, which the dashboard's gateway treats as an unreachable
    # database: one retry, then DatabaseUnavailable, which the app frame shows as its "cannot be reached" notice.
    with pytest.raises(DatabaseUnavailable, match="connection to the remote node"):
        _run_scoped(None, _count)
    # Tables of the coordinator keep answering meanwhile.
    assert _run_scoped(None, lambda c: c.execute(text("SELECT count(*) FROM states")).scalar_one()) > 30
    _scripts("citus.sh", "start", CLUSTER)
    assert _run_scoped(None, _count) == 100
