"""Access control enforced by PostgreSQL: row-level security, masking, login and lockout, audit, exports.

These tests connect as the application role (``atlas_app``) to the demo database, exactly as
the dashboard does, and set a user's scope per transaction. On the demo shared by the session every
transaction is rolled back; a test that must commit (a login, a saved call) has a copy of its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from streamlit.testing.v1 import AppTest

from atlas import exports
from atlas.auth import Scope, hash_password, login
from atlas.filters import Filters
from atlas.queries import access, callcentre, complaints, district, drives, overview, skills
from atlas.settings import settings
from dashboard.data import SCOPE_KEY
from dashboard.frame import ViewState
from tests.conftest import app_url, scope_of, shown_tables


@pytest.fixture(scope="module")
def owner(demo_url: str) -> Iterator[Engine]:
    engine = create_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app(demo_url: str) -> Iterator[Engine]:
    engine = create_engine(app_url(demo_url))
    yield engine
    engine.dispose()


def as_user(app: Engine, scope: Scope, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``query`` as the user, in a transaction that is rolled back."""
    with app.connect() as connection:
        access.set_scope(connection, scope.as_settings())
        return query(connection, *args, **kwargs)


@pytest.fixture(scope="module")
def siwan(demo_url: str) -> Scope:
    return scope_of(demo_url, "siwan.do")


@pytest.fixture(scope="module")
def elsewhere(owner: Engine, siwan: Scope) -> dict[str, Any]:
    """Another district's id, a block, a worker, a phone and a complaint: what an officer must never see."""
    with owner.connect() as connection:
        # The district (other than Siwan) with the lowest complaint, then its first worker: two statements, since
        # on Citus a correlated subquery between two workers' rows of different shards cannot be planned.
        district, complaint_id = connection.execute(
            text("SELECT home_district_id, min(complaint_id) FROM complaints WHERE home_state_code = '10' "
                 "AND home_district_id <> :siwan GROUP BY 1 ORDER BY 2 LIMIT 1"),
            {"siwan": siwan.district_id},
        ).one()  # fmt: skip
        row = connection.execute(
            text("SELECT w.home_district_id, w.home_block_code, w.worker_id, w.phone, w.name_norm, "
                 "CAST(:complaint AS bigint) AS complaint_id FROM workers w WHERE w.home_district_id = :district "
                 "AND w.phone IS NOT NULL AND w.home_block_code IS NOT NULL ORDER BY w.worker_id LIMIT 1"),
            {"district": district, "complaint": complaint_id},
        ).mappings().one()  # fmt: skip
    return dict(row)


def _rows(result: Any) -> int:
    if result is None:
        return 0
    if isinstance(result, pd.DataFrame):
        return len(result)
    if isinstance(result, dict):
        return int(result.get("workers", 0) or 0) + int(result.get("open_complaints", 0) or 0)
    if isinstance(result, tuple):
        return sum(_rows(part) for part in result)
    return 1


def test_the_app_role_cannot_bypass_row_level_security(app: Engine) -> None:
    with app.connect() as connection:
        role = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert tuple(role) == (False, False)
        assert connection.execute(text("SELECT count(*) FROM workers")).scalar_one() == 0, "no scope, no rows"


def test_a_district_officer_gets_zero_rows_of_another_district(
    app: Engine, siwan: Scope, elsewhere: dict[str, Any]
) -> None:
    other = Filters(
        home_state_code="10",
        home_district_id=elsewhere["home_district_id"],
        home_block_code=elsewhere["home_block_code"],
    )
    wide = Filters(home_state_code="10", home_district_id=elsewhere["home_district_id"])
    attempts: dict[str, Callable[[Connection], Any]] = {
        "kpis": lambda c: overview.kpis(c, other),
        "flows": lambda c: overview.flows_between_districts(c, wide),
        "flows to states": lambda c: overview.flows_between_districts(c, wide, to_state=True),
        "choropleth": lambda c: overview.migrants_by_home_area(c, wide).dropna(subset=["workers"]),
        "sankey": lambda c: overview.home_district_to_destination_state(c, wide),
        "destinations": lambda c: overview.top_destinations(c, wide),
        "worker list": lambda c: district.workers_in_district(c, wide),
        "worker count": lambda c: district.count_workers(c, wide) or None,
        "call list": lambda c: district.call_list(c, wide),
        "district complaints": lambda c: district.complaints_of_district(c, wide),
        "skill density": lambda c: skills.skill_density(c, wide, basis="home", size_m=10_000),
        "complaints by area": lambda c: complaints.open_complaints_by_area(c, wide),
        "complaint breakdown": lambda c: complaints.complaint_breakdown(c, wide, by="category"),
        "overdue": lambda c: complaints.overdue_complaints(c, wide),
        "complaint by id": lambda c: complaints.complaint_summary(c, elsewhere["complaint_id"]),
        "complaint timeline": lambda c: complaints.complaint_timeline(c, elsewhere["complaint_id"]),
        "status change": lambda c: complaints.change_status(
            c, complaint_id=elsewhere["complaint_id"], to_status="closed", note="x", user_id=None
        )
        or None,
        "find by phone": lambda c: callcentre.find_workers(c, phone=elsewhere["phone"]),
        "find by name": lambda c: callcentre.find_workers(c, name_norm=elsewhere["name_norm"]).query(
            f"worker_id == {elsewhere['worker_id']}"
        ),
        "worker by id": lambda c: callcentre.worker_record(c, elsewhere["worker_id"]),
        "locations by id": lambda c: callcentre.location_history(c, elsewhere["worker_id"]),
        "camps": lambda c: drives.camps_with_registrations(c, "Haryana e-Shram drive 2026"),
    }
    leaked = {name: _rows(as_user(app, siwan, attempt)) for name, attempt in attempts.items()}
    assert leaked == dict.fromkeys(attempts, 0)
    with app.connect() as connection:
        access.set_scope(connection, siwan.as_settings())
        raw = connection.execute(
            text("SELECT count(*) FROM workers WHERE home_district_id <> :d"), {"d": siwan.district_id}
        ).scalar_one()
        edit = connection.execute(
            text("UPDATE workers SET name = 'x' WHERE worker_id = :w"), {"w": elsewhere["worker_id"]}
        ).rowcount
    assert (raw, edit) == (0, 0)


def test_the_officer_still_sees_their_own_district(app: Engine, siwan: Scope) -> None:
    own = Filters(home_state_code="10", home_district_id=siwan.district_id)
    assert as_user(app, siwan, district.count_workers, own) > 0
    assert as_user(app, siwan, overview.kpis, own)["workers"] > 0


def test_every_policy_is_one_function_of_its_own_row(owner: Engine) -> None:
    # Citus refuses a subquery in the policy of a distributed or reference table, and evaluates a shard's policy
    # on its worker node: a policy may read the row and the transaction's settings, never another table.
    with owner.connect() as connection:
        policies = connection.execute(
            text(
                "SELECT tablename, policyname, coalesce(qual, with_check) FROM pg_policies WHERE schemaname = 'public'"
            )
        ).all()
    assert len(policies) >= 14
    for table, name, expression in policies:
        assert "SELECT" not in expression.upper() and " IS NULL" not in expression.upper(), (table, name, expression)


def test_a_hostile_scope_value_stays_one_literal(app: Engine, siwan: Scope) -> None:
    # The scope is set with SET LOCAL, which takes no bound parameters: each value must stay one quoted string.
    hostile = "district_officer'; SET LOCAL atlas.role = 'state_admin"
    with app.connect() as connection:
        access.set_scope(connection, {**siwan.as_settings(), "role": hostile, "state_code": "10\\'; --"})
        settings_now = connection.execute(
            text("SELECT current_setting('atlas.role'), current_setting('atlas.state_code')")
        ).one()
        assert tuple(settings_now) == (hostile, "10\\'; --")
        assert connection.execute(text("SELECT count(*) FROM workers")).scalar_one() == 0, "an unknown role sees no one"
    with app.connect() as connection, pytest.raises(ValueError, match="NUL"):
        access.set_scope(connection, {"role": "state_admin\x00"})


def test_every_page_as_the_officer_with_another_districts_link(
    demo_url: str, on_demo_data: str, siwan: Scope, elsewhere: dict[str, Any]
) -> None:
    """The URL names another district; the frame keeps the officer in their own, and the database would anyway."""
    for path in ("overview.py", "district.py", "skills.py", "complaints.py", "drives.py"):
        page = AppTest.from_file(f"dashboard/views/{path}", default_timeout=90)
        page.session_state[SCOPE_KEY] = siwan
        page.session_state["atlas_current_view"] = ViewState(
            "en", Filters(home_state_code="10", home_district_id=elsewhere["home_district_id"])
        )
        page.run()
        assert not page.exception, path
        shown = " ".join(str(df.to_dict()) for df in shown_tables(page))
        assert str(elsewhere["phone"])[-2:] + "'" not in shown or "XXXXXX" in shown
        if path == "district.py":
            assert all(len(df) == 0 for df in shown_tables(page)), "no worker of another district is listed"


def test_phones_are_masked_except_for_the_call_centre_single_record(
    app: Engine, demo_url: str, elsewhere: dict[str, Any]
) -> None:
    worker = elsewhere["worker_id"]
    for username, masked in (("minister", True), ("agent", False)):
        scope = scope_of(demo_url, username)
        record = as_user(app, scope, callcentre.worker_record, worker)
        listed = as_user(app, scope, callcentre.find_workers, phone=elsewhere["phone"])
        assert record is not None
        assert (record["phone"] != elsewhere["phone"]) is masked
        if masked:
            assert record["phone"] == elsewhere["phone"][:2] + "XXXXXX" + elsewhere["phone"][-2:]
        assert listed["phone_masked"].str.contains("XXXXXX").all(), "lists are masked for every role"
    planner = scope_of(demo_url, "planner")
    assert as_user(app, planner, callcentre.worker_record, worker) is None, "planners see no person at all"


def test_aggregates_suppress_small_cells(app: Engine, demo_url: str) -> None:
    planner = scope_of(demo_url, "planner")
    state = Filters(home_state_code="10")
    cells = as_user(app, planner, skills.skill_density, state, basis="home", size_m=10_000)
    flows = as_user(app, planner, overview.flows_between_districts, state)
    areas = as_user(app, planner, overview.migrants_by_home_area, state)
    assert len(cells) and (cells["workers"] >= settings.min_cell_count).all()
    assert len(flows) and (flows["workers"] >= settings.min_cell_count).all()
    assert (areas["workers"].dropna() >= settings.min_cell_count).all()
    assert not {"name", "phone"} & (set(cells.columns) | set(flows.columns))


def test_csv_exports_neutralise_formulas() -> None:
    frame = pd.DataFrame({"name": ['=HYPERLINK("http://x")', "+91 98", "-2", "@SUM(A1)", "Ram"], "n": range(5)})
    text_out = exports.csv_bytes(frame, watermark="by test").decode("utf-8-sig")
    lines = text_out.splitlines()
    assert lines[0] == "# by test"
    assert [line.split(",")[0] for line in lines[2:]] == [
        '"\'=HYPERLINK(""http://x"")"',
        "'+91 98",
        "'-2",
        "'@SUM(A1)",
        "Ram",
    ]


@pytest.fixture()
def own_owner(own_demo: str) -> Iterator[Engine]:
    """The owner's engine on the test's own copy of the demo."""
    engine = create_engine(own_demo)
    yield engine
    engine.dispose()


@pytest.fixture()
def own_app(own_demo: str) -> Iterator[Engine]:
    """The application role's engine on the test's own copy of the demo."""
    engine = create_engine(app_url(own_demo))
    yield engine
    engine.dispose()


@pytest.fixture()
def lockable_user(own_owner: Engine) -> str:
    """A planner who can sign in; each attempt to sign in commits (the failures counted, the audit entry)."""
    with own_owner.begin() as connection:
        access.create_user(
            connection,
            {
                "username": "test.lockout",
                "full_name": "t",
                "role": "planner",
                "password_hash": hash_password("right-password"),
                "state_code": "10",
                "district_id": None,
            },
        )
    return "test.lockout"


def test_login_locks_after_repeated_failures(own_app: Engine, own_owner: Engine, lockable_user: str) -> None:
    def attempt(password: str) -> Any:
        with own_app.begin() as connection:
            return login(connection, lockable_user, password)

    assert attempt("right-password").scope is not None
    reasons = [attempt("wrong").reason for _ in range(settings.max_failed_logins)]
    assert reasons == ["bad_credentials"] * (settings.max_failed_logins - 1) + ["locked"]
    assert attempt("right-password").reason == "locked", "even the right password waits out the lock"
    with own_owner.connect() as connection:
        actions = connection.execute(
            text("SELECT action, count(*) FROM audit_log WHERE username = :u GROUP BY 1"), {"u": lockable_user}
        ).all()
    assert dict(actions) == {"login": 1, "login_failed": settings.max_failed_logins + 1}


def test_the_app_cannot_change_or_delete_the_audit_log(app: Engine, demo_url: str) -> None:
    auditor = scope_of(demo_url, "auditor")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with app.begin() as connection, pytest.raises(Exception, match="permission denied"):
            access.set_scope(connection, auditor.as_settings())
            connection.execute(text(statement))
    minister = scope_of(demo_url, "minister")
    with app.connect() as connection:  # rolled back
        access.set_scope(connection, minister.as_settings())
        access.audit(connection, user_id=minister.user_id, username="minister", action="view", target="test")
        assert access.audit_entries(connection).empty, "only an auditor reads the log"
        access.set_scope(connection, auditor.as_settings())
        entries = access.audit_entries(connection)
    assert ("minister", "view", "test") in set(entries[["username", "action", "target"]].itertuples(index=False))


def test_searches_views_edits_and_exports_are_audited(
    on_own_demo_data: str, own_owner: Engine, elsewhere: dict[str, Any]
) -> None:
    agent = scope_of(on_own_demo_data, "agent")
    with own_owner.connect() as connection:
        before = connection.execute(text("SELECT coalesce(max(audit_id), 0) FROM audit_log")).scalar_one()
    page = AppTest.from_file("dashboard/views/call_centre.py", default_timeout=90)
    page.session_state[SCOPE_KEY] = agent
    page.run()
    page.text_input[0].input(elsewhere["phone"])
    next(b for b in page.button if b.label == "Search").click().run()
    page.radio(key="cc_outcome_en").set_value("not_reachable").run()
    page.button(key="cc_save_call").click().run()
    assert not page.exception
    from dashboard import data

    planner = AppTest.from_function(_export_as, args=(scope_of(on_own_demo_data, "planner"),), default_timeout=90).run()
    assert not planner.exception
    with own_owner.connect() as connection:
        rows = connection.execute(
            text("SELECT username, action, target FROM audit_log WHERE audit_id > :b ORDER BY audit_id"), {"b": before}
        ).all()
    actions = [(r.username, r.action) for r in rows]
    assert ("agent", "search") in actions and ("agent", "view") in actions and ("agent", "edit") in actions
    assert ("planner", "export") in actions
    assert any(r.target == f"worker:{elsewhere['worker_id']}" for r in rows if r.action == "view")
    assert data is not None


def _export_as(scope) -> None:  # type: ignore[no-untyped-def]  # AppTest runs this source on its own
    import streamlit as st

    from dashboard import data

    st.session_state[data.SCOPE_KEY] = scope
    produce = data.exported(lambda: b"cell,workers\n", what="test.csv", filters=None)
    st.write(len(produce()))


def test_retention_purges_old_rejected_rows(owner: Engine) -> None:
    with owner.connect() as connection:  # rolled back
        batch = connection.execute(
            text(
                "INSERT INTO load_batches (kind, file_name, file_sha256) VALUES ('survey', 'old.csv', repeat('a', 64)) "
                "RETURNING batch_id"
            )
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO rejected_rows (batch_id, row_number, raw, errors, created_at) VALUES "
                "(:b, 1, '{}', '[]', now() - interval '400 days'), (:b, 2, '{}', '[]', now())"
            ),
            {"b": batch},
        )
        gone = access.purge_rejected_rows(connection, older_than_days=settings.rejected_row_retention_days)
        left = connection.execute(text("SELECT count(*) FROM rejected_rows WHERE batch_id = :b"), {"b": batch})
        assert (gone, left.scalar_one()) == (1, 1)


def test_no_aadhaar_column_anywhere(owner: Engine) -> None:
    with owner.connect() as connection:
        columns = (
            connection.execute(
                text(
                    "SELECT table_name || '.' || column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND (column_name ILIKE '%aadh%' OR column_name ILIKE '%uid%')"
                )
            )
            .scalars()
            .all()
        )
    assert columns == []
    assert inspect.getsource(access).count("aadhaar") == 0
