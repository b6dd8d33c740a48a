"""The ladder of matching keys: each rung folds more spellings together (pure: no database).

Pairs are Bihar blocks as the Local Government Directory writes them in Hindi and the Census in English.
"""

from __future__ import annotations

import pytest

from geo.geocoding.keys import fold_key, loose_key, skeleton_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("बगहा-2", "Bagaha-II"),
        ("Bagaha I", "बगहा-1"),
        ("मुज़फ़्फ़रपुर", "Muzaffarpur"),
        ("Purvi Champaran", "PURBI CHAMPARAN"),
    ],
)
def test_fold_key_meets_script_case_and_numbered_halves(one: str, other: str) -> None:
    assert fold_key(one) == fold_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("रतनीफरीदपुर", "Ratni Faridpur"), ("Ram Nagar", "Ramnagar"), ("हनुमाननगर", "Hanuman Nagar"), ("Rampura", "Rampur")],
)
def test_loose_key_joins_words(one: str, other: str) -> None:
    assert fold_key(one) != fold_key(other)
    assert loose_key(fold_key(one)) == loose_key(fold_key(other))


@pytest.mark.parametrize(
    ("one", "other"),
    [("जहानाबाद", "Jehanabad"), ("बेतिया", "Bettiah"), ("गढ़पुरा", "Gadhpura"), ("योगापट्टी", "Jogapatti")],
)
def test_skeleton_key_meets_hindi_and_census_spellings(one: str, other: str) -> None:
    assert loose_key(fold_key(one)) != loose_key(fold_key(other))
    assert skeleton_key(one) == skeleton_key(other)


@pytest.mark.parametrize(
    ("one", "other"), [("Rampur", "Ranipur"), ("Patna", "Purnia"), ("Gaya", "Goa"), ("and", "Anand")]
)
def test_different_places_stay_apart_on_the_strict_rungs(one: str, other: str) -> None:
    assert fold_key(one) != fold_key(other)
