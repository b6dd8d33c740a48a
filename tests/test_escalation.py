"""Complaints past a deadline escalate to the state nodal officer: once per missed deadline, in the timeline."""

from __future__ import annotations

from sqlalchemy import Connection, text

from atlas.queries.complaints import escalate_overdue


def set_deadlines(connection: Connection, complaint: int, **values: object) -> None:
    assignments = ", ".join(f"{column} = {value}" for column, value in values.items())
    connection.execute(text(f"UPDATE complaints SET {assignments} WHERE complaint_id = :c"), {"c": complaint})


def escalations(connection: Connection, complaint: int) -> list[str]:
    sql = "SELECT note FROM complaint_events WHERE complaint_id = :c AND action = 'escalated' ORDER BY event_id"
    return list(connection.execute(text(sql), {"c": complaint}).scalars())


def test_each_missed_deadline_escalates_once_and_shows_in_the_timeline(demo: Connection) -> None:
    escalate_overdue(demo)  # what is already overdue in the demo
    complaint = demo.execute(text("SELECT min(complaint_id) FROM complaints WHERE status = 'resolved'")).scalar_one()
    set_deadlines(
        demo, complaint, status="'new'", routed_at="NULL", resolved_at="NULL", is_emergency="false",
        route_due_at="now() - interval '1 hour'", resolve_due_at="now() + interval '20 days'",
        escalated_for="NULL", escalated_at="NULL",
    )  # fmt: skip
    assert escalate_overdue(demo) == 1
    assert escalate_overdue(demo) == 0, "a second run adds nothing"
    assert len(escalations(demo, complaint)) == 1
    assert "the routing deadline" in escalations(demo, complaint)[0]

    set_deadlines(demo, complaint, status="'routed'", routed_at="now()", resolve_due_at="now() - interval '1 hour'")
    assert escalate_overdue(demo) == 1, "missing the next deadline escalates again"
    assert "the resolution deadline" in escalations(demo, complaint)[-1]

    set_deadlines(demo, complaint, status="'resolved'", resolved_at="now()")
    assert escalate_overdue(demo) == 0, "a resolved complaint is not escalated"


def test_an_emergency_without_first_action_in_24_hours_escalates(demo: Connection) -> None:
    escalate_overdue(demo)
    complaint = demo.execute(text("SELECT min(complaint_id) FROM complaints WHERE status = 'resolved'")).scalar_one()
    set_deadlines(
        demo, complaint, status="'routed'", routed_at="now() - interval '30 hours'", resolved_at="NULL",
        is_emergency="true", first_action_at="NULL", first_action_due_at="now() - interval '6 hours'",
        resolve_due_at="now() + interval '20 days'", escalated_for="NULL", escalated_at="NULL",
    )  # fmt: skip
    assert escalate_overdue(demo) == 1
    assert "the first action deadline" in escalations(demo, complaint)[-1]
    state = demo.execute(text("SELECT escalated_for FROM complaints WHERE complaint_id = :c"), {"c": complaint})
    assert state.scalar_one() == "first_action"
