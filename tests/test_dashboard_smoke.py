"""AppTest smoke test of the dashboard entry page against the real test database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def test_entry_page_shows_reference_coverage() -> None:
    app = AppTest.from_file("dashboard/app.py", default_timeout=60).run()
    assert not app.exception
    assert "Shramik Atlas" in app.title[0].value
    table = app.dataframe[0].value
    bihar = table.set_index("state_code").loc["10"]
    assert (bihar["districts"], bihar["blocks"]) == (38, 534)
    assert any("DataMeet" in c.value for c in app.caption)
