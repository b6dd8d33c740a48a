"""Data quality: load history and freshness, rejected rows, and the geocoder's review queue."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries import read_frame


def freshness(connection: Connection) -> pd.DataFrame:
    """The latest finished load of each kind: ``kind, file_name, finished_at, rows_total, rows_loaded,
    rows_updated, rows_rejected``."""
    sql = text(
        "SELECT DISTINCT ON (kind) kind, file_name, finished_at, rows_total, rows_loaded, rows_updated, rows_rejected "
        "FROM load_batches WHERE finished_at IS NOT NULL ORDER BY kind, finished_at DESC"
    )
    return read_frame(connection, sql)


def rejected_rows(connection: Connection, *, batch_id: int | None = None, limit: int = 500) -> pd.DataFrame:
    """Rejected rows (newest batch first): ``batch_id, file_name, row_number, errors, raw``."""
    sql = text(
        "SELECT r.batch_id, b.file_name, r.row_number, r.errors, r.raw FROM rejected_rows r "
        "JOIN load_batches b USING (batch_id) WHERE (CAST(:batch AS bigint) IS NULL OR r.batch_id = :batch) "
        "ORDER BY r.batch_id DESC, r.row_number LIMIT :limit"
    )
    return read_frame(connection, sql, {"batch": batch_id, "limit": limit})


def review_queue(connection: Connection, *, limit: int = 300) -> pd.DataFrame:
    """Open geocoding reviews, most frequent first: ``review_id, input_text, reason, confidence, occurrences,
    created_at``."""
    sql = text(
        "SELECT review_id, input_text, reason, confidence, occurrences, created_at FROM geocode_reviews "
        "WHERE status = 'open' ORDER BY occurrences DESC, review_id LIMIT :limit"
    )
    return read_frame(connection, sql, {"limit": limit})


def data_version(connection: Connection) -> str:
    """An id of the data as loaded: the latest finished load and how many loads have finished."""
    sql = text(
        "SELECT coalesce(max(finished_at)::text, '') || '/' || count(*) FROM load_batches WHERE finished_at IS NOT NULL"
    )
    return str(connection.execute(sql).scalar_one())
