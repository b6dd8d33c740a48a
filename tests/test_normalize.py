"""The matching key folds the spellings officials actually use into one."""

from __future__ import annotations

import pytest

from geo.normalize import normalise_name, pad_code


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("पूर्वी चंपारण", "Purbi Champaran"),
        ("Purvi Champaran", "PURBI CHAMPARAN"),
        ("रामपुर", "Rampur"),
        ("Raampur", "rampur"),
        ("मुज़फ़्फ़रपुर", "Muzaffarpur"),
        ("बेगूसराय", "Begusarai"),
        ("सीवान", "Siwan"),
        ("खगड़िया", "Khagaria"),
        ("पटना", "Patna"),
        ("Sheikhpura", "Shekhpura"),
    ],
)
def test_spellings_share_one_key(one: str, other: str) -> None:
    assert normalise_name(one) == normalise_name(other)


@pytest.mark.parametrize(("one", "other"), [("Rampur", "Ranipur"), ("Patna", "Purnia"), ("Gaya", "Goa")])
def test_different_places_keep_different_keys(one: str, other: str) -> None:
    assert normalise_name(one) != normalise_name(other)


def test_blank_and_punctuation() -> None:
    assert normalise_name(None) == ""
    assert normalise_name("  --  ") == ""
    assert normalise_name("Kaimur (Bhabua)") == normalise_name("kaimur bhabua")


@pytest.mark.parametrize(
    ("code", "width", "expected"),
    [
        ("1013", 5, "01013"),
        ("01013", 5, "01013"),
        (1013, 5, "01013"),
        ("1013.0", 5, "01013"),
        ("0", 3, None),
        ("", 3, None),
        (None, 3, None),
        ("ab", 3, None),
    ],
)
def test_codes_are_zero_padded(code: object, width: int, expected: str | None) -> None:
    assert pad_code(code, width) == expected
