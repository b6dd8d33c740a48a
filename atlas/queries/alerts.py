"""Distress alerts: weekly complaints by destination district and category against their own baseline
(the rule is in ``atlas.early_warning``), and officers' acknowledgements of them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, text

from atlas.early_warning import BASELINE_WEEKS, weekly_alerts
from atlas.filters import Filters
from atlas.queries import read_frame
from atlas.queries.where import complaint_where

#: Alerts are shown for the current week and the 3 before it.
WEEKS_SHOWN = 4
_WEEK = "date_trunc('week', c.lodged_at AT TIME ZONE 'Asia/Kolkata')::date"


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly_complaints(connection: Connection, filters: Filters, *, since: date) -> pd.DataFrame:
    """``district_id, category, week, complaints``: complaints lodged from ``since``, by destination district
    (where the worker was when they complained) and week (Monday, IST)."""
    join, clause, params = complaint_where(filters)
    sql = text(
        f"""
        SELECT c.district_id, c.category, {_WEEK} AS week, count(*)::int AS complaints
        FROM complaints c {join}
        WHERE c.district_id IS NOT NULL AND c.lodged_at >= :since AND {clause}
        GROUP BY 1, 2, 3
        """
    )
    frame = read_frame(connection, sql, {**params, "since": since})
    frame["week"] = pd.to_datetime(frame["week"])
    return frame


def current_alerts(connection: Connection, filters: Filters, *, today: date) -> pd.DataFrame:
    """The alerts of the last ``WEEKS_SHOWN`` weeks, latest first: ``district_id, district_en, district_hi,
    state_en, state_hi, category, week, complaints, baseline, threshold, acknowledged_by, acknowledged_at, note``."""
    weeks = pd.date_range(end=pd.Timestamp(week_start(today)), periods=WEEKS_SHOWN, freq="7D")
    since = (weeks.min() - pd.Timedelta(weeks=BASELINE_WEEKS)).date()
    alerts = weekly_alerts(weekly_complaints(connection, filters, since=since), weeks=weeks)
    if alerts.empty:
        return alerts.assign(district_en=[], district_hi=[], state_en=[], state_hi=[], acknowledged_by=[], note=[])
    alerts["week"] = alerts["week"].dt.date
    places = _places(connection, [int(d) for d in alerts["district_id"].unique()])
    acks = acknowledgements(connection, since=weeks.min().date())
    out = alerts.merge(places, on="district_id", how="left")
    return out.merge(acks, on=["district_id", "category", "week"], how="left")


def _places(connection: Connection, district_ids: list[int]) -> pd.DataFrame:
    sql = text(
        "SELECT d.district_id, d.name_en AS district_en, d.name_hi AS district_hi, s.name_en AS state_en, "
        "s.name_hi AS state_hi FROM districts d JOIN states s USING (state_code) WHERE d.district_id = ANY(:ids)"
    )
    return read_frame(connection, sql, {"ids": district_ids})


def acknowledgements(connection: Connection, *, since: date) -> pd.DataFrame:
    """``district_id, category, week, acknowledged_by, acknowledged_at, note`` of alerts acknowledged for weeks
    from ``since``."""
    sql = text(
        """
        SELECT a.district_id, a.category, a.week, u.username AS acknowledged_by, a.acknowledged_at, a.note
        FROM alert_acknowledgements a JOIN users u ON u.user_id = a.user_id
        WHERE a.week >= :since
        """
    )
    return read_frame(connection, sql, {"since": since})


def acknowledge(
    connection: Connection, *, district_id: int, category: str, week: date, user_id: int, note: str
) -> bool:
    """Record that ``user_id`` has acted on the alert; False when it was already acknowledged."""
    sql = text(
        """
        INSERT INTO alert_acknowledgements (district_id, category, week, user_id, note)
        VALUES (:d, :c, :w, :u, :n) ON CONFLICT DO NOTHING
        """
    )
    params = {"d": district_id, "c": category, "w": week, "u": user_id, "n": note}
    return connection.execute(sql, params).rowcount == 1
