"""The restore drill (issue #14, part 5): back up, keep working, make a mistake, restore to the moment before it.

On a throwaway cluster of its own, exactly as an administrator would with `make backup` and
`make restore TARGET_TIME=...` (the same script, for another cluster name):

1. load a survey file; take a base backup;
2. load a tracking file (only the archived WAL holds it); note the time, and every table's rows;
3. delete workers by mistake;
4. restore to the noted time: every table holds what it held then, to the row, and the mistake is gone.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from atlas.settings import PROJECT_ROOT
from bench.naive import _copy_reference
from loaders import load_file

CLUSTER = PROJECT_ROOT / "scripts" / "cluster.sh"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "loaders"
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="the drill makes a private cluster of its own"
)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def drill() -> Iterator[tuple[str, dict[str, str]]]:
    """A new cluster with the schema and the reference geography (copied from the test database)."""
    name = f"pg-drill-{os.getpid()}"
    backups = PROJECT_ROOT / "data" / f"backups-{name}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"ATLAS_CLUSTER_PORT": str(_free_port()), "ATLAS_BACKUP_DIR": str(backups)}
    try:
        cluster("start", name, env)
        url = cluster("url", name, env).stdout.strip()
        migrated = subprocess.run(
            [str(PROJECT_ROOT / ".venv" / "bin" / "python"), "-m", "alembic", "upgrade", "head"],
            cwd=PROJECT_ROOT, env=env | {"DATABASE_URL": url}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        _copy_reference(_libpq(os.environ["DATABASE_URL"]), _libpq(url))
        yield name, env | {"DATABASE_URL": url}
    finally:
        subprocess.run([str(CLUSTER), "destroy", name], env=env, capture_output=True, check=False)
        shutil.rmtree(backups, ignore_errors=True)


def cluster(action: str, name: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [str(CLUSTER), action, name, *args], env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def state(url: str) -> dict[str, object]:
    """Rows of every table (a count, and a digest of the person tables' rows in key order)."""
    with psycopg.connect(_libpq(url)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts: dict[str, object] = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]
        for table, key in (("workers", "worker_id"), ("worker_locations", "location_id"), ("call_attempts", "call_id")):
            digest = connection.execute(
                f"SELECT md5(string_agg(t::text, '|' ORDER BY {key})) FROM {table} t"  # literal names
            ).fetchone()
            counts[f"{table} rows"] = digest[0] if digest else None
    return counts


def test_restore_to_the_moment_before_a_mistake(drill: tuple[str, dict[str, str]]) -> None:
    name, env = drill
    url = env["DATABASE_URL"]
    engine = create_engine(url)
    try:
        first = load_file("survey", FIXTURES / "survey_hindi.csv", engine=engine)
        assert first.loaded > 0
        backed_up = cluster("backup", name, env)
        assert "Backup" in backed_up.stdout

        second = load_file("tracking", FIXTURES / "tracking.csv", engine=engine)
        assert second.loaded > 0, "calls recorded after the base backup: only the archived WAL has them"
        with engine.connect() as connection:
            noted = connection.execute(text("SELECT clock_timestamp()::text")).scalar_one()
        before = state(url)
        time.sleep(1.1)

        with engine.begin() as connection:  # the mistake
            gone = connection.execute(text("DELETE FROM workers WHERE home_state_code = '10'")).rowcount
        assert gone > 0 and state(url) != before
    finally:
        engine.dispose()

    restored = cluster("restore", name, env, noted)
    assert "Restored" in restored.stdout
    after = state(url)
    assert after == before
    assert after["call_attempts"] == before["call_attempts"] and int(str(after["call_attempts"])) > 0
    replaced = list((PROJECT_ROOT / "data" / name).glob("cluster.replaced-*"))
    assert len(replaced) == 1, "the replaced data directory is kept until someone checks the restore"

    backups = Path(env["ATLAS_BACKUP_DIR"]) / name
    for path in (backups, backups / "wal", backups / "base"):
        assert path.stat().st_mode & 0o077 == 0, f"{path} holds every person's data: for the cluster's owner only"
