"""Nobody reaches the data without a password: the private cluster's access rules (issue #14, part 1).

The test cluster that `make test` starts is checked as it runs: no ``trust`` rule, ``peer`` only for
the OS user that owns the cluster, a SCRAM password on every role that can log in, kept in a file only
its owner can read. Two throwaway clusters check what a test cluster cannot show: listening beyond
localhost requires TLS, and ``start`` restarts a server that is older than the installed binaries.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from atlas.settings import PROJECT_ROOT, settings

CLUSTER = PROJECT_ROOT / "scripts" / "cluster.sh"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="an outside server's access rules are its administrator's"
)


def _query(url: str) -> dict[str, str]:
    return {key: str(value) for key, value in make_url(url).query.items()}


def _cluster_owner() -> str:
    return "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


def _libpq(url: str, **changes: str | None) -> dict[str, str]:
    """Connection parameters of a SQLAlchemy URL, with ``changes`` applied (None removes one)."""
    parsed = make_url(url)
    params = {"dbname": str(parsed.database), "user": str(parsed.username), **_query(url)}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params


def test_no_trust_rule_and_peer_only_for_the_clusters_os_owner(engine: Engine) -> None:
    with engine.connect() as connection:
        rules = connection.execute(
            text("SELECT type, database, user_name, address, auth_method, error FROM pg_hba_file_rules")
        ).all()
    assert rules, "pg_hba.conf has rules"
    assert [r for r in rules if r.error] == []
    assert {r.auth_method for r in rules} <= {"scram-sha-256", "peer", "reject"}, "no trust, md5 or password"
    peer = [r for r in rules if r.auth_method == "peer"]
    assert all(r.type == "local" and r.user_name == [_cluster_owner()] for r in peer), peer
    beyond_localhost = [
        r for r in rules if r.type == "host" and r.address not in ("127.0.0.1", "::1") and r.auth_method != "reject"
    ]
    assert beyond_localhost == [], "beyond localhost only hostssl rules"


def test_every_role_that_can_log_in_has_a_scram_password(engine: Engine) -> None:
    with engine.connect() as connection:
        roles = dict(connection.execute(text("SELECT rolname, rolpassword FROM pg_authid WHERE rolcanlogin")).all())
    assert {"atlas_app", _cluster_owner()} <= set(roles)
    assert {name for name, secret in roles.items() if not (secret or "").startswith("SCRAM-SHA-256$")} == set()


def test_the_passwords_are_in_a_file_only_its_owner_can_read() -> None:
    passfile = Path(_query(settings.database_url).get("passfile", ""))
    assert passfile.is_file(), "the database URL names the cluster's password file"
    assert passfile.resolve().is_relative_to(PROJECT_ROOT / "data")
    for path in (passfile, passfile.parent):
        info = path.stat()
        assert info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0, oct(info.st_mode)
    assert _query(settings.app_database_url)["passfile"] == str(passfile), "the app role's URL finds it too"


@pytest.mark.parametrize("role", ["owner", "atlas_app"])
def test_a_connection_without_the_password_is_refused(role: str, tmp_path: Path) -> None:
    """The same OS user that runs the product, without the password file: refused, not trusted."""
    url = settings.database_url if role == "owner" else settings.app_database_url
    with pytest.MonkeyPatch.context() as patch:
        for key in [k for k in os.environ if k.startswith("PG")]:
            patch.delenv(key)
        patch.setenv("HOME", str(tmp_path))  # no ~/.pgpass to fall back on
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(**_libpq(url, passfile=None), connect_timeout=5).close()


def test_another_os_user_cannot_read_a_table() -> None:
    """The probe from the issue: the unprivileged ``nobody`` user tries every role, with and without the file."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another OS user")
    query = _query(settings.database_url)
    for user in (_cluster_owner(), "atlas_app"):
        for extra in ([], ["env", f"PGPASSFILE={query['passfile']}"]):
            command = ["runuser", "-u", "nobody", "--", *extra, str(PG_BIN / "psql"), "-h", query["host"]]
            command += ["-p", query["port"], "-U", user, "-d", "atlas", "-w", "-c", "SELECT count(*) FROM workers"]
            done = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
            assert done.returncode != 0 and "count" not in done.stdout, (user, extra, done.stdout)


# --------------------------------------------------------------------------------------------------
# Throwaway clusters


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cluster(action: str, name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(CLUSTER), action, name], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture()
def spare_cluster() -> Iterator[tuple[str, dict[str, str]]]:
    """A new private cluster of its own (name, environment), destroyed afterwards."""
    name = f"pg-spare-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ATLAS_CLUSTER_PORT": str(_free_port())}
    try:
        yield name, env
    finally:
        subprocess.run([str(CLUSTER), "destroy", name], capture_output=True, env=env, check=False)


def test_beyond_localhost_the_cluster_requires_tls(spare_cluster: tuple[str, dict[str, str]]) -> None:
    name, env = spare_cluster
    env["ATLAS_PG_LISTEN"] = "*"
    _cluster("start", name, env)
    url = _cluster("url", name, env).stdout.strip()
    tcp = _libpq(url, host="127.0.0.1", dbname="postgres", connect_timeout="5")
    with pytest.raises(psycopg.OperationalError, match=r"no encryption|SSL off"):
        psycopg.connect(**tcp, sslmode="disable").close()
    with psycopg.connect(**tcp, sslmode="require") as connection:
        assert connection.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)


def test_start_restarts_a_server_older_than_the_installed_binaries(spare_cluster: tuple[str, dict[str, str]]) -> None:
    """The installed server binary changing under a running cluster (a minor upgrade) is simulated by a
    binary directory whose ``postgres`` was installed after the server started."""
    name, env = spare_cluster
    _cluster("start", name, env)
    pid_file = PROJECT_ROOT / "data" / name / "cluster" / "postmaster.pid"
    first = pid_file.read_text().split()[0]
    upgraded = PROJECT_ROOT / "data" / name / "upgraded-bin"  # removed with the cluster
    upgraded.mkdir()
    time.sleep(1.1)  # start and install times are compared in whole seconds: install strictly after the start
    for binary in PG_BIN.iterdir():
        if binary.name != "postgres":
            (upgraded / binary.name).symlink_to(binary)
    shutil.copy2(PG_BIN / "postgres", upgraded / "postgres")
    restarted = _cluster("start", name, env | {"PG_BIN": str(upgraded)})
    assert "restart" in restarted.stdout.lower() and "older" in restarted.stdout.lower(), restarted.stdout
    second = pid_file.read_text().split()[0]
    assert second != first, "a new server process"
    again = _cluster("start", name, env | {"PG_BIN": str(upgraded)})
    assert "restart" not in again.stdout.lower() and pid_file.read_text().split()[0] == second


def test_the_loaders_reports_are_for_their_owner_only(db: Connection, tmp_path: Path) -> None:
    """A report quotes bad values (a phone, a name): another OS user may not read it either."""
    from loaders import load_file

    rows = "Name,Village,Block,District,Mobile\nRam,Bedauli,Mairwa,Siwan,98765 4321 (old)\n"
    previous, settings.report_dir = settings.report_dir, tmp_path / "reports"
    try:
        summary = load_file("survey", rows.encode(), connection=db, file_name="modes.csv")
    finally:
        settings.report_dir = previous
    report = Path(summary.report_path)
    assert "98765 4321" in report.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and stat.S_IMODE(report.parent.stat().st_mode) == 0o700
