"""Loaders: validated pipelines that read files and write them in one transaction.

``load_file(kind, path_or_bytes, connection=... | engine=...)`` is the one entry point, used by
the command line (``python -m loaders survey FILE``) and by the dashboard's upload page.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine

from atlas.settings import settings
from loaders.errors import UnknownKind, UnreadableFile
from loaders.pipeline import FileKind, LoadOptions, LoadSummary, RowError, run
from loaders.reading import check_upload_size

__all__ = ["KINDS", "LoadSummary", "RowError", "file_kinds", "load_file"]

KINDS = ("survey", "eshram", "tracking", "complaints", "camps")


def file_kinds() -> dict[str, FileKind]:
    """Every kind of upload, by name. Imported lazily so that ``loaders.reference`` stays light."""
    from loaders.survey import SURVEY

    kinds = {"survey": SURVEY}
    try:
        from loaders.camps import CAMPS
        from loaders.complaints import COMPLAINTS
        from loaders.eshram import ESHRAM
        from loaders.tracking import TRACKING
    except ImportError:  # pragma: no cover - while a loader is being written
        return kinds
    return {**kinds, "eshram": ESHRAM, "tracking": TRACKING, "complaints": COMPLAINTS, "camps": CAMPS}


def load_file(  # noqa: PLR0913 - the public entry point: every option is keyword-only
    kind: str,
    source: str | Path | bytes,
    *,
    connection: Connection | None = None,
    engine: Engine | None = None,
    user_id: int | None = None,
    file_name: str | None = None,
    synthetic: bool = False,
    progress: bool = False,
    refresh_rollups: bool = True,
    upload_limits: bool = True,
) -> LoadSummary:
    """Load one uploaded file (a path or its bytes) of ``kind`` and return what happened.

    Good rows are written and bad rows kept in ``rejected_rows``, all in one transaction on
    ``connection`` (a savepoint if it is already in one) or on a new one from ``engine``.
    Loading the same bytes again changes nothing. When the load owns its transaction (``engine``
    or the default engine), the dashboard rollups are refreshed after the commit unless
    ``refresh_rollups`` is False; ``LoadSummary.refresh_seconds`` says how long that took.

    A file over ``settings.max_upload_bytes`` is refused before it is read, and one over
    ``settings.max_upload_rows`` before it is validated (``UploadTooLarge``). Only files the
    operator made on the server (the demo, benchmarks) may pass ``upload_limits=False``.
    """
    kinds = file_kinds()
    if kind not in kinds:
        raise UnknownKind(kind, sorted(kinds))
    max_bytes = settings.max_upload_bytes if upload_limits else None
    if isinstance(source, bytes):
        if max_bytes is not None:
            check_upload_size(len(source), max_bytes)
        data, name = source, file_name or f"upload.{kind}"
    else:
        path = Path(source)
        if not path.is_file():
            raise UnreadableFile(f"no such file: {path}; check the path")
        if max_bytes is not None:
            check_upload_size(path.stat().st_size, max_bytes)
        data, name = path.read_bytes(), file_name or path.name
    max_rows = settings.max_upload_rows if upload_limits else None
    options = LoadOptions(name, connection, engine, user_id, synthetic, progress, refresh_rollups, max_bytes, max_rows)
    return run(kinds[kind], data, options)
