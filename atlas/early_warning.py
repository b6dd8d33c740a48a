"""Distress early warning: a week with unusually many complaints of one kind in one destination district.

The rule, stated once: complaints are counted per destination district, category and week (Monday to Sunday,
IST). A week alerts when its count is above the 99th percentile of a Poisson distribution whose mean is the
average of the 8 weeks before it, and at least 3. For emergencies (stranded, accident, death, missing) 2 are
enough: two stranded groups in a week where none is usual already needs a call to the destination state.
Pure functions of the counts, so the rule is tested on constructed series.
"""

from __future__ import annotations

import math

import pandas as pd

BASELINE_WEEKS = 8
PERCENTILE = 0.99
MIN_COMPLAINTS = 3
MIN_EMERGENCY_COMPLAINTS = 2
EMERGENCY_CATEGORIES = frozenset({"stranded", "accident_injury", "death_repatriation", "missing_worker"})
KEYS = ["district_id", "category"]


def poisson_quantile(mean: float, probability: float = PERCENTILE) -> int:
    """The smallest k with P(X <= k) >= ``probability`` for X ~ Poisson(``mean``)."""
    term = cumulative = math.exp(-mean)
    k = 0
    while cumulative < probability:
        k += 1
        term *= mean / k
        cumulative += term
    return k


def alert_threshold(baseline_mean: float, category: str) -> int:
    """The fewest complaints in a week that alert, given the mean of the weeks before."""
    floor = MIN_EMERGENCY_COMPLAINTS if category in EMERGENCY_CATEGORIES else MIN_COMPLAINTS
    return max(poisson_quantile(baseline_mean) + 1, floor)


def weekly_alerts(weekly: pd.DataFrame, *, weeks: pd.DatetimeIndex) -> pd.DataFrame:
    """The alerts among ``weekly`` (``district_id, category, week, complaints``; weeks without complaints may be
    absent) in the weeks ``weeks``: ``district_id, category, week, complaints, baseline, threshold``, latest first.
    The baseline of a week is the mean of the ``BASELINE_WEEKS`` weeks before it (zeros included)."""
    if weekly.empty:
        return pd.DataFrame(columns=[*KEYS, "week", "complaints", "baseline", "threshold"])
    first = weeks.min() - pd.Timedelta(weeks=BASELINE_WEEKS)
    every_week = pd.date_range(first, weeks.max(), freq="7D")
    counts = weekly.pivot_table(index=KEYS, columns="week", values="complaints", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=every_week, fill_value=0)
    baseline = counts.T.shift(1).rolling(BASELINE_WEEKS).mean().T
    shown = _long(counts[weeks], "complaints").merge(_long(baseline[weeks], "baseline"), on=[*KEYS, "week"])
    shown["week"] = pd.to_datetime(shown["week"])
    shown["threshold"] = [alert_threshold(m, c) for m, c in zip(shown["baseline"], shown["category"], strict=True)]
    alerts = shown[shown["complaints"] >= shown["threshold"]]
    return alerts.sort_values(["week", "complaints"], ascending=[False, False]).reset_index(drop=True)


def _long(wide: pd.DataFrame, value: str) -> pd.DataFrame:
    """A (district, category) x week table as rows of ``district_id, category, week, value``."""
    return wide.rename_axis(columns="week").reset_index().melt(id_vars=KEYS, var_name="week", value_name=value)
