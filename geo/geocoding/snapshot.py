"""The index frames on disk, for the command line: ``python -m geo.geocode`` reads them without a database.

``python -m loaders reference`` writes them from the database after every reference load (one Parquet file per
frame and a ``stamp.json`` saying which load they come from), into a temporary folder renamed into place, so a
reader never sees half a snapshot.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

__all__ = ["default_folder", "read_frames", "write_frames"]

STAMP = "stamp.json"


def default_folder() -> Path:
    """``ATLAS_GAZETTEER_DIR``, else ``data/gazetteer`` in the project, where ``python -m loaders reference``
    writes it."""
    if folder := os.environ.get("ATLAS_GAZETTEER_DIR"):
        return Path(folder)
    return Path(__file__).resolve().parents[2] / "data" / "gazetteer"


def write_frames(frames: Mapping[str, pd.DataFrame], folder: Path, stamp: Mapping[str, object]) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".gazetteer-", dir=folder.parent))
    for name, frame in frames.items():
        frame.to_parquet(staging / f"{name}.parquet", index=False)
    (staging / STAMP).write_text(json.dumps({**stamp, "frames": sorted(frames)}, indent=1), encoding="utf-8")
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """The frames of a snapshot; ``FileNotFoundError`` when there is none."""
    stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in stamp["frames"]}
