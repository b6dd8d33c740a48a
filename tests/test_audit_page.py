"""The Audit log page (AppTest): what users did, read as sentences, by the auditor alone, narrowed by its filters.

The module has its own copy of the demo database: the demo call agent searches for a worker and opens their
record on the Call centre page (both audited, and committed), and a planner's export is recorded; the tests
then only read that log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from atlas.filters import Filters
from atlas.queries import access
from atlas.settings import settings
from dashboard.data import SCOPE_KEY
from dashboard.frame import ViewState
from dashboard.i18n import today
from tests.conftest import app_pointed_at, copy_of_demo, scope_of, shown_tables

TIMEOUT = 90
DEMO_USERS = ("minister", "haryana.drive", "siwan.do", "planner", "agent", "auditor", "bihar.labour", "bihar.police")

# A worker of the agent's state whose phone finds only them, so that the search opens their record at once.
_AGENTS_WORKER = """
SELECT worker_id, phone FROM workers w
WHERE phone IS NOT NULL AND home_state_code = (SELECT scope_state_code FROM users WHERE username = 'agent')
  AND NOT EXISTS (SELECT 1 FROM workers o WHERE o.phone = w.phone AND o.worker_id <> w.worker_id)
ORDER BY worker_id LIMIT 1
"""


@dataclass(frozen=True)
class Audited:
    url: str
    worker_id: int


@pytest.fixture(scope="module")
def audited(demo_url: str) -> Iterator[Audited]:
    """The module's copy of the demo, with an audit log of three entries: the agent's search and the record it
    opened, then a planner's export under filters."""
    with copy_of_demo(demo_url) as url:
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 0, "a fresh copy"
            worker_id, phone = connection.execute(text(_AGENTS_WORKER)).one()
        with app_pointed_at(url):
            centre = AppTest.from_file("dashboard/views/call_centre.py", default_timeout=TIMEOUT)
            centre.session_state[SCOPE_KEY] = scope_of(url, "agent")
            centre.run()
            centre.text_input[0].input(phone)
            next(b for b in centre.button if b.label == "Search").click().run()
            assert not centre.exception
        with engine.begin() as connection:
            access.audit(connection, user_id=None, username="planner", action="export", target="skills.csv",
                         details={"personal": False, "filters": {"gender": "F"}})  # fmt: skip
        engine.dispose()
        yield Audited(url, int(worker_id))


@pytest.fixture()
def on_audited_data(audited: Audited) -> Iterator[Audited]:
    with app_pointed_at(audited.url):
        yield audited


def audit_page(user: str = "auditor", *, lang: str = "en") -> AppTest:
    app = AppTest.from_file("dashboard/views/audit.py", default_timeout=TIMEOUT)
    app.session_state[SCOPE_KEY] = scope_of(settings.database_url, user)
    app.session_state["atlas_current_view"] = ViewState(lang=lang, filters=Filters(home_state_code="10"))
    return app.run()


def log_of(app: AppTest) -> pd.DataFrame:
    assert not app.exception
    return shown_tables(app)[0]


def entries(log: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(log["User"], log["Action"], log["Target"], strict=True))


def test_each_action_appears_with_who_did_it_when_and_what_as_sentences(on_audited_data: Audited) -> None:
    log = log_of(audit_page())
    worker = f"worker:{on_audited_data.worker_id}"
    assert entries(log) == [
        ("planner", "Downloaded a file", "skills.csv"),
        ("agent", "Opened a person's record", worker),
        ("agent", "Searched for a person", ""),
    ], "newest first, each with the user who acted"
    assert log["When"].str.startswith(today().strftime("%d-%m-%Y")).all(), "the day in India, DD-MM-YYYY"
    search = log.loc[log["Action"] == "Searched for a person", "Details"].item()
    assert "phone: yes" in search and "results: 1" in search, "what was searched for, not the phone itself"
    assert "filters: (gender F); personal: no" in set(log["Details"]), "readable, not raw JSON"
    hindi = log_of(audit_page(lang="hi"))
    assert "व्यक्ति का रिकॉर्ड खोला" in set(hindi["कार्रवाई"]), "the actions in Hindi too"


def test_the_filters_narrow_the_log_by_action_user_and_days(on_audited_data: Audited) -> None:
    app = audit_page()
    action = next(box for box in app.selectbox if box.label == "Action")
    action.set_value("view").run()
    assert entries(log_of(app)) == [("agent", "Opened a person's record", f"worker:{on_audited_data.worker_id}")]
    action = next(box for box in app.selectbox if box.label == "Action")
    action.set_value(None).run()
    app.text_input(key="au_user").input(" planner ").run()
    assert [user for user, _, _ in entries(log_of(app))] == ["planner"], "the username, spaces trimmed"
    app.text_input(key="au_user").input("minister").run()
    assert log_of(app).empty, "the minister did nothing audited here"
    app.text_input(key="au_user").input("").run()
    assert len(log_of(app)) == 3
    app.date_input(key="au_days").set_value((date(2020, 1, 1), date(2020, 1, 2))).run()
    assert log_of(app).empty, "nothing was audited on those days"


def test_only_an_auditor_may_open_the_page_or_read_the_log(on_audited_data: Audited) -> None:
    may_open = [user for user in DEMO_USERS if scope_of(on_audited_data.url, user).may_open("audit")]
    assert may_open == ["auditor"], "the page is offered to the auditor alone"
    for user in ("minister", "planner", "agent"):
        assert log_of(audit_page(user)).empty, f"{user} opening the page anyway reads no entry: the database refuses"
    assert len(log_of(audit_page())) == 3
