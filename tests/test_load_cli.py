"""The command line, and a load killed mid-file: nothing half-written, and a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from atlas.settings import settings
from loaders import load_file
from tests.conftest import forget_workers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "loaders"


def _survey(rows: int, tag: str) -> bytes:
    """A survey with ``rows`` distinct workers whose phones start with a tag, so they can be cleaned up."""
    lines = ["नाम,पिता का नाम,ग्राम,प्रखंड,जिला,मोबाइल,कौशल,पिछला कार्यस्थल"]
    lines += [f'Worker {i},Father {i},Bedauli,Mairwa,Siwan,6{tag}{i:06d},mason,"Surat, Gujarat"' for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _cleanup(engine: Engine, file_name: str) -> None:
    with engine.begin() as connection:
        batches = "SELECT batch_id FROM load_batches WHERE file_name = :f"
        forget_workers(
            connection, f"SELECT worker_id FROM workers WHERE first_batch_id IN ({batches})", {"f": file_name}
        )
        connection.execute(text("DELETE FROM load_batches WHERE file_name = :f"), {"f": file_name})


@pytest.fixture()
def killable_file(tmp_path: Path, engine: Engine) -> Iterator[Path]:
    path = tmp_path / f"killed-survey-{os.getpid()}.csv"
    path.write_bytes(_survey(3000, "987"))
    yield path
    _cleanup(engine, path.name)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loaders", *args], check=False, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=300)  # fmt: skip


def _workers_with_tag(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM workers WHERE phone LIKE '6987%'")).scalar_one())


def _blocked_by(engine: Engine, holder_pid: int, loader: subprocess.Popen[bytes], *, timeout: float) -> bool:
    """Wait until some session waits on a lock the holder has (the loader, having written everything else)."""
    sql = text(
        "SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid)) "
        "AND query LIKE 'INSERT INTO rejected_rows%'"
    )
    deadline = time.monotonic() + timeout
    with engine.connect() as watcher:
        while loader.poll() is None and time.monotonic() < deadline:
            if watcher.execute(sql, {"holder": holder_pid}).scalar_one():
                return True
            watcher.rollback()
            time.sleep(0.1)
    return False


def test_killed_load_leaves_nothing_and_rerun_completes(killable_file: Path, engine: Engine, tmp_path: Path) -> None:
    # rejected_rows is written last, after the workers, locations and skills: a lock held on it
    # stops the loader at the worst moment, with everything written and nothing committed.
    env = {**os.environ, "ATLAS_REPORT_DIR": str(tmp_path)}
    with engine.connect() as holder:
        holder.execute(text("LOCK TABLE rejected_rows IN ACCESS EXCLUSIVE MODE"))
        holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
        loader = subprocess.Popen([sys.executable, "-m", "loaders", "survey", str(killable_file)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            assert _blocked_by(engine, holder_pid, loader, timeout=120), "the loader never reached the last write"
        finally:
            loader.send_signal(signal.SIGKILL)
            loader.wait()
            holder.rollback()
    time.sleep(0.5)  # the server notices the dropped connection and rolls back
    assert _workers_with_tag(engine) == 0
    with engine.connect() as connection:
        batches = connection.execute(text("SELECT count(*) FROM load_batches WHERE file_name = :f"),
                                     {"f": killable_file.name}).scalar_one()  # fmt: skip
    assert batches == 0
    summary = load_file("survey", killable_file, engine=engine, refresh_rollups=False)
    assert (summary.loaded, summary.rejected) == (3000, 0)
    assert _workers_with_tag(engine) == 3000
    again = load_file("survey", killable_file, engine=engine, refresh_rollups=False)
    assert again.already_loaded and _workers_with_tag(engine) == 3000


def test_cli_prints_the_summary_line_and_exits_zero_with_rejected_rows(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / f"cli-survey-{os.getpid()}.csv"
    path.write_bytes(_survey(3, "986") + b"NoPhone,,,,,,,\n")
    try:
        done = _cli("survey", str(path), env={"ATLAS_REPORT_DIR": str(tmp_path)})
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().startswith("loaded 3, updated 0, rejected 1, report ")
        assert Path(done.stdout.strip().split("report ")[1]).is_file()
        again = _cli("survey", str(path), env={"ATLAS_REPORT_DIR": str(tmp_path)})
        assert again.stdout.strip().startswith("loaded 0, updated 0, rejected 1")
    finally:
        _cleanup(engine, path.name)


def test_cli_fatal_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-table.csv"
    bad.write_bytes(b"hello\nworld\n")
    done = _cli("survey", str(bad), env={"ATLAS_REPORT_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr
    missing = _cli("eshram", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_report_dir_setting_is_respected(db: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "report_dir", tmp_path / "here")
    summary = load_file("survey", FIXTURES / "survey_hindi.csv", connection=db)  # type: ignore[arg-type]
    assert Path(summary.report_path).parent == tmp_path / "here"
