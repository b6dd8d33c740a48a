"""Devanagari for places without an official Hindi name: readable, and marked as transliterated."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.hindi_names import devanagari, with_hindi_names


@pytest.mark.parametrize(
    ("english", "hindi"),
    [
        ("Darbhanga", "दरभंगा"),  # aspirate "bh", nasal before a consonant as anusvara, a final "a" long
        ("Muzaffarpur", "मुज़फ़्फ़रपुर"),  # doubled consonant as a conjunct, the ending "pur"
        ("Samastipur", "समस्तिपुर"),  # "st" joined
        ("Araria", "अररिया"),  # "ia" is "iya"
        ("Chennai", "चेन्नई"),  # a final "ai" is "ई"
        ("Gautam Buddha Nagar", "गौतम बुद्धा नगर"),  # "ddh" joined, "au"
        ("Ghaziabad", "घज़ियाबाद"),  # "gh" is घ: an English spelling cannot tell it from ग़
        ("Moradabad", "मोरदाबाद"),
        ("Chitrakoot", "चित्रकूत"),  # "tr" joined, "oo" long
        ("Pratapgarh", "प्रतपगढ़"),  # "pr" at the start, the ending "garh"
        ("Sitamarhi", "सितमढ़ी"),  # "rh" is ढ़, a final "i" long
        ("Kanniyakumari", "कन्नियकुमरी"),  # a doubled nasal is a conjunct, not an anusvara
        ("Rangareddy", "रंगरेद्दी"),  # a final "y" after a consonant is "ee"
        ("Nellore", "नेल्लोर"),  # the silent "e" of "-ore"
        ("North Twenty Four Parganas", "उत्तर चौबीस परगना"),
        ("Mumbai Suburban", "मुंबई उपनगरीय"),
        ("Y.S.R.", "वाई. एस. आर."),
        ("K.V.B.Puram", "के. वी. बी. पुरम"),  # initials glued to the name
        ("Jakholi*", "जखोली"),  # a Census footnote mark
        ("Leh(Ladakh)", "लेह लदख"),
    ],
)
def test_an_english_place_name_is_written_in_devanagari(english: str, hindi: str) -> None:
    assert devanagari(english) == hindi


def test_every_letter_becomes_devanagari() -> None:
    for name in ("Xyz Qwerty", "Ukhrul", "Aizawl", "Ooty", "Eeyore", "Fazilka"):
        written = devanagari(name)
        assert written and all(not c.isascii() or c in " ." for c in written), (name, written)


def test_an_official_name_is_kept_and_the_rest_are_marked_transliterated() -> None:
    given = ["सीवान", None, " ", "Colgong"]  # a source's "Hindi" name may be the English one again
    places = pd.DataFrame({"name_en": ["Siwan", "Lucknow", "Agra", "Colgong"], "name_hi": given})
    out = with_hindi_names(places)
    assert out["name_hi"].tolist() == ["सीवान", "लुकनोव", "अग्रा", "कोलगोंग"]
    assert out["name_hi_source"].tolist() == ["official", "transliterated", "transliterated", "transliterated"]
    assert places["name_hi"].tolist() == given, "the input is left as it was"
