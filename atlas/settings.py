"""One typed settings module for the whole product.

``Settings.from_env()`` reads the environment once, when this module is imported; every other value is a
documented default. Modules read settings when a function asks for them (``settings.x``), so a test can change
a setting by assigning to it. Without ``DATABASE_URL`` the private cluster's URL is asked of its script the first
time a database URL is needed, not at import.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from geo.crs import WGS84_SRID

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Every geometry in the store is WGS84 lon/lat (``geo.crs``).
SRID = WGS84_SRID


def _geo_data_dir(env: Mapping[str, str]) -> Path:
    """``GEO_DATA_DIR``, else ``data/geo/`` when it exists, else ``../shared/geo/``."""
    if folder := env.get("GEO_DATA_DIR"):
        return Path(folder)
    local = PROJECT_ROOT / "data" / "geo"
    if local.is_dir():
        return local
    return PROJECT_ROOT.parent / "shared" / "geo"


def _cluster_url(name: str) -> str:
    """The URL of the private cluster NAME: a Citus coordinator for ``citus...``, else a single node."""
    script = PROJECT_ROOT / "scripts" / ("citus.sh" if name.startswith("citus") else "cluster.sh")
    out = subprocess.run([str(script), "url", name], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@dataclass
class Settings:
    """Documented defaults; every module reads them through the ``settings`` instance."""

    #: SQLAlchemy URL of the PostGIS database (psycopg 3 driver), ``DATABASE_URL``; None: the private cluster
    #: ``cluster`` under ``data/``, whose URL ``database_url`` asks of its script when first read.
    configured_database_url: str | None = None
    #: The private cluster used without ``DATABASE_URL`` (``ATLAS_CLUSTER``): ``pg``, or ``citus...``.
    cluster: str = "pg"
    #: URL the dashboard uses (``APP_DATABASE_URL``); None: the database URL with the ``atlas_app`` role.
    configured_app_database_url: str | None = None
    #: Folder holding the reference geography files listed in docs/DATA.md: ``GEO_DATA_DIR``, else ``data/geo/``
    #: when it exists, else ``../shared/geo/``.
    geo_data_dir: Path = PROJECT_ROOT.parent / "shared" / "geo"
    #: Where loaders write their row-level CSV reports (``ATLAS_REPORT_DIR``).
    report_dir: Path = PROJECT_ROOT / "data" / "reports"
    #: A statement may run at most this long, so one slow query cannot stall a page (``ATLAS_STATEMENT_TIMEOUT_MS``).
    statement_timeout_ms: int = 30_000
    #: Upper bound on rows any dashboard query returns.
    max_rows: int = 50_000
    #: Lifetime of cached query results in the dashboard, in seconds.
    cache_ttl_s: int = 300
    #: Aggregates below this count are suppressed in views and exports.
    min_cell_count: int = 5
    #: Post offices farther than this from their own district polygon are flagged suspect.
    po_district_tolerance_km: float = 15.0
    #: Failed logins in a row before an account is locked, and for how long.
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    #: A dashboard session ends after this many idle minutes.
    session_idle_minutes: int = 30
    #: Retention (DPDP Rules 2025: keep personal data no longer than its purpose needs), applied by
    #: `python -m atlas.users purge` (run it daily). Rejected raw rows (whole upload rows: names, phones)
    #: and the loaders' CSV reports are deleted after this many days: long enough to correct and reload a file.
    rejected_row_retention_days: int = 180
    #: Call-centre call records (outcome, note, who called) are deleted after this many days; the worker
    #: keeps when they were last reached and where they work (their location history).
    call_record_retention_days: int = 730
    #: A worker not reached for this many days is due a call (the district's call list, the call queue).
    stale_after_days: int = 90
    #: The call queue offers a worker again only this many hours after the last attempt to call them.
    call_retry_hours: int = 24
    #: A worker taken from the call queue is the agent's alone for this many minutes, or until the call is
    #: recorded; an agent who walks away does not hold a worker longer.
    call_lease_minutes: int = 15
    #: Largest file a load accepts, in bytes (50 MB); a larger file is refused before it is read.
    #: An .xlsx may expand to at most ten times this when unzipped (see ``loaders.reading``).
    max_upload_bytes: int = 50 * 1024 * 1024
    #: Most data rows a load accepts (20 lakh: a whole state's survey); a longer file is refused, to be split.
    max_upload_rows: int = 2_000_000
    #: A load of at least this many workers, and at least this share of the workers already stored, is
    #: written in bulk: new workers are copied straight in and the person tables' indexes and foreign keys
    #: are rebuilt once instead of updated row by row (``atlas.queries.bulk.rebuilt_indexes``). Those tables are
    #: locked for the rest of that load. At a quarter, rebuilding every index costs less than updating them
    #: for each new row.
    bulk_rebuild_min_rows: int = 100_000
    bulk_rebuild_min_share: float = 0.25
    #: An optional local tile server under the maps' boundaries (``ATLAS_TILE_URL``, a Leaflet URL template on
    #: this machine or a path the dashboard serves), and its attribution (``ATLAS_TILE_ATTRIBUTION``).
    tile_url: str | None = None
    tile_attribution: str = "local tiles"
    #: Folder with the Noto fonts exported pictures draw their text in (Debian's fonts-noto-core).
    font_dir: Path = Path("/usr/share/fonts/truetype/noto")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings, with the environment's variables (``os.environ`` unless ``env``) over the defaults."""
        env = os.environ if env is None else env
        given: dict[str, object] = {
            "configured_database_url": env.get("DATABASE_URL") or None,
            "cluster": env.get("ATLAS_CLUSTER", "pg"),
            "configured_app_database_url": env.get("APP_DATABASE_URL") or None,
            "geo_data_dir": _geo_data_dir(env),
        }
        for name, variable, kind in _FROM_ENV:
            if (value := env.get(variable)) is not None:
                given[name] = kind(value)
        return cls(**given)  # type: ignore[arg-type]

    @property
    def database_url(self) -> str:
        if self.configured_database_url is None:
            self.configured_database_url = _cluster_url(self.cluster)
        return self.configured_database_url

    @database_url.setter
    def database_url(self, url: str) -> None:
        self.configured_database_url = url

    @property
    def app_database_url(self) -> str:
        """A non-owner role, so PostgreSQL row-level security applies to the dashboard."""
        if self.configured_app_database_url:
            return self.configured_app_database_url
        return make_url(self.database_url).set(username="atlas_app", password=None).render_as_string(False)

    @app_database_url.setter
    def app_database_url(self, url: str) -> None:
        self.configured_app_database_url = url


#: Settings that an environment variable may override: (field, variable, type).
_FROM_ENV: tuple[tuple[str, str, type], ...] = (
    ("report_dir", "ATLAS_REPORT_DIR", Path),
    ("statement_timeout_ms", "ATLAS_STATEMENT_TIMEOUT_MS", int),
    ("rejected_row_retention_days", "ATLAS_REJECTED_RETENTION_DAYS", int),
    ("call_record_retention_days", "ATLAS_CALL_RETENTION_DAYS", int),
    ("max_upload_bytes", "ATLAS_MAX_UPLOAD_BYTES", int),
    ("max_upload_rows", "ATLAS_MAX_UPLOAD_ROWS", int),
    ("bulk_rebuild_min_rows", "ATLAS_BULK_REBUILD_MIN_ROWS", int),
    ("bulk_rebuild_min_share", "ATLAS_BULK_REBUILD_MIN_SHARE", float),
    ("font_dir", "ATLAS_FONT_DIR", Path),
    ("tile_url", "ATLAS_TILE_URL", str),
    ("tile_attribution", "ATLAS_TILE_ATTRIBUTION", str),
)

settings = Settings.from_env()
