"""Parsing addresses as officials type them, in both scripts (pure: no database)."""

from __future__ import annotations

from geo.address import StructuredAddress, parse_address
from geo.normalize import normalise_name


def test_hindi_labels_are_read_after_transliteration() -> None:
    parsed = parse_address("ग्राम- रामपुर, पो.- चकिया, थाना- केसरिया, जिला- पूर्वी चंपारण")
    assert parsed.parts["village"] == normalise_name("Rampur")
    assert parsed.parts["post_office"] == normalise_name("Chakia")
    assert parsed.parts["police_station"] == normalise_name("Kesaria")
    assert parsed.parts["district"] == normalise_name("Purbi Champaran")


def test_labels_without_punctuation_and_pincode() -> None:
    parsed = parse_address("vill rampur P.O. chakia dist east champaran 845 412")
    assert parsed.pincode == "845412"
    assert parsed.parts == {
        "village": normalise_name("rampur"),
        "post_office": normalise_name("chakia"),
        "district": normalise_name("east champaran"),
    }


def test_unlabelled_parts_and_filler_words_are_kept_as_free_segments() -> None:
    parsed = parse_address("near mandir, Okhla Phase 2, New Delhi")
    assert parsed.parts == {}
    assert parsed.free == (normalise_name("mandir"), normalise_name("Okhla Phase 2"), normalise_name("New Delhi"))


def test_trailing_label_names_the_words_before_it() -> None:
    assert parse_address("Kesaria block, Motihari").parts == {"block": normalise_name("Kesaria")}


def test_state_names_containing_label_words_stay_whole() -> None:
    parsed = parse_address("Lucknow, Uttar Pradesh")
    assert normalise_name("Uttar Pradesh") in parsed.free


def test_structured_fields_override_text() -> None:
    parsed = parse_address(StructuredAddress(village="Rampur", district="Gaya", pincode="823001", text="near school"))
    assert parsed.parts == {"village": normalise_name("Rampur"), "district": normalise_name("Gaya")}
    assert parsed.pincode == "823001"


def test_empty_and_garbage() -> None:
    assert parse_address("").is_empty
    assert parse_address("  ,, --  ").is_empty
    assert not parse_address("asdkjh qwe").is_empty


def test_typed_spelling_is_kept_beside_the_folded_key() -> None:
    # Folding turns one swapped pair into two differences (kamiur/kaimur); typo matching needs the typed form.
    parsed = parse_address("vill Rampur, dist Kamiur")
    assert parsed.spellings[parsed.parts["district"]] == "kamiur"


def test_eval_hindi_is_written_as_a_person_writes_it() -> None:
    from bench.make_geocode_eval import _devanagari

    assert _devanagari("Rampur") == "रामपुर"
    assert _devanagari("Chakia") == "चकिया"
    assert _devanagari("Muzaffarpur") == "मुजफ्फरपुर"
    for name in ("Rampur", "Sarmastpur", "Mahammadpur", "Kesaria"):
        assert normalise_name(_devanagari(name))  # transliterates back to a non-empty key
