"""Numbers are grouped the Indian way wherever officials read them: the command line, the dashboard's tables
and its chart axes."""

from __future__ import annotations

import pandas as pd

from atlas.numbers import grouped
from dashboard.charts import indian_axis
from dashboard.tables import localise


def test_command_line_numbers_use_indian_grouping() -> None:
    assert [grouped(n) for n in (7, 1000, 400_000, 1_600_000, 30_70_00_000, -1_23_456)] == [
        "7", "1,000", "4,00,000", "16,00,000", "30,70,00,000", "-1,23,456"
    ]  # fmt: skip


def test_chart_axes_speak_lakh_and_crore() -> None:
    assert indian_axis([2_35_493, 12_000], "en")["ticktext"] == ["0", "50,000", "1 lakh", "1.5 lakh", "2 lakh",
                                                                 "2.5 lakh"]  # fmt: skip
    assert indian_axis([4_50_00_000], "hi")["ticktext"][1] == "1 करोड़"
    assert indian_axis([], "en") == {}


def test_identifiers_are_not_grouped_but_counts_are() -> None:
    from dashboard.render import _cell

    frame = localise(pd.DataFrame({"worker_id": [160_300], "workers": [2_35_493]}), {"worker_id": "worker_id",
                                                                                     "workers": "workers"}, "en")  # fmt: skip
    assert frame.iloc[0, 0] == "160300"
    assert ">2,35,493<" in _cell(frame.iloc[0, 1], True)
