"""Every export of personal data is audited and watermarked, by construction (issue #14, part 3).

Pages offer files only through ``dashboard.downloads`` (``tests/test_page_rules.py`` holds them to it);
here: what that helper produces and records, and that the raw rows of a rejected-row report reach only
whoever loaded the file or administers loads. The browser test of tables of people is in test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text
from streamlit.testing.v1 import AppTest

from atlas.queries import access, loading, quality
from tests.conftest import app_url, scope_of


@pytest.fixture()
def owner(own_demo: str) -> Iterator[Engine]:
    """The owner's engine on the test's own copy of the demo: exports are audited, and audit entries committed."""
    engine = create_engine(own_demo)
    yield engine
    engine.dispose()


def _people_csv_as(scope) -> None:  # type: ignore[no-untyped-def]  # AppTest runs this source on its own
    import pandas as pd
    import streamlit as st

    from dashboard import data, downloads

    class Take:
        """Stands in for the page: takes the file as the browser would, at once."""

        def download_button(self, label, produce, **options):  # type: ignore[no-untyped-def]
            st.session_state["file"] = produce().decode("utf-8-sig")
            st.session_state["options"] = options

    st.session_state[data.SCOPE_KEY] = scope
    people = pd.DataFrame({"Name": ['=HYPERLINK("http://example.org","x")', "Sita"], "Phone": ["98XXXXXX10", "+91"]})
    downloads.people_csv("Download", people, what="test_people.csv", key="k", where=Take())


def test_a_file_of_people_is_watermarked_neutralised_and_audited(on_own_demo_data: str, owner: Engine) -> None:
    siwan = scope_of(on_own_demo_data, "siwan.do")
    with owner.connect() as connection:
        before = connection.execute(text("SELECT coalesce(max(audit_id), 0) FROM audit_log")).scalar_one()
    app = AppTest.from_function(_people_csv_as, args=(siwan,), default_timeout=90).run()
    assert not app.exception
    lines = app.session_state["file"].splitlines()
    assert lines[0].startswith("# Exported by siwan.do on ") and "Confidential" in lines[0]
    assert lines[2].startswith("\"'=HYPERLINK(") and lines[3].endswith(",'+91"), "formulas neutralised"
    with owner.connect() as connection:
        entries = connection.execute(
            text("SELECT username, action, target, details FROM audit_log WHERE audit_id > :b"), {"b": before}
        ).all()
    assert [(e.username, e.action, e.target) for e in entries] == [("siwan.do", "export", "test_people.csv")]
    assert entries[0].details["personal"] is True


@pytest.fixture()
def rejected_upload(owner: Engine, own_demo: str) -> int:
    """A batch uploaded by the Siwan officer with one rejected row (a name and a phone), committed for the
    application role's connections to read."""
    siwan = scope_of(own_demo, "siwan.do")
    with owner.begin() as connection:
        batch = connection.execute(
            text(
                "INSERT INTO load_batches (kind, file_name, file_sha256, loaded_by, status) "
                "VALUES ('survey', 'siwan.csv', repeat('b', 64), :u, 'finished') RETURNING batch_id"
            ),
            {"u": siwan.user_id},
        ).scalar_one()
        # Written as the loaders write them: with who loaded the batch, which row-level security reads.
        rejected = pd.DataFrame({"row_number": [2], "raw": [{"Name": "Ram Kumar", "Mobile": "98765 4321"}],
                                 "errors": [[]]})  # fmt: skip
        loading.write_rejected_rows(connection, batch, rejected)
    return int(batch)


def test_raw_rejected_rows_reach_only_their_loader_and_administrators(own_demo: str, rejected_upload: int) -> None:
    app = create_engine(app_url(own_demo))

    def seen_by(username: str) -> Any:
        with app.connect() as connection:
            access.set_scope(connection, scope_of(own_demo, username).as_settings())
            return quality.rejected_rows(connection, batch_id=rejected_upload)

    try:
        seen = {user: len(seen_by(user)) for user in ("siwan.do", "minister", "haryana.drive", "planner", "agent",
                                                       "auditor")}  # fmt: skip
    finally:
        app.dispose()
    assert seen == {"siwan.do": 1, "minister": 1, "haryana.drive": 0, "planner": 0, "agent": 0, "auditor": 0}
