"""COPY of a frame: blanks and missing values arrive as NULL, awkward text arrives intact, chunking loses nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Connection, text

from atlas.ingest import copying
from atlas.queries.loading import copy_frame, stage_frame

COLUMNS = {"label": "text", "note": "text", "count": "integer", "share": "float8"}
AWKWARD = 'a "quoted", comma\nand a line break, नाम'


def _rows(db: Connection) -> list[tuple[object, ...]]:
    return [tuple(row) for row in db.execute(text("SELECT label, note, count, share FROM copied ORDER BY label"))]


def test_blank_and_missing_values_become_null_and_text_survives(db: Connection) -> None:
    frame = pd.DataFrame({
        "label": ["a", "b", "c", "d"],
        "note": ["", None, np.nan, AWKWARD],
        "count": pd.array([1, None, 3, None], dtype="Int64"),
        "share": [0.5, np.nan, 1.0, 2.5],
    })  # fmt: skip
    stage_frame(db, "copied", COLUMNS, frame)
    assert _rows(db) == [("a", None, 1, 0.5), ("b", None, None, None), ("c", None, 3, 1.0), ("d", AWKWARD, None, 2.5)]


def test_a_frame_of_several_chunks_arrives_whole_and_in_order(db: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copying, "COPY_CHUNK_ROWS", 3)
    frame = pd.DataFrame({"label": [f"{i:02d}" for i in range(10)], "note": ["x", ""] * 5,
                          "count": range(10), "share": np.linspace(0, 1, 10)})  # fmt: skip
    stage_frame(db, "copied", COLUMNS, frame.iloc[:0])
    assert copy_frame(db, "copied", frame) == 10
    rows = _rows(db)
    assert [row[0] for row in rows] == list(frame["label"]) and [row[2] for row in rows] == list(range(10))
    assert [row[1] for row in rows] == ["x", None] * 5
