"""Load bookkeeping: batches, rejected rows, staging frames through COPY, and loader reference codes.

A batch is one file of one kind, keyed by the file's SHA-256. The batch row is written in the
same transaction as the data, so a killed load leaves no batch and a re-run does it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import queue
import select
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg.copy import LibpqWriter
from sqlalchemy import Connection, text

from atlas.forked import Forked
from atlas.queries.bulk import create_staging, quote

Buffer = bytes | memoryview
COPY_CHUNK_ROWS = 100_000
# What libpq is handed at a time: small enough that its output buffer stays small (see _DrainingWriter).
SEND_BYTES = 128 * 1024
# From this many rows on, a forked child process makes the rows while this one sends them (see copy_frames).
CHILD_BUILD_MIN_ROWS = 200_000
# CSV chunks (each ``COPY_CHUNK_ROWS`` rows, up to 30 MB) the child makes ahead of what it has sent.
SENDER_QUEUE_BLOCKS = 3


def stage_frame(connection: Connection, name: str, columns: dict[str, str], frame: pd.DataFrame) -> int:
    """COPY ``frame[columns]`` into a new temporary table ``name``; blank strings and NaN become NULL.

    Rows travel as CSV in chunks, which is several times faster than one Python call per row.
    A staging table left by an earlier load in the same transaction (the dashboard, tests) is replaced.
    """
    connection.execute(text(f"DROP TABLE IF EXISTS pg_temp.{quote(connection, name)}"))
    create_staging(connection, name, columns)
    if frame.empty:
        return 0
    copy_frame(connection, name, frame[list(columns)])
    # Temporary tables have no statistics until analysed; without them joins go nested-loop.
    connection.execute(text(f"ANALYZE {quote(connection, name)}"))
    return len(frame)


def copy_frame(connection: Connection, table: str, frame: pd.DataFrame) -> int:
    """COPY every column of ``frame`` into the same-named columns of ``table``; blank strings and NaN become NULL."""
    if frame.empty:
        return 0
    copy_frames(connection, [(table, list(frame.columns), lambda: [frame])], rows=len(frame))
    return len(frame)


# A table to COPY into: its name, the columns, and a function that makes its rows as frames, in order.
# Rows made a chunk at a time reach the server while the next chunk is made.
Made = tuple[str, Sequence[str], Callable[[], Iterable[pd.DataFrame]]]


def copy_frames(connection: Connection, tables: Sequence[Made], *, rows: int) -> None:
    """COPY each table's rows, in order; ``rows`` is about how many there are in all.

    From ``CHILD_BUILD_MIN_ROWS`` on, a forked child process makes the frames and their CSV while this one
    only relays it to the server, so Python's work and the server's parsing overlap: at 16 lakh workers
    each takes about as long as the other. Where no child is forked (``atlas.forked``: off the main
    thread, as in the dashboard, or when the fork fails) the rows are made here.
    """
    if rows >= CHILD_BUILD_MIN_ROWS and _copied_through_child(connection, tables):
        return
    for table, columns, make in tables:
        _copy_blocks(connection, table, columns, _csv_blocks(make(), columns))


def _copied_through_child(connection: Connection, tables: Sequence[Made]) -> bool:
    """COPY each table's rows as a forked child makes them (``_make_in_child``); False, having sent nothing,
    when no child could be forked.

    If the child fails, the rows it did not send are missing, so this raises before the caller's
    transaction can commit.
    """
    pipes = [os.pipe() for _ in tables]
    for _, write_fd in pipes:
        with contextlib.suppress(OSError):  # a smaller default pipe only costs more reads
            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    with Forked(partial(_make_in_child, tables, pipes)) as child:
        for _, write_fd in pipes:
            os.close(write_fd)
        readers = [os.fdopen(read_fd, "rb", buffering=0) for read_fd, _ in pipes]
        try:
            if not child.forked:
                return False
            for (table, columns, _), reader in zip(tables, readers, strict=True):
                _copy_blocks(connection, table, columns, _pipe_blocks(reader))
        finally:  # also when a COPY fails; leaving the ``with`` then stops the child
            for reader in readers:
                reader.close()
        try:
            child.result()
        except Exception as error:
            raise RuntimeError("making the rows for COPY failed in a child process; nothing is kept") from error
    return True


def _make_in_child(tables: Sequence[Made], pipes: list[tuple[int, int]]) -> None:
    """In the forked child: each table's CSV into its pipe.

    A sender thread writes the chunks while the next ones are made. Written in turn, the two would take
    turns instead of overlapping: while a chunk is made, the server would empty the pipe and wait.
    """
    for read_fd, _ in pipes:
        os.close(read_fd)
    with _Sender() as sender:
        for (_, columns, make), (_, write_fd) in zip(tables, pipes, strict=True):
            for block in _csv_blocks(make(), columns):
                sender.send(write_fd, block)
            sender.send(write_fd, None)


class _Sender:
    """A thread writing blocks to file descriptors in order, at most ``SENDER_QUEUE_BLOCKS`` behind its caller."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[int, Buffer | None] | None] = queue.Queue(maxsize=SENDER_QUEUE_BLOCKS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Sender:
        self._thread.start()
        return self

    def send(self, fd: int, block: Buffer | None) -> None:
        """Queue ``block`` for ``fd``; None closes ``fd``. Raises what the thread met (a closed pipe, say)."""
        if self._error is not None:
            raise self._error
        self._queue.put((fd, block))

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            fd, block = item
            if self._error is not None:
                continue  # keep taking blocks, so the caller never waits on a full queue
            try:
                _write_all(fd, block) if block is not None else os.close(fd)
            except OSError as error:
                self._error = error


def _write_all(fd: int, block: Buffer) -> None:
    view = memoryview(block)
    while view:
        view = view[os.write(fd, view) :]


def _in_order(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The frame's ``columns`` in that order; the frame itself when it has just those (selecting copies it)."""
    return frame if list(frame.columns) == list(columns) else frame[list(columns)]


def _copy_blocks(connection: Connection, table: str, columns: Sequence[str], blocks: Iterable[Buffer]) -> None:
    cols = ", ".join(quote(connection, str(c)) for c in columns)
    # FORCE_NULL: a quoted empty field ("", which the CSV writer gives a blank string) is NULL too.
    sql = f"COPY {quote(connection, table)} ({cols}) FROM STDIN WITH (FORMAT csv, FORCE_NULL ({cols}))"
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cursor, cursor.copy(sql, writer=_DrainingWriter(cursor)) as copy:
        for block in blocks:
            copy.write(block)


class _DrainingWriter(LibpqWriter):
    """Hands libpq ``SEND_BYTES`` at a time and waits until it has sent them before handing it more.

    psycopg's own writer (off macOS) only queues data in libpq's output buffer; when the server parses
    more slowly than this process sends, which it does in a bulk load, that buffer grows to many
    megabytes and libpq moves all of it after every partial send. At 16 lakh workers that cost about
    7 s of this process's CPU per 500 MB, on a machine whose other core the server needs.
    """

    def write(self, data: Buffer) -> None:
        view = memoryview(data)
        for start in range(0, len(view), SEND_BYTES):
            super().write(view[start : start + SEND_BYTES])
            self._drain()

    def _drain(self) -> None:
        pgconn = self.connection.pgconn
        writable = None
        while pgconn.flush() == 1:  # 1: some data is still queued; wait until the socket takes more
            if writable is None:  # poll, not select: a busy server process may hold sockets above fd 1024
                writable = select.poll()
                writable.register(pgconn.socket, select.POLLOUT)
            writable.poll()


def _pipe_blocks(reader: io.RawIOBase) -> Iterator[bytes]:
    while block := reader.read(1 << 20):
        yield block


def _csv_blocks(frames: Iterable[pd.DataFrame], columns: Sequence[str]) -> Iterator[Buffer]:
    for frame in frames:
        ordered = _in_order(frame, columns)
        size = COPY_CHUNK_ROWS
        for start in range(0, len(ordered), size):
            yield _csv_chunk(ordered.iloc[start : start + size])


def _csv_chunk(chunk: pd.DataFrame) -> Buffer:
    """Rows as CSV for COPY: NaN and None as an unquoted empty field (NULL), blank strings as ``""``.

    Arrow's CSV writer is several times faster than ``DataFrame.to_csv``; columns it cannot
    represent (mixed Python objects, such as JSON text with None) go through pandas.
    """
    try:
        table = pa.Table.from_pandas(chunk, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        buffer = io.StringIO()
        chunk.to_csv(buffer, header=False, index=False, na_rep="")
        return buffer.getvalue().encode("utf-8")
    out = pa.BufferOutputStream()
    pa_csv.write_csv(table, out, pa_csv.WriteOptions(include_header=False))
    return memoryview(out.getvalue())  # Arrow's own buffer: copying 30 MB chunks into bytes costs a second per 16 lakh


def lift_statement_timeout(connection: Connection) -> None:
    """No time limit for the rest of this transaction: one statement of a 16 lakh row load runs longer
    than the dashboard's limit (``settings.statement_timeout_ms``)."""
    connection.execute(text("SET LOCAL statement_timeout = 0"))


def finished_batch(connection: Connection, kind: str, sha256: str) -> dict[str, object] | None:
    """The finished batch of this kind and file content, if any."""
    sql = text(
        "SELECT batch_id, rows_total, rows_loaded, rows_updated, rows_rejected, report_path FROM load_batches "
        "WHERE kind = :kind AND file_sha256 = :sha AND status = 'finished'"
    )
    row = connection.execute(sql, {"kind": kind, "sha": sha256}).mappings().first()
    return dict(row) if row else None


def open_batch(connection: Connection, *, kind: str, file_name: str, sha256: str, user_id: int | None) -> int | None:
    """Insert the batch row; None when the same file is already loaded (or loading in another session)."""
    sql = text(
        "INSERT INTO load_batches (kind, file_name, file_sha256, loaded_by) VALUES (:kind, :name, :sha, :user) "
        "ON CONFLICT (kind, file_sha256) DO NOTHING RETURNING batch_id"
    )
    params = {"kind": kind, "name": file_name, "sha": sha256, "user": user_id}
    return connection.execute(sql, params).scalar()


def finish_batch(connection: Connection, batch_id: int, *, counts: dict[str, int], report_path: str) -> None:
    sql = text(
        "UPDATE load_batches SET status = 'finished', finished_at = now(), rows_total = :total, "
        "rows_loaded = :loaded, rows_updated = :updated, rows_rejected = :rejected, report_path = :report "
        "WHERE batch_id = :batch"
    )
    connection.execute(sql, {**counts, "report": report_path, "batch": batch_id})


def write_rejected_rows(connection: Connection, batch_id: int, rejected: pd.DataFrame) -> int:
    """Keep each rejected row whole (``row_number``, ``raw`` dict, ``errors`` list) in rejected_rows."""
    frame = pd.DataFrame(
        {
            "batch_id": batch_id,
            "row_number": rejected["row_number"].astype(int),
            "raw": [json.dumps(r, ensure_ascii=False) for r in rejected["raw"]],
            "errors": [json.dumps(e, ensure_ascii=False) for e in rejected["errors"]],
        }
    )
    columns = {"batch_id": "bigint", "row_number": "integer", "raw": "jsonb", "errors": "jsonb"}
    stage_frame(connection, "stage_rejected", columns, frame)
    sql = text(
        "INSERT INTO rejected_rows (batch_id, row_number, raw, errors, loaded_by, loader_state_code) "
        "SELECT r.batch_id, r.row_number, r.raw, r.errors, u.user_id, u.scope_state_code FROM stage_rejected r "
        "JOIN load_batches b USING (batch_id) LEFT JOIN users u ON u.user_id = b.loaded_by "
        "ON CONFLICT (batch_id, row_number) DO NOTHING"
    )
    return connection.execute(sql).rowcount


def rejected_rows(connection: Connection, batch_id: int) -> pd.DataFrame:
    """``row_number, raw, errors`` of one batch, in file order."""
    sql = text("SELECT row_number, raw, errors FROM rejected_rows WHERE batch_id = :b ORDER BY row_number")
    return pd.read_sql(sql, connection, params={"b": batch_id})


def upsert_occupations(connection: Connection, occupations: pd.DataFrame) -> int:
    """NCO-2015 occupations from the loaders' reference CSV; returns rows inserted or changed."""
    columns = {"nco_code": "text", "label_en": "text", "label_hi": "text", "sector": "text", "skill_group": "text"}
    stage_frame(connection, "stage_occupations", columns, occupations)
    sql = text(
        "INSERT INTO occupations (nco_code, label_en, label_hi, sector, skill_group) "
        "SELECT nco_code, label_en, label_hi, sector, skill_group FROM stage_occupations "
        "ON CONFLICT (nco_code) DO UPDATE SET label_en = EXCLUDED.label_en, label_hi = EXCLUDED.label_hi, "
        "sector = EXCLUDED.sector, skill_group = EXCLUDED.skill_group "
        "WHERE (occupations.label_en, occupations.label_hi, occupations.sector, occupations.skill_group) "
        "IS DISTINCT FROM (EXCLUDED.label_en, EXCLUDED.label_hi, EXCLUDED.sector, EXCLUDED.skill_group)"
    )
    return connection.execute(sql).rowcount


def known_camp_ids(connection: Connection, camp_ids: Sequence[str]) -> set[str]:
    sql = text("SELECT camp_id FROM registration_camps WHERE camp_id = ANY(:ids)")
    return set(connection.execute(sql, {"ids": list(camp_ids)}).scalars())


def batch_counts(connection: Connection, batch_id: int) -> dict[str, int]:
    """Rows each table holds from one batch: a check that a load wrote what it reported."""
    sql = text(
        "SELECT (SELECT count(*) FROM workers WHERE first_batch_id = :b) AS workers, "
        "(SELECT count(*) FROM worker_locations WHERE batch_id = :b) AS locations, "
        "(SELECT count(*) FROM call_attempts WHERE batch_id = :b) AS calls, "
        "(SELECT count(*) FROM complaints WHERE batch_id = :b) AS complaints, "
        "(SELECT count(*) FROM rejected_rows WHERE batch_id = :b) AS rejected"
    )
    return dict(connection.execute(sql, {"b": batch_id}).mappings().one())
