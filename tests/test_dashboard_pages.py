"""AppTest smoke test of every dashboard page on the demo data: no exception, key elements present.

Pages that only read use the demo database shared by the session (``on_demo_data``); a test that signs in,
saves or acts (all committed, and audited) runs on a copy of its own (``on_own_demo_data``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from atlas.filters import Filters
from atlas.queries import overview
from atlas.settings import settings
from dashboard.data import SCOPE_KEY
from dashboard.frame import ViewState
from tests.conftest import on_citus, scope_of, shown_tables

TIMEOUT = 90


def page(path: str, *, lang: str = "en", user: str = "minister", **filters: object) -> AppTest:
    """A page as a signed-in user sees it (the demo's state administrator unless ``user`` says otherwise)."""
    app = AppTest.from_file(f"dashboard/views/{path}", default_timeout=TIMEOUT)
    app.session_state[SCOPE_KEY] = scope_of(settings.database_url, user)
    app.session_state["atlas_current_view"] = ViewState(lang=lang, filters=Filters(home_state_code="10", **filters))
    return app.run()


@pytest.fixture()
def busiest_district(on_demo_data: str) -> Iterator[int]:
    engine = create_engine(on_demo_data)
    with engine.connect() as connection:
        district = connection.execute(
            text(
                "SELECT home_district_id FROM workers WHERE home_state_code = '10' AND home_district_id IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    yield int(district)


def labels(app: AppTest) -> list[str]:
    return [m.label for m in app.metric]


def test_entry_point_asks_to_sign_in_then_builds_the_frame(on_own_demo_data: str) -> None:
    app = AppTest.from_file("dashboard/app.py", default_timeout=TIMEOUT).run()
    assert not app.exception
    # Before sign-in there is no sidebar (the page shows sooner): the language choice sits above the form.
    assert not app.sidebar.radio and app.radio[0].label.startswith("Language")
    assert [t.label for t in app.text_input] == ["Username", "Password"]
    assert not app.metric, "nothing is shown before signing in"
    app.radio[0].set_value("hi").run()
    assert [t.label for t in app.text_input] == ["उपयोगकर्ता नाम", "पासवर्ड"]
    app.text_input[0].input("minister")
    app.text_input[1].input("shramik-demo-2026")
    app.button[0].click().run()
    assert not app.exception
    assert not app.text_input, "the form is gone once signed in"
    assert app.sidebar.radio[0].value == "hi", "the language chosen on the form stays"
    assert any("कृत्रिम" in w.value for w in app.sidebar.warning)
    assert app.metric, "the state administrator lands on the Overview"


def test_overview_shows_kpis_and_charts(on_demo_data: str) -> None:
    app = page("overview.py")
    assert not app.exception
    assert labels(app)[:3] == ["Workers registered", "Homes geocoded to village or block", "Inter-state migrants"]
    workers = app.metric[0].value
    assert workers not in ("0", "–")
    # A first view pauses before the rest (so the browser draws the flow map first), then draws it in the same run.
    assert len(app.get("plotly_chart")) == 3, "the Sankey, the destinations and the trends"
    assert "overview" in app.session_state["atlas_below_fold"], "later views go straight on"
    assert not any("Loading the rest" in c.value for c in app.caption)
    assert [b.label for b in app.get("download_button")] == ["State report, every district (PDF)"]
    assert "Distress alerts, 4 weeks" in labels(app)
    app.slider(key="ov_top_n").set_value(20).run()
    left_out = next(c.value for c in app.caption if "smaller flows not drawn" in c.value)
    assert re.match(r"\+ [\d,]+ workers in [\d,]+ smaller flows not drawn\.", left_out.replace("\\", ""))
    everyone = app.metric[0].value
    engine = create_engine(on_demo_data)
    with engine.connect() as connection:
        months = overview.months_with_data(connection, Filters(home_state_code="10"))
    engine.dispose()
    assert app.select_slider(key="ov_month").options[1:] == [m.strftime("%m-%Y") for m in months]
    app.select_slider(key="ov_month").set_value(months[-1]).run()
    assert not app.exception and app.metric[0].value != everyone, "the month narrows the KPIs"


def test_overview_in_hindi(on_demo_data: str) -> None:
    app = page("overview.py", lang="hi")
    assert not app.exception
    assert app.title[0].value == "सारांश"
    assert "पंजीकृत श्रमिक" in labels(app)


def test_district_view_lists_workers_with_masked_phones(busiest_district: int) -> None:
    app = page("district.py", home_district_id=busiest_district)
    assert not app.exception
    people = shown_tables(app)[0]
    assert len(people) > 0
    assert people["Phone"].str.fullmatch(r"[6-9]\dXXXXXX\d\d").all()
    assert not app.dataframe and not app.table, "tables of people are plain HTML: no toolbar, no Markdown"
    labels = [b.label for b in app.get("download_button")]
    assert labels[0] == "District report (PDF)"
    assert len(labels) == 4, "the report, then the worker list, the call list and the complaints, watermarked"


def test_district_view_asks_for_a_district(on_demo_data: str) -> None:
    app = page("district.py")
    assert not app.exception
    assert app.info and "district" in app.info[0].value


def test_skills_page_offers_every_export(on_demo_data: str) -> None:
    app = page("skills.py")
    assert not app.exception
    buttons = app.get("download_button")
    assert [b.label for b in buttons] == ["PNG", "HTML", "GeoJSON", "GeoPackage", "CSV"]
    # A rerun started by the click can drop Streamlit's reply with the file, leaving the button spinning.
    assert all(b.proto.ignore_rerun for b in buttons), "a download builds its file without rerunning the page"


def test_complaints_page(on_demo_data: str) -> None:
    app = page("complaints.py")
    assert not app.exception
    assert app.get("plotly_chart")
    tables = shown_tables(app)
    alerts, departments = tables[0], tables[1]
    assert "Surat" in " ".join(alerts["District"]), "the demo's planted spike is an alert"
    engine = create_engine(on_demo_data)
    with engine.connect() as connection:
        on_time = connection.execute(
            text(
                "SELECT count(*) FILTER (WHERE resolved_at <= resolve_due_at) FROM complaints "
                "WHERE department IS NOT NULL AND home_state_code = '10'"
            )
        ).scalar_one()
    engine.dispose()
    assert sum(int(v.replace(",", "")) for v in departments["On time"]) == on_time
    overdue = tables[2]
    assert (overdue["Escalated to the state"] != "–").any(), "the demo's overdue complaints went to the state"


def test_drives_page(on_demo_data: str) -> None:
    bihar = page("drives.py")
    assert not bihar.exception
    assert bihar.info, "Bihar's administrators do not see Haryana's camps"
    app = page("drives.py", user="haryana.drive")
    assert not app.exception
    assert labels(app) == ["Camps", "Registrations", "Achieved %", "Gig-platform share"]
    assert app.metric[0].value == "44"


def test_the_eshram_gap_counts_workers_without_a_uan_by_block(on_demo_data: str) -> None:
    engine = create_engine(on_demo_data)
    with engine.connect() as connection:
        most = connection.execute(
            text(
                "SELECT count(*) FROM workers WHERE home_state_code = '10' AND uan IS NULL "
                "AND home_block_code IS NOT NULL GROUP BY home_block_code ORDER BY 1 DESC LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    app = page("drives.py")
    gap = shown_tables(app)[0]
    assert int(gap["Without a UAN"].iloc[0].replace(",", "")) == most, "the block with most to register first"
    assert [b.label for b in app.get("download_button")] == ["Its workers without a UAN (CSV)"]
    planner = page("drives.py", user="planner")
    assert shown_tables(planner)[0].equals(gap), "counts are aggregates: a planner plans camps too"
    assert not planner.get("download_button"), "but the people are only for those who may read records"


def test_data_quality_page(on_demo_data: str) -> None:
    app = page("data_quality.py")
    assert not app.exception
    kinds = shown_tables(app)[-1]["Kind"].tolist()
    assert "survey" in " ".join(kinds).lower() or "Returned-migrant skill survey" in kinds


def test_about_page_credits_sources(on_demo_data: str) -> None:
    app = page("about.py")
    assert not app.exception
    assert app.warning, "the demo data is labelled synthetic"
    sources = shown_tables(app)[0]
    assert {"DataMeet India community", "covid19india.org contributors"} <= set(sources["Source"])


def test_call_centre_finds_a_worker_records_a_call_and_logs_a_complaint(on_own_demo_data: str) -> None:
    engine = create_engine(on_own_demo_data)
    with engine.connect() as connection:
        worker_id, name = connection.execute(
            text("SELECT worker_id, name FROM workers ORDER BY worker_id LIMIT 1")
        ).one()
    app = page("call_centre.py")
    app.text_input[2].input(name)
    next(b for b in app.button if b.label == "Search").click().run()
    assert not app.exception
    choices = app.selectbox(key="cc_worker").options
    assert any(name in c for c in choices)
    app.selectbox(key="cc_worker").set_value(worker_id).run()
    app.text_input(key="cc_address").input("Okhla Phase 2, New Delhi").run()
    matched = next(c.value for c in app.caption if "Precision" in c.value)
    assert re.search(r"District: [^–\s]", matched), "the agent sees which district the address was placed in"
    nearby = next(c.value for c in app.caption if c.value.startswith("Named places nearby"))
    assert re.search(r"\w+ \([\d.]+ km\)", nearby.replace("\\", "")), "named places around the match"
    app.button(key="cc_save_call").click().run()
    assert next(s.value for s in app.success).startswith("Call saved as #")
    app.text_area(key="cc_description").input("Wages not paid for two months").run()
    with engine.connect() as connection:
        citus = on_citus(connection)
    if citus:
        # Logging the complaint writes it as the application role, then syncs its routing through a SECURITY
        # DEFINER function (atlas_sync_routing), which Citus refuses on shards another user changed in the same
        # transaction. Not solved yet on Citus (docs/SCALING.md).
        pytest.xfail("Citus: the routing sync (SECURITY DEFINER) after the application role's insert")
    app.button(key="cc_save_complaint").click().run()
    app.button(key="cc_save_complaint").click().run()
    assert not app.exception
    assert sum(s.value.startswith("Complaint saved as #") for s in app.success) == 1
    with engine.connect() as connection:
        location = connection.execute(
            text(
                "SELECT s.name_en FROM workers w JOIN states s ON s.state_code = w.current_state_code "
                "WHERE w.worker_id = :w"
            ),
            {"w": worker_id},
        ).scalar_one()
        complaint = connection.execute(
            text(
                "SELECT department, status, resolve_due_at - lodged_at FROM complaints WHERE worker_id = :w "
                "AND channel = 'call_centre' ORDER BY complaint_id DESC LIMIT 1"
            ),
            {"w": worker_id},
        ).one()
        filed = connection.execute(
            text("SELECT count(*) FROM complaints WHERE worker_id = :w AND description LIKE 'Wages not paid%'"),
            {"w": worker_id},
        ).scalar_one()
    engine.dispose()
    assert location == "Delhi"
    assert filed == 1, "the second press found the first complaint"
    assert complaint[0] == "labour_destination" and complaint[1] == "routed"
    assert complaint[2].days == 21


def test_call_centre_audits_one_view_per_opening_of_a_record(on_own_demo_data: str) -> None:
    engine = create_engine(on_own_demo_data)
    views = "SELECT count(*) FROM audit_log WHERE action = 'view' AND target = :t"
    with engine.connect() as connection:
        worker_id, name = connection.execute(
            text("SELECT worker_id, name FROM workers ORDER BY worker_id OFFSET 1 LIMIT 1")
        ).one()
        before = connection.execute(text(views), {"t": f"worker:{worker_id}"}).scalar_one()
    app = page("call_centre.py")
    app.text_input[2].input(name)
    next(b for b in app.button if b.label == "Search").click().run()
    app.selectbox(key="cc_worker").set_value(worker_id).run()
    app.run()
    app.run()
    assert not app.exception
    with engine.connect() as connection:
        after = connection.execute(text(views), {"t": f"worker:{worker_id}"}).scalar_one()
    engine.dispose()
    assert after == before + 1


def test_call_centre_takes_the_next_worker_from_the_queue(on_own_demo_data: str) -> None:
    app = page("call_centre.py", user="agent")
    assert not app.exception
    progress = shown_tables(app)[0]
    assert list(progress.columns) == ["District", "Called today", "Reached today", "Left to call"]
    assert progress["District"].str.len().gt(0).all(), "every row names its district"
    assert len(progress) > 0 and progress["Left to call"].map(lambda n: int(n.replace(",", ""))).sum() > 0
    app.button(key="cc_take_next").click().run()
    assert not app.exception
    assert any(c.value.startswith("From the call queue") for c in app.caption)
    engine = create_engine(on_own_demo_data)
    with engine.connect() as connection:
        claims = connection.execute(
            text("SELECT count(*) FROM call_claims c JOIN users u ON u.user_id = c.agent_id WHERE u.username = 'agent'")
        ).scalar_one()
    engine.dispose()
    assert claims == 1


def test_database_down_shows_a_clear_message_not_a_traceback() -> None:
    import streamlit as st

    previous = settings.database_url, settings.app_database_url
    settings.database_url = settings.app_database_url = "postgresql+psycopg://nobody@/atlas?host=/nonexistent&port=1"
    st.cache_data.clear()
    try:
        for lang, words in (("en", "cannot be reached"), ("hi", "संपर्क नहीं")):
            app = AppTest.from_file("dashboard/app.py", default_timeout=TIMEOUT)
            app.query_params["lang"] = lang
            app.run()
            app.text_input[0].input("minister")
            app.text_input[1].input("any password")
            app.button[0].click().run()
            assert not app.exception
            assert app.error and words in app.error[0].value
    finally:
        settings.database_url, settings.app_database_url = previous
        st.cache_data.clear()


def test_a_department_inbox_lists_only_its_complaints_and_records_an_action(on_own_demo_data: str) -> None:
    app = page("inbox.py", user="bihar.labour")
    assert not app.exception
    listed = shown_tables(app)[0]
    engine = create_engine(on_own_demo_data)
    with engine.connect() as connection:
        open_ids = (
            connection.execute(
                text(
                    "SELECT complaint_id FROM complaints WHERE department = 'labour_destination' "
                    "AND home_state_code = '10' AND status IN ('new', 'routed', 'in_progress')"
                )
            )
            .scalars()
            .all()
        )
    assert sorted(int(c) for c in listed["Complaint number"]) == sorted(open_ids)
    assert [b.label for b in app.get("download_button")] == ["Today's list to print (PDF)"]
    chosen = int(app.selectbox(key="ib_id").value)
    app.radio(key="ib_act").set_value("note")
    app.text_area(key="ib_note").input("Spoke to the employer; payment promised by Friday")
    app.button[0].click().run()
    assert not app.exception
    assert app.success and app.success[0].value == "Recorded in the complaint's timeline."
    with engine.connect() as connection:
        note = connection.execute(
            text("SELECT note FROM complaint_events WHERE complaint_id = :c AND action = 'note'"), {"c": chosen}
        ).scalar_one()
    engine.dispose()
    assert note == "Spoke to the employer; payment promised by Friday"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_returnees_page_in_both_languages(on_demo_data: str, busiest_district: int, lang: str) -> None:
    app = page("returnees.py", lang=lang)
    assert not app.exception
    assert len(app.metric) == 3 and app.metric[0].value not in ("0", "–")
    assert not app.get("download_button"), "the call list waits for a district"
    app = page("returnees.py", lang=lang, home_district_id=busiest_district)
    assert not app.exception
    assert len(app.get("download_button")) == 1, "the never-reached to call"
    planner = page("returnees.py", lang=lang, user="planner", home_district_id=busiest_district)
    assert not planner.exception and planner.metric and not planner.get("download_button")
