"""A function run in a forked child process while this one goes on, its result taken back by pickle.

For CPU-bound Python work that can overlap with other work of the same load: this machine has two
cores, and threads would share one interpreter lock. A child is forked only from the main thread while
it is the process's only thread (a command-line or benchmark load); anywhere else, such as the dashboard,
whose pages run in other threads, the function simply runs in this process when its result is asked for.

A child has only the forking thread, and a lock another thread held at the fork would stay held in the
child for ever (the database driver's, logging's, Arrow's). Refusing to fork while another thread runs
makes that impossible instead of a rule for every caller: ``loaders.people.BulkLoad`` forks its children
before it starts anything else, and the child may then use anything this process had.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Forked(Generic[T]):
    """``fn()`` started now in a child process (see the module's note); ``result()`` waits for it.

    Use it as a context manager: leaving without having asked for the result stops the child.
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._pid: int | None = None
        self._read_fd: int | None = None
        #: Whether ``fn`` runs in a child process; else it runs here when ``result`` is asked for.
        self.forked = False
        if may_fork():
            self._start()

    def _start(self) -> None:
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slot for a child: do the work here instead, when asked
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:
            os.close(read_fd)
            _run_in_child(self._fn, write_fd)
        os.close(write_fd)
        self._pid, self._read_fd, self.forked = pid, read_fd, True

    def result(self) -> T:
        """The function's result; what it raised is raised here."""
        if self._pid is None:
            return self._fn()
        assert self._read_fd is not None
        with os.fdopen(self._read_fd, "rb") as reader:
            self._read_fd = None
            payload = reader.read()
        status = self._reap()
        if not payload:
            raise RuntimeError(f"a child process ended without a result (exit status {status}); its error is above")
        done, value = _unpickled(payload)
        if not done:
            raise value
        result: T = value  # what the child's function returned, pickled by the child
        return result

    def _reap(self) -> int:
        assert self._pid is not None
        status = os.waitstatus_to_exitcode(os.waitpid(self._pid, 0)[1])
        self._pid = None
        return status

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pid is not None:  # the result was never asked for: an error on the way
            os.kill(self._pid, signal.SIGKILL)
            self._reap()
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None


def may_fork() -> bool:
    """Whether ``Forked`` would fork now: on the main thread, while no other thread runs."""
    return threading.current_thread() is threading.main_thread() and threading.active_count() == 1


def _unpickled(payload: bytes) -> tuple[bool, Any]:
    """Unpickle with the cycle collector off: lakhs of new objects would otherwise set off collections that
    walk every object of this process, and a load's frames hold crores of them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        outcome: tuple[bool, Any] = pickle.loads(payload)  # the child is our own, its bytes come through a private pipe
        return outcome
    finally:
        if enabled:
            gc.enable()


def _run_in_child(fn: Callable[[], object], write_fd: int) -> None:
    """The child: ``(True, result)`` or ``(False, exception)`` pickled into the pipe, then leave at once."""
    gc.disable()  # a collection would walk, and so copy, every page of the parent's heap
    try:
        payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:
        traceback.print_exc()
        try:
            payload = pickle.dumps((False, error))
        except Exception:
            payload = pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
    try:
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)  # not the parent's exit handlers, open files or connections
