"""The database restarts under a running dashboard: a clear message while it is down, then recovery.

Needs the private test cluster that `make test` starts (it stops and starts it); skipped only
when the tests run against an outside server given by TEST_DATABASE_URL.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from atlas.filters import Filters
from dashboard.data import SCOPE_KEY
from dashboard.frame import ViewState
from tests.conftest import scope_of

CLUSTER = Path(__file__).resolve().parent.parent / "scripts" / "cluster.sh"
pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="cannot restart an outside server")


# The newest worker the agent may see (their state) whose phone finds only them: the e-Shram demo file
# registers people from other states too, and a phone shared by two workers lists both instead of one card.
_AGENTS_WORKER = """
SELECT worker_id, phone FROM workers w
WHERE phone IS NOT NULL AND home_state_code = (SELECT scope_state_code FROM users WHERE username = 'agent')
  AND NOT EXISTS (SELECT 1 FROM workers o WHERE o.phone = w.phone AND o.worker_id <> w.worker_id)
ORDER BY worker_id DESC LIMIT 1
"""


def cluster(action: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    subprocess.run([str(CLUSTER), action, "pg-test"], check=True, env=env, capture_output=True)


def test_a_restart_shows_a_message_then_recovers_without_losing_an_edit(on_own_demo_data: str) -> None:
    minister = scope_of(on_own_demo_data, "minister")
    page = AppTest.from_file("dashboard/views/overview.py", default_timeout=90)
    page.session_state[SCOPE_KEY] = minister
    page.session_state["atlas_current_view"] = ViewState("en", Filters(home_state_code="10"))
    page.run()
    assert page.metric and not page.exception
    try:
        cluster("stop")
        st.cache_data.clear()
        down = AppTest.from_file("dashboard/app.py", default_timeout=90)
        down.session_state[SCOPE_KEY] = minister
        down.run()
        assert not down.exception, "no traceback while the database is down"
        assert down.error and "cannot be reached" in down.error[0].value
    finally:
        cluster("start")
    st.cache_data.clear()
    page.run()
    assert not page.exception and page.metric, "the next interaction recovers"

    agent = scope_of(on_own_demo_data, "agent")
    engine = create_engine(on_own_demo_data)
    with engine.connect() as connection:
        worker_id, phone = connection.execute(text(_AGENTS_WORKER)).one()
        calls_before = connection.execute(
            text("SELECT count(*) FROM call_attempts WHERE worker_id = :w"), {"w": worker_id}
        ).scalar_one()
    centre = AppTest.from_file("dashboard/views/call_centre.py", default_timeout=90)
    centre.session_state[SCOPE_KEY] = agent
    centre.run()
    centre.text_input[0].input(phone)
    next(b for b in centre.button if b.label == "Search").click().run()
    centre.radio(key="cc_outcome_en").set_value("refused").run()
    centre.button(key="cc_save_call").click().run()
    assert next(s.value for s in centre.success).startswith("Call saved as #")
    with engine.connect() as connection:
        calls_after = connection.execute(
            text("SELECT count(*) FROM call_attempts WHERE worker_id = :w"), {"w": worker_id}
        ).scalar_one()
    engine.dispose()
    assert calls_after == calls_before + 1, "an edit made after the restart is saved"
