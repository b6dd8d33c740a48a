"""``python -m loaders demo``: generate the synthetic files into data/demo and load them through the loaders.

Quick the second time: files already generated for the same size and seed are reused, and a file
already loaded is recognised by its SHA-256 and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from atlas.db import default_engine
from atlas.queries.complaints import escalate_overdue
from atlas.settings import PROJECT_ROOT
from loaders import load_file
from loaders.pipeline import LoadSummary, refresh_dashboard
from loaders.synthetic import write_files

MANIFEST = "manifest.json"


def demo_files(*, workers: int, seed: int, out_dir: Path) -> list[tuple[str, Path]]:
    """The demo files for this size and seed, generated only when missing."""
    manifest = out_dir / MANIFEST
    # Recency (who is due a call, last week's complaint spike) is relative to the day the files are made.
    wanted = {"workers": workers, "seed": seed, "version": 3, "day": date.today().isoformat()}
    if manifest.is_file():
        saved = json.loads(manifest.read_text())
        files = [(kind, out_dir / name) for kind, name in saved.get("files", [])]
        if saved.get("params") == wanted and all(path.is_file() for _, path in files):
            return files
    with default_engine().connect() as connection:
        files = write_files(connection, workers=workers, seed=seed, out_dir=out_dir)
    record = {"params": wanted, "files": [(kind, path.name) for kind, path in files]}
    manifest.write_text(json.dumps(record, indent=2))
    return files


def run_demo(*, workers: int, seed: int, out_dir: Path | None = None) -> Iterator[LoadSummary]:
    """Generate (if needed) and load every demo file, in order; yields one summary per file.

    The dashboard rollups are refreshed once, after the last file has committed (not after each
    file), and that time is in the last summary's ``refresh_seconds``.
    """
    folder = out_dir or PROJECT_ROOT / "data" / "demo"
    engine = default_engine()
    files = demo_files(workers=workers, seed=seed, out_dir=folder)
    for number, (kind, path) in enumerate(files, start=1):
        # Generated here, not uploaded: a demo of crore workers is far over the upload limits.
        summary = load_file(kind, path, engine=engine, synthetic=True, progress=True, refresh_rollups=False,
                            upload_limits=False)  # fmt: skip
        if number == len(files):
            escalate_demo_complaints(engine)
            summary.refresh_seconds = refresh_dashboard(engine)
        yield summary


def escalate_demo_complaints(engine: Engine) -> None:
    """What the escalation job (``python -m atlas.escalation``, run every few minutes) would have done by now."""
    with engine.begin() as connection:
        escalate_overdue(connection)
