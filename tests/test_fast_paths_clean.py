"""The fast paths of the normalisers give what the plain per-cell rules give, on the cells that need care.

A 16 lakh row file is cleaned with whole-column checks (is there any Devanagari digit? any run of
spaces?) and, for phone numbers, with pyarrow on the ASCII cells. These tests pin the results on
the cells where a fast path could go wrong, and check that both routes through ``as_columns``
(categorical or left as it is) agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loaders.clean import DISTINCT_SAMPLE_ROWS, as_columns, blank_values, genders, phones, tidy_text, uans

PHONES = [
    # cell, phone, alt, invalid
    ("+91 98765 43210", "9876543210", "", False),
    ("098765 43210", "9876543210", "", False),
    ("9876543210.0", "9876543210", "", False),  # Excel's guess at a number
    ("0091-9876543210", "9876543210", "", False),
    ("९८७६५४३२१०", "9876543210", "", False),
    ("98765 43210 / 91234 56789", "9876543210", "9123456789", False),
    ("9876543210 or 9876543210", "9876543210", "", False),  # the same number twice is no second number
    ("9876543210or9123456789", "", "", True),  # "or" inside a word separates nothing
    ("ordinary 9876543210", "9876543210", "", False),
    ("৯৮৭৬৫৪৩২১০", "", "", True),  # Bengali digits are not read as a number
    ("98765", "", "", True),
    ("5876543210", "", "", True),
    ("", "", "", False),
    (None, "", "", False),
]


def test_phones_in_every_shape() -> None:
    cells = pd.Series([cell for cell, *_ in PHONES], dtype=object)
    phone, alt, invalid = phones(cells)
    assert phone.tolist() == [p for _, p, _, _ in PHONES]
    assert alt.tolist() == [a for _, _, a, _ in PHONES]
    assert invalid.tolist() == [i for *_, i in PHONES]


def test_a_column_of_distinct_numbers_reads_as_the_same_cells_repeated() -> None:
    """Nearly all distinct: cleaned cell by cell. Repeated: cleaned once per distinct value. Same result."""
    distinct = [f"+91 9{i:09d}" for i in range(DISTINCT_SAMPLE_ROWS)] + [cell for cell, *_ in PHONES]
    repeated = distinct[:50] * (len(distinct) // 50) + distinct[len(distinct) // 50 * 50 :]
    for column in (distinct, repeated):
        cells = pd.Series(column, index=pd.RangeIndex(7, 7 + len(column)), dtype=object, name="mobile")
        phone, alt, invalid = phones(cells)
        assert phone.index.equals(cells.index)
        assert phone.tolist()[-len(PHONES) :] == [p for _, p, _, _ in PHONES]
        assert alt.tolist()[-len(PHONES) :] == [a for _, _, a, _ in PHONES]
        assert phone.iloc[0] == "9000000000" and not invalid.iloc[0]


def test_uans_of_a_column_of_distinct_numbers() -> None:
    cells = pd.Series([f"1000 2000 {i:04d}" for i in range(DISTINCT_SAMPLE_ROWS)] + ["12345", None], dtype=object)
    uan, invalid = uans(cells)
    assert uan.iloc[0] == "100020000000"
    assert uan.iloc[-2:].tolist() == ["", ""] and invalid.iloc[-2:].tolist() == [True, False]


def test_blank_values_translates_strips_and_fills() -> None:
    values = pd.Series(["  राम  ", "\u3000१२\xa0", 12, np.nan, None, "a\x1cb\x1c", "ok"], dtype=object)
    assert blank_values(values).tolist() == ["राम", "12", "12", "", "", "a\x1cb", "ok"]


def test_blank_values_of_a_column_that_needs_nothing_is_unchanged() -> None:
    values = pd.Series(["9876543210", "Siwan"], index=[4, 9], name="x")
    out = blank_values(values)
    assert out.tolist() == ["9876543210", "Siwan"] and out.index.tolist() == [4, 9] and out.name == "x"


def test_tidy_text_collapses_every_kind_of_white_space_run() -> None:
    cells = pd.Series(["Bhat  Kesari", "Bhat\tKesari ", "Bhat Kesari", "Ram\u2028Nagar", "x"])
    assert tidy_text(cells).tolist() == ["Bhat Kesari", "Bhat Kesari", "Bhat Kesari", "Ram Nagar", "x"]


@pytest.mark.parametrize("rows", [0, 1, 5, DISTINCT_SAMPLE_ROWS + 5])
def test_as_columns_gives_the_same_cleaning_as_plain_columns(rows: int) -> None:
    pool = ["पुरुष", "F", " male ", "+91 98765 43210", "", "x"]
    frame = pd.DataFrame(
        {"gender": [pool[i % len(pool)] for i in range(rows)], "mobile": [f"98765{i:05d}" for i in range(rows)]},
        index=pd.RangeIndex(2, 2 + rows),
    )
    typed = as_columns(frame, ["gender", "mobile", "absent"])
    plain = as_columns(frame, ["gender", "mobile", "absent"], categorical=False)
    assert isinstance(typed["absent"].dtype, pd.CategoricalDtype)
    assert typed["absent"].astype(object).tolist() == [""] * rows
    for name in typed:
        pd.testing.assert_series_equal(genders(typed[name]), genders(plain[name]))
        for got, expected in zip(phones(typed[name]), phones(plain[name]), strict=True):
            pd.testing.assert_series_equal(got, expected)
