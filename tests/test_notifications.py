"""Each routing of a complaint to a department is recorded for sending, and printed on the department's list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Connection, create_engine, text

ROOT = Path(__file__).resolve().parent.parent


def test_every_routed_complaint_has_a_notification_and_a_new_department_another(demo: Connection) -> None:
    routed, notified = demo.execute(
        text(
            "SELECT count(*) FILTER (WHERE department IS NOT NULL), "
            "(SELECT count(DISTINCT complaint_id) FROM complaint_notifications) FROM complaints"
        )
    ).one()
    assert routed == notified > 0
    complaint = demo.execute(text("SELECT min(complaint_id) FROM complaints WHERE department <> 'police'")).scalar()
    demo.execute(text("UPDATE complaints SET department = 'police' WHERE complaint_id = :c"), {"c": complaint})
    demo.execute(text("UPDATE complaints SET status = 'in_progress' WHERE complaint_id = :c"), {"c": complaint})
    sent_to = (
        demo.execute(
            text("SELECT department FROM complaint_notifications WHERE complaint_id = :c ORDER BY notification_id"),
            {"c": complaint},
        )
        .scalars()
        .all()
    )
    assert sent_to[-1] == "police" and len(sent_to) == 2, "re-routing notifies the new department; a status does not"


def test_the_department_list_prints_its_open_complaints_with_names(own_demo: str, tmp_path: Path) -> None:
    engine = create_engine(own_demo)
    with engine.connect() as connection:
        names = (
            connection.execute(
                text(
                    "SELECT w.name FROM complaints c JOIN workers w USING (worker_id) WHERE c.department = "
                    "'labour_destination' AND c.home_state_code = '10' AND c.status IN ('new', 'routed', 'in_progress')"
                )
            )
            .scalars()
            .all()
        )
    engine.dispose()
    out = tmp_path / "list.pdf"
    command = [sys.executable, "-m", "atlas.reports", "department", "--department", "labour_destination",
               "--state-code", "10", "--lang", "en", "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "DATABASE_URL": own_demo},
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    words = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert names and all(name in words for name in names if name.isascii()), "every open complaint's worker"
    assert "Personal data" in words, "the list says for whom and by whom it was printed"
