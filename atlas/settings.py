"""One typed settings module for the whole product.

Values are read when a function asks for them (``settings.x``), so a test can change a
setting by assigning to it. Environment variables override the defaults at import time.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_geo_data_dir() -> Path:
    """``GEO_DATA_DIR``, else ``data/geo/`` when it exists, else ``../shared/geo/``."""
    if env := os.environ.get("GEO_DATA_DIR"):
        return Path(env)
    local = PROJECT_ROOT / "data" / "geo"
    if local.is_dir():
        return local
    return PROJECT_ROOT.parent / "shared" / "geo"


def _cluster_url(name: str) -> str:
    """The URL of the private cluster NAME: a Citus coordinator for ``citus...``, else a single node."""
    script = PROJECT_ROOT / "scripts" / ("citus.sh" if name.startswith("citus") else "cluster.sh")
    out = subprocess.run([str(script), "url", name], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _default_database_url() -> str:
    """``DATABASE_URL``, else the private cluster ``ATLAS_CLUSTER`` (default ``pg``) under ``data/``."""
    return os.environ.get("DATABASE_URL") or _cluster_url(os.environ.get("ATLAS_CLUSTER", "pg"))


def _app_database_url() -> str:
    """``APP_DATABASE_URL``, else the database URL with the ``atlas_app`` role (row-level security applies)."""
    if env := os.environ.get("APP_DATABASE_URL"):
        return env
    return make_url(_default_database_url()).set(username="atlas_app", password=None).render_as_string(False)


@dataclass
class Settings:
    """Documented defaults; every module reads them through the ``settings`` instance."""

    #: SQLAlchemy URL of the PostGIS database (psycopg 3 driver).
    database_url: str = field(default_factory=_default_database_url)
    #: URL the dashboard uses: a non-owner role, so PostgreSQL row-level security applies to it.
    app_database_url: str = field(default_factory=_app_database_url)
    #: Folder holding the reference geography files listed in docs/DATA.md.
    geo_data_dir: Path = field(default_factory=_default_geo_data_dir)
    #: Where loaders write their row-level CSV reports.
    report_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("ATLAS_REPORT_DIR", PROJECT_ROOT / "data" / "reports"))
    )
    #: Every geometry in the store is WGS84 lon/lat.
    srid: int = 4326
    #: Metric CRS for areas, distances and Voronoi cells (India-wide Lambert conformal conic).
    metric_srid: int = 7755
    #: A statement may run at most this long, so one slow query cannot stall a page.
    statement_timeout_ms: int = int(os.environ.get("ATLAS_STATEMENT_TIMEOUT_MS", "30000"))
    #: Upper bound on rows any dashboard query returns.
    max_rows: int = 50_000
    #: Lifetime of cached query results in the dashboard, in seconds.
    cache_ttl_s: int = 300
    #: Aggregates below this count are suppressed in views and exports.
    min_cell_count: int = 5
    #: Post offices farther than this from their own district polygon are flagged suspect.
    po_district_tolerance_km: float = 15.0
    #: More offices than this on one exact point means a placeholder coordinate.
    po_placeholder_min_offices: int = 5
    #: Failed logins in a row before an account is locked, and for how long.
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    #: A dashboard session ends after this many idle minutes.
    session_idle_minutes: int = 30
    #: Retention (DPDP Rules 2025: keep personal data no longer than its purpose needs), applied by
    #: `python -m atlas.users purge` (run it daily). Rejected raw rows (whole upload rows: names, phones)
    #: and the loaders' CSV reports are deleted after this many days: long enough to correct and reload a file.
    rejected_row_retention_days: int = int(os.environ.get("ATLAS_REJECTED_RETENTION_DAYS", "180"))
    #: Call-centre call records (outcome, note, who called) are deleted after this many days; the worker
    #: keeps when they were last reached and where they work (their location history).
    call_record_retention_days: int = int(os.environ.get("ATLAS_CALL_RETENTION_DAYS", "730"))
    #: A worker not reached for this many days is due a call (the district's call list, the call queue).
    stale_after_days: int = 90
    #: The call queue offers a worker again only this many hours after the last attempt to call them.
    call_retry_hours: int = 24
    #: A worker taken from the call queue is the agent's alone for this many minutes, or until the call is
    #: recorded; an agent who walks away does not hold a worker longer.
    call_lease_minutes: int = 15
    #: Largest file a load accepts, in bytes (50 MB); a larger file is refused before it is read.
    #: An .xlsx may expand to at most ten times this when unzipped (see ``loaders.reading``).
    max_upload_bytes: int = int(os.environ.get("ATLAS_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
    #: Most data rows a load accepts (20 lakh: a whole state's survey); a longer file is refused, to be split.
    max_upload_rows: int = int(os.environ.get("ATLAS_MAX_UPLOAD_ROWS", "2000000"))
    #: A load of at least this many workers, and at least this share of the workers already stored, is
    #: written in bulk: new workers are copied straight in and the person tables' indexes and foreign keys
    #: are rebuilt once instead of updated row by row (``atlas.bulk.rebuilt_indexes``). Those tables are
    #: locked for the rest of that load. At a quarter, rebuilding every index costs less than updating them
    #: for each new row.
    bulk_rebuild_min_rows: int = int(os.environ.get("ATLAS_BULK_REBUILD_MIN_ROWS", "100000"))
    bulk_rebuild_min_share: float = float(os.environ.get("ATLAS_BULK_REBUILD_MIN_SHARE", "0.25"))
    #: Folder with the Noto fonts exported pictures draw their text in (Debian's fonts-noto-core).
    font_dir: Path = Path(os.environ.get("ATLAS_FONT_DIR", "/usr/share/fonts/truetype/noto"))
    #: Port the dashboard listens on.
    port: int = int(os.environ.get("PORT", "8501"))


settings = Settings()
