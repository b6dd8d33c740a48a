"""Work done in a forked child process comes back whole, or fails loudly; geocoding split over two
processes gives what one process gives."""

from __future__ import annotations

import os
import threading

import pandas as pd
import pytest
from sqlalchemy import Connection, text

from atlas.ingest.forked import Forked
from loaders import geocode


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_the_result_comes_back_from_another_process() -> None:
    with Forked(lambda: _pid_and_square(12)) as job:
        pid, square = job.result()
    assert square == 144
    assert pid != os.getpid()


def test_what_the_child_raises_is_raised_here() -> None:
    def fails() -> None:
        raise ValueError("no such village")

    with Forked(fails) as job, pytest.raises(ValueError, match="no such village"):
        job.result()


def test_a_child_that_dies_without_a_result_fails_loudly() -> None:
    with Forked(lambda: os._exit(3)) as job, pytest.raises(RuntimeError, match="exit status 3"):
        job.result()


def test_leaving_without_the_result_stops_the_child() -> None:
    with Forked(lambda: threading.Event().wait()) as job:  # would never finish on its own
        pid = job._pid
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_off_the_main_thread_the_work_runs_here() -> None:
    found: list[tuple[int, int]] = []

    def in_thread() -> None:
        with Forked(lambda: _pid_and_square(3)) as job:
            found.append(job.result())

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert found == [(os.getpid(), 9)]


def test_while_another_thread_runs_no_child_is_forked() -> None:
    # A lock that thread held at the fork would stay held in the child for ever: the work runs here instead.
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with Forked(lambda: _pid_and_square(4)) as job:
            assert not job.forked
            assert job.result() == (os.getpid(), 16)
    finally:
        release.set()
        other.join()
    with Forked(lambda: _pid_and_square(4)) as job:  # once it has ended, children are forked again
        assert job.forked
        assert job.result()[0] != os.getpid()


def test_when_no_child_can_be_forked_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with Forked(lambda: _pid_and_square(5)) as job:
        assert job.result() == (os.getpid(), 25)


_ADDRESSES = """
SELECT v.name_en AS village, s.name_en AS block, d.name_en AS district, st.name_en AS state
FROM villages v JOIN subdistricts s USING (subdistrict_code) JOIN districts d ON d.district_id = v.district_id
JOIN states st ON st.state_code = v.state_code WHERE v.state_code = '10' ORDER BY v.village_code LIMIT 40
"""


def test_geocoding_split_over_two_processes_gives_the_same_places_and_reviews(
    db: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    villages = pd.read_sql(text(_ADDRESSES), db)
    assert len(villages) == 40
    # Repeated rows, blank rows and addresses that cannot be placed (queued for review) among them.
    nowhere = pd.DataFrame({"village": ["Qwzx Kjhg", "Plmn Bvcx"], "block": "", "district": "", "state": ""})
    blank = pd.DataFrame({"village": ["", ""], "block": "", "district": "", "state": ""})
    addresses = pd.concat([villages, nowhere, villages.iloc[:5], blank], ignore_index=True)
    addresses.index = addresses.index + 100  # the rows' own index, not positions

    at_once = geocode.locate(db, addresses)
    monkeypatch.setattr(geocode, "SPLIT_MIN_ADDRESSES", 2)
    split = geocode.locate(db, addresses)

    assert len(at_once.distinct) > 30  # geocoded once each (two villages may share a name and block)
    pd.testing.assert_frame_equal(split.places(addresses.index), at_once.places(addresses.index))
    pd.testing.assert_frame_equal(split.reviews.reset_index(drop=True), at_once.reviews.reset_index(drop=True))
    assert set(split.reviews["input_text"]) >= {"Qwzx Kjhg", "Plmn Bvcx"}
    assert split.places(addresses.index)["precision"].iloc[-2:].isna().all()  # the blank rows
