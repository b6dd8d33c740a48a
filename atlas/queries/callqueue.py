"""The call centre's queue: agents take the next stale worker, one agent per worker, and see each district's progress.

A worker is due a call when they have a phone, were not reached within ``settings.stale_after_days``, and
nobody called them within ``settings.call_retry_hours``. Taking one inserts a claim with a lease
(``call_claims``); the worker's row is locked with ``SKIP LOCKED`` while it is taken, so two agents asking
at the same moment get different workers, and the claim's key refuses a second live claim on one worker
whatever the timing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries import read_frame
from atlas.settings import settings

PROGRESS_COLUMNS = ["district_id", "district_en", "district_hi", "called_today", "reached_today", "left_to_call"]
# A claim lost to another agent between choosing and inserting is retried with the next worker this often.
CLAIM_ATTEMPTS = 5
# The call centre's day is India's day.
TODAY_IST = "(date_trunc('day', now() AT TIME ZONE 'Asia/Kolkata') AT TIME ZONE 'Asia/Kolkata')"
DUE = (
    "w.phone IS NOT NULL "
    "AND (w.last_reached_at IS NULL OR w.last_reached_at < now() - make_interval(days => :stale_days)) "
    "AND NOT EXISTS (SELECT 1 FROM call_attempts a WHERE a.worker_id = w.worker_id "
    "                AND a.called_at > now() - make_interval(hours => :retry_hours))"
)


@dataclass(frozen=True)
class QueueChoice:
    """Whose stale list to take from: a state, or one district of it."""

    state_code: str
    district_id: int | None = None


def _due_params() -> dict[str, object]:
    return {"stale_days": settings.stale_after_days, "retry_hours": settings.call_retry_hours}


# How many of the longest-unreached workers one attempt looks at: enough for several agents asking at once.
CANDIDATES = 10
_CANDIDATES = f"""
SELECT w.worker_id FROM workers w
WHERE w.home_state_code = :state
  AND (CAST(:district AS integer) IS NULL OR w.home_district_id = CAST(:district AS integer))
  AND {DUE}
  AND NOT EXISTS (SELECT 1 FROM call_claims c WHERE c.worker_id = w.worker_id AND c.lease_until > now())
ORDER BY w.last_reached_at NULLS FIRST, w.worker_id
LIMIT {CANDIDATES}
"""
# One worker's row, unless another agent is taking them this moment: a lock by worker_id, which Citus sends to
# the worker's shard alone (it refuses FOR UPDATE on a query across shards).
_LOCK_WORKER = "SELECT worker_id FROM workers WHERE worker_id = :worker FOR UPDATE SKIP LOCKED"
_CLAIM = """
INSERT INTO call_claims AS c (worker_id, agent_id, claimed_at, lease_until, home_state_code, home_district_id)
SELECT worker_id, :agent, CAST(:now AS timestamptz), CAST(:now AS timestamptz) + make_interval(mins => :lease),
    home_state_code, home_district_id
FROM workers WHERE worker_id = :worker
ON CONFLICT (worker_id) DO UPDATE
    SET agent_id = EXCLUDED.agent_id, claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until
    WHERE c.lease_until <= EXCLUDED.claimed_at
RETURNING c.worker_id
"""


def claim_next(connection: Connection, choice: QueueChoice, *, agent_id: int) -> int | None:
    """Claim the next worker to call for this agent (longest unreached first, never reached before all);
    the agent's earlier claim ends. Returns the worker id, or None when nobody is left to call.

    The longest-unreached workers are read first, then taken one by one: a worker another agent is taking at
    this moment (locked) or holds (a live claim) is passed over for the next."""
    release_claims(connection, agent_id=agent_id)
    params = {
        "state": choice.state_code,
        "district": choice.district_id,
        "agent": agent_id,
        "lease": settings.call_lease_minutes,
        **_due_params(),
    }
    for _ in range(CLAIM_ATTEMPTS):
        for worker_id in connection.execute(text(_CANDIDATES), params).scalars().all():
            if _claimed(connection, int(worker_id), params):
                return int(worker_id)
        if not _anyone_due(connection, params):
            return None
    return None


def _claimed(connection: Connection, worker_id: int, params: dict[str, object]) -> bool:
    if connection.execute(text(_LOCK_WORKER), {"worker": worker_id}).scalar() is None:
        return False
    now = connection.execute(text("SELECT now()")).scalar_one()
    claim = {"worker": worker_id, "agent": params["agent"], "lease": params["lease"], "now": now}
    return connection.execute(text(_CLAIM), claim).scalar() is not None


def _anyone_due(connection: Connection, params: dict[str, object]) -> bool:
    sql = text(
        f"""
        SELECT EXISTS (
            SELECT 1 FROM workers w
            WHERE w.home_state_code = :state
              AND (CAST(:district AS integer) IS NULL OR w.home_district_id = CAST(:district AS integer))
              AND {DUE}
              AND NOT EXISTS (SELECT 1 FROM call_claims c WHERE c.worker_id = w.worker_id AND c.lease_until > now()))
        """
    )
    return bool(connection.execute(sql, params).scalar())


def current_claim(connection: Connection, *, agent_id: int) -> int | None:
    """The worker this agent holds a live claim on, if any (so a reopened page carries on with them)."""
    sql = text(
        "SELECT worker_id FROM call_claims WHERE agent_id = :agent AND lease_until > now() "
        "ORDER BY claimed_at DESC LIMIT 1"
    )
    found = connection.execute(sql, {"agent": agent_id}).scalar()
    return int(found) if found is not None else None


def release_claims(connection: Connection, *, agent_id: int) -> int:
    """End this agent's claims (they skip a worker, or stop for the day); returns how many ended."""
    # The claims are found first and deleted by worker_id: on Citus a DELETE across every shard would wait for any
    # other agent's claim not yet committed, where one by worker_id goes to that worker's shard alone.
    held = connection.execute(text("SELECT worker_id FROM call_claims WHERE agent_id = :agent"), {"agent": agent_id})
    ended = 0
    for worker_id in held.scalars().all():
        sql = text("DELETE FROM call_claims WHERE worker_id = :worker AND agent_id = :agent")
        ended += connection.execute(sql, {"worker": worker_id, "agent": agent_id}).rowcount
    return ended


def queue_progress(connection: Connection, state_code: str) -> pd.DataFrame:
    """Each district of the state, for the queue: workers called today (IST), reached today, and left to call
    (due a call and not claimed). Columns: ``PROGRESS_COLUMNS``; districts with anyone left or called first."""
    sql = text(
        f"""
        WITH today AS (
            SELECT w.home_district_id AS district_id, count(DISTINCT a.worker_id) AS called_today,
                   count(DISTINCT a.worker_id) FILTER (WHERE a.outcome = 'reached') AS reached_today
            FROM call_attempts a JOIN workers w USING (worker_id)
            WHERE a.called_at >= {TODAY_IST} AND w.home_state_code = :state
            GROUP BY 1
        ), due AS (
            SELECT w.home_district_id AS district_id, count(*) AS left_to_call
            FROM workers w
            WHERE w.home_state_code = :state AND {DUE}
              AND NOT EXISTS (SELECT 1 FROM call_claims c WHERE c.worker_id = w.worker_id AND c.lease_until > now())
            GROUP BY 1
        )
        SELECT d.district_id, d.name_en AS district_en, d.name_hi AS district_hi,
               coalesce(t.called_today, 0) AS called_today, coalesce(t.reached_today, 0) AS reached_today,
               coalesce(u.left_to_call, 0) AS left_to_call
        FROM districts d
        LEFT JOIN today t USING (district_id)
        LEFT JOIN due u USING (district_id)
        WHERE d.state_code = :state AND (t.district_id IS NOT NULL OR u.district_id IS NOT NULL)
        ORDER BY left_to_call DESC, d.name_en
        """
    )
    return read_frame(connection, sql, {"state": state_code, **_due_params()})
