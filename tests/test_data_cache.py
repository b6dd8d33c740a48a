"""The dashboard's cached queries (``dashboard.data.cached``): each keeps its own cache, and its arguments,
keyword-only ones included, reach the query and key the cache."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.data import SCOPE_KEY
from tests.conftest import scope_of


def _cached_calls(scope) -> None:  # type: ignore[no-untyped-def]  # AppTest runs this source on its own
    import streamlit as st

    from atlas.filters import Filters
    from dashboard import data

    st.session_state[data.SCOPE_KEY] = scope
    bihar = Filters(home_state_code="10")
    st.write(f"states {len(data.states())}")
    st.write(f"skill_groups {len(data.skill_groups())}")
    st.write(f"top1 {len(data.flows(bihar, top_n=1))}")
    st.write(f"top3 {len(data.flows(bihar, top_n=3))}")
    st.write(f"top1again {len(data.flows(bihar, top_n=1))}")


def test_each_cached_query_answers_for_itself_with_its_own_arguments(on_demo_data: str) -> None:
    app = AppTest.from_function(_cached_calls, args=(scope_of(on_demo_data, "minister"),), default_timeout=90)
    app.session_state[SCOPE_KEY] = scope_of(on_demo_data, "minister")
    app.run()
    assert not app.exception
    shown = dict(m.value.split(" ") for m in app.markdown)
    counts = {name: int(value) for name, value in shown.items()}
    assert counts["states"] > counts["skill_groups"] > 0, "two argument-less queries, two caches"
    assert counts["top1"] == counts["top1again"] == 1
    assert counts["top3"] == 3, "a keyword argument reaches the query and keys the cache"


def _edits_retire_what_they_change(scope) -> None:  # type: ignore[no-untyped-def]  # AppTest runs this source
    import streamlit as st
    from sqlalchemy import text

    from dashboard import data

    st.session_state[data.SCOPE_KEY] = scope
    asked = st.session_state.setdefault("asked", {"complaints": 0, "reference": 0, "everything": 0})

    def ask(connection, part):  # type: ignore[no-untyped-def]
        asked[part] += 1
        return connection.execute(text("SELECT count(*) FROM states")).scalar()

    def of_complaints(connection):  # type: ignore[no-untyped-def]
        return ask(connection, "complaints")

    def of_reference(connection):  # type: ignore[no-untyped-def]
        return ask(connection, "reference")

    def of_everything(connection):  # type: ignore[no-untyped-def]
        return ask(connection, "everything")

    queries = (
        data.cached(of_complaints, reads=("complaints",)),
        data.cached(of_reference, reads=data.READS_LOADS_ONLY),
        data.cached(of_everything),
    )
    for query in queries:
        query()
    data.edited(*st.session_state.get("edit", ()))
    for query in queries:
        query()
    st.write(" ".join(f"{part}={n}" for part, n in asked.items()))


def test_an_edit_retires_only_the_cached_results_that_read_what_it_changed(on_demo_data: str) -> None:
    app = AppTest.from_function(_edits_retire_what_they_change, args=(scope_of(on_demo_data, "minister"),))
    app.session_state[SCOPE_KEY] = scope_of(on_demo_data, "minister")
    app.session_state["edit"] = ("calls",)
    app.run()
    assert not app.exception
    assert app.markdown[0].value == "complaints=1 reference=1 everything=2", "a call retires what reads calls"
    app.session_state["edit"] = ("complaints",)
    app.run()
    assert app.markdown[0].value == "complaints=2 reference=1 everything=3", "a complaint's edit, what reads them"
