"""Settings are read from the environment once (``Settings.from_env``); the private cluster's URL is asked of its
script only when a database URL is first needed, never on import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from atlas.settings import PROJECT_ROOT, Settings


def test_the_environment_overrides_the_defaults_and_the_app_role_follows_the_database() -> None:
    given = Settings.from_env(
        {
            "DATABASE_URL": "postgresql+psycopg://postgres@/atlas?host=/tmp",
            "ATLAS_MAX_UPLOAD_ROWS": "10",
            "ATLAS_BULK_REBUILD_MIN_SHARE": "0.5",
            "ATLAS_REPORT_DIR": "/tmp/reports",
            "GEO_DATA_DIR": "/srv/geo",
        }
    )
    assert (given.max_upload_rows, given.bulk_rebuild_min_share) == (10, 0.5)
    assert (given.report_dir, given.geo_data_dir) == (Path("/tmp/reports"), Path("/srv/geo"))
    assert given.database_url == "postgresql+psycopg://postgres@/atlas?host=/tmp"
    app = make_url(given.app_database_url)
    assert (app.username, app.database, app.query["host"]) == ("atlas_app", "atlas", "/tmp")
    given.database_url = "postgresql+psycopg://postgres@/other?host=/tmp"
    assert make_url(given.app_database_url).database == "other", "the app's role follows the database"
    given.app_database_url = "postgresql+psycopg://reader@/other?host=/tmp"
    assert given.app_database_url == "postgresql+psycopg://reader@/other?host=/tmp"
    assert Settings.from_env({}).max_upload_rows == 2_000_000


def test_importing_the_settings_runs_no_cluster_script() -> None:
    # A cluster name whose script call would fail: importing must not ask for its URL.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "APP_DATABASE_URL")}
    code = (
        "import sys, subprocess\n"
        "ran = []\n"
        "real = subprocess.run\n"
        "subprocess.run = lambda *a, **k: ran.append(a) or real(*a, **k)\n"
        "from atlas.settings import settings\n"
        "import atlas.db, atlas.models, dashboard.data\n"
        "assert not ran, ran\n"
        "assert settings.configured_database_url is None\n"
        "print(settings.cluster)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env | {"ATLAS_CLUSTER": "nowhere"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "nowhere"
