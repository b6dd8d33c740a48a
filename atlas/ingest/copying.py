"""The COPY transport: frames into PostgreSQL as CSV, made in a forked child process for a big batch.

It sends the COPY statements it is given (``atlas.queries.loading.copy_statement``) and writes no SQL of its
own. Rows travel as CSV in chunks, which is several times faster than one Python call per row.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
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
from sqlalchemy import Connection

from atlas.ingest.forked import Forked

Buffer = bytes | memoryview
COPY_CHUNK_ROWS = 100_000
# What libpq is handed at a time: small enough that its output buffer stays small (see _DrainingWriter).
SEND_BYTES = 128 * 1024
# From this many rows on, a forked child process makes the rows while this one sends them (see copy_frames).
CHILD_BUILD_MIN_ROWS = 200_000
# CSV chunks (each ``COPY_CHUNK_ROWS`` rows, up to 30 MB) the child makes ahead of what it has sent.
SENDER_QUEUE_BLOCKS = 3


# A table to COPY into: its COPY statement (``atlas.queries.loading.copy_statement``), the columns the statement
# names, in order, and a function that makes its rows as frames, in order.
# Rows made a chunk at a time reach the server while the next chunk is made.
Made = tuple[str, Sequence[str], Callable[[], Iterable[pd.DataFrame]]]


def copy_frames(connection: Connection, tables: Sequence[Made], *, rows: int) -> None:
    """COPY each table's rows, in order; ``rows`` is about how many there are in all.

    From ``CHILD_BUILD_MIN_ROWS`` on, a forked child process makes the frames and their CSV while this one
    only relays it to the server, so Python's work and the server's parsing overlap: at 16 lakh workers
    each takes about as long as the other. Where no child is forked (``atlas.ingest.forked``: off the main
    thread or while another thread runs, as in the dashboard, or when the fork fails) the rows are made here.
    """
    if rows >= CHILD_BUILD_MIN_ROWS and _copied_through_child(connection, tables):
        return
    for statement, columns, make in tables:
        _copy_blocks(connection, statement, _csv_blocks(make(), columns))


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
            for (statement, _, _), reader in zip(tables, readers, strict=True):
                _copy_blocks(connection, statement, _pipe_blocks(reader))
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


def _copy_blocks(connection: Connection, statement: str, blocks: Iterable[Buffer]) -> None:
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cursor, cursor.copy(statement, writer=_DrainingWriter(cursor)) as copy:
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
