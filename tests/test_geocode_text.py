"""Reading addresses as clerks type them, in both scripts (pure: no database).

The vocabulary is a handful of place names, as the gazetteer would give; glued runs are split against it.
"""

from __future__ import annotations

import pytest

from geo.geocoding.keys import fold_key
from geo.geocoding.text import Part, StructuredAddress, Vocabulary, parse

VOCABULARY = Vocabulary(
    ["muzaffarpur", "bihar", "bochaha", "madhubani", "darbhanga", "bahera", "patna", "kishanganj", "barauni", "rampur"]
)


def labelled(address: str | StructuredAddress) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for part in parse(address, VOCABULARY).parts:
        out.setdefault(part.label, []).append(" ".join(part.words))
    return out


def test_hindi_labels_and_abbreviations_are_read_after_transliteration() -> None:
    parts = labelled("ग्रा०- रामपुर, पो०- चकिया, थाना- केसरिया, प्र०- केसरिया, जिला- पूर्वी चंपारण")
    folded = {label: [fold_key(v) for v in values] for label, values in parts.items()}
    assert folded == {
        "village": [fold_key("Rampur")],
        "post_office": [fold_key("Chakia")],
        "police_station": [fold_key("Kesaria")],
        "block": [fold_key("Kesaria")],
        "district": [fold_key("Purbi Champaran")],
    }


def test_devanagari_abbreviations_and_english_loanwords_are_labels() -> None:
    # Each abbreviation spelt out survives transliteration (which drops a word's final "a": जिला -> jil).
    parts = labelled("मो. बिनैका, था. कुढ़नी, ब्लॉक.धनरूआ, जि. पटना")
    assert {label: [fold_key(v) for v in values] for label, values in parts.items()} == {
        "village": [fold_key("Binaika")],
        "police_station": [fold_key("Kurhani")],
        "block": [fold_key("Dhanarua")],
        "district": [fold_key("Patna")],
    }


def test_a_states_two_letters_glued_to_a_known_name_come_apart() -> None:
    vocabulary = Vocabulary(["faizpur", "kailash"], state_codes=["mh", "as"])
    assert [p.words for p in parse("NEAR BUS STAND, FAIZPURMH", vocabulary).parts][-1] == ("faizpur", "mh")
    # Only after a known name: an unknown word keeps its last letters.
    assert [p.words for p in parse("RAMGARHMH", vocabulary).parts] == [("ramgarhmh",)]


def test_a_hindi_name_that_folds_to_a_known_name_is_not_cut() -> None:
    # "भागलपुर" transliterates with its inner vowels ("bhagalapur"); "alapur" is a name too, but the whole word
    # folds to Bhagalpur.
    vocabulary = Vocabulary(["bhagalpur", "alapur"])
    assert [p.words for p in parse("जि. भागलपुर", vocabulary).parts] == [("bhagalapur",)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("DIST-MUZAFFARPURBIHAR", {"district": ["muzaffarpur bihar"]}),
        ("PO-PS-BOCHAHA", {"post_office": ["bochaha"], "police_station": ["bochaha"]}),
        # The village and its post office of one name are one piece of evidence.
        ("AT+PO RAMPUR", {"village": ["rampur"]}),
        ("VILL&PO RAMPUR", {"village": ["rampur"]}),
        ("VPO RAMPUR", {"village": ["rampur"]}),
        ("POSTBAILO", {"post_office": ["bailo"]}),
        ("RAMPURDT. PATNA", {None: ["rampur"], "district": ["patna"]}),
        ("NEAR HOSPITAL ROADMADHUBANI", {None: ["hospital road madhubani"]}),
        ("POBARAUNI", {"post_office": ["barauni"]}),
        ("BAHERADARBHANGA", {None: ["bahera darbhanga"]}),
    ],
)
def test_glued_runs_come_apart_at_known_words(text: str, want: dict[str | None, list[str]]) -> None:
    assert labelled(text) == want


def test_an_unknown_word_is_not_cut_into_short_names() -> None:
    # "sitamarih" (a typo) holds "sit" and "ama"; three-letter pieces are not names enough to cut at.
    assert labelled("jila Sitamarih") == {"district": ["sitamarih"]}


def test_dotted_and_doubled_labels() -> None:
    assert labelled("VILL. BHAWANIPUR P.S. HARNAUT DISTT. NALANDA") == {
        "village": ["bhawanipur"],
        "police_station": ["harnaut"],
        "district": ["nalanda"],
    }


def test_pincodes_glued_or_spaced_are_found_last_first() -> None:
    parsed = parse("DOOR 551189 PLOT 2, BARH, BIHAR-803213", VOCABULARY)
    assert parsed.pincodes == ("803213", "551189")
    assert parse("VELLORE 632 004", VOCABULARY).pincodes == ("632004",)
    assert labelled("BARH, BIHAR-803213") == {None: ["barh", "bihar"]}


def test_devanagari_pincodes_keep_their_zeros() -> None:
    # A zero after a letter marks an abbreviation ("पो०"); inside a number it is a digit.
    assert parse("ग्राम: सिहपुर, पो० सिहपूर, बिहार,८४५३०५", VOCABULARY).pincodes == ("845305",)
    assert parse("काशी चाक पिन - ८०५११३", VOCABULARY).pincodes == ("805113",)


def test_a_label_alone_in_its_segment_labels_the_next_one() -> None:
    assert labelled("village KACHANPUR - thana Kurtha - district - Arwal") == {
        "village": ["kachanpur"],
        "police_station": ["kurtha"],
        "district": ["arwal"],
    }


def test_a_label_ending_a_labelled_segment_labels_the_next_one() -> None:
    assert labelled("At/Po-Khawla Zila - Siwan") == {"village": ["khawla"], "district": ["siwan"]}


def test_a_trailing_label_names_the_words_before_it() -> None:
    assert labelled("Kesaria block, Motihari") == {"block": ["kesaria"], None: ["motihari"]}


def test_noise_words_and_numbers_are_dropped_but_a_blocks_numbered_half_stays() -> None:
    assert labelled("near school, ward no 12, h no 4, Okhla Phase 2") == {None: ["school", "okhla phase 2"]}
    assert labelled("khata 1234, Rampur") == {None: ["rampur"]}
    assert labelled("block Bagaha-2") == {"block": ["bagaha 2"]}


def test_fields_come_fine_to_coarse_and_a_panchayat_named_after_the_village_counts_once() -> None:
    parsed = parse(
        StructuredAddress(village="Rampur", panchayat="RAMPUR", block="Kesaria", district="Gaya"), VOCABULARY
    )
    assert [(p.label, p.words) for p in parsed.parts] == [
        ("village", ("rampur",)),
        ("block", ("kesaria",)),
        ("district", ("gaya",)),
    ]
    assert [p.from_end for p in parsed.parts] == sorted((p.from_end for p in parsed.parts), reverse=True)


def test_structured_pincode_and_text() -> None:
    parsed = parse(StructuredAddress(district="Gaya", pincode="823 001", text="near school, Rampur"), VOCABULARY)
    assert parsed.pincodes == ("823001",)
    assert Part(None, ("rampur",), 0) in parsed.parts


@pytest.mark.parametrize("blank", ["", "   ", ",, -- ,", StructuredAddress()])
def test_empty_input(blank: str | StructuredAddress) -> None:
    assert parse(blank, VOCABULARY).is_empty
