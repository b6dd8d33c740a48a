"""The geocoder (``geo.geocoding``) against the real reference geography: levels, both scripts, guesses, batches.

The geocoder is the one the loaders use (``loaders.geocode.geocoder_for``). Cases are drawn from the loaded
reference tables (a village with a point of its own, a name shared by several blocks), so the tests state
behaviour, not outputs. The failure classes of issue 13 have their own file, ``test_geocode_classes.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from indic_transliteration import sanscript
from sqlalchemy import Connection, text

from geo.geocoding import PRECISIONS, REVIEW_BELOW, Geocoder, GeocodeResult, StructuredAddress
from loaders.geocode import geocoder_for

PUBLIC_KEYS = {
    "lon", "lat", "state_code", "district_code", "block_code", "village_code", "precision", "confidence",
    "certain", "matched_name", "district_name", "reason", "reason_hi",
}  # fmt: skip


@pytest.fixture()
def geocoder(db: Connection) -> Geocoder:
    """The geocoder the loaders use, built from the reference tables (once per process)."""
    return geocoder_for(db)


def _one(db: Connection, sql: str) -> Any:
    row = db.execute(text(sql)).mappings().first()
    # The reference load is part of every test run: a case it lacks is a broken fixture, not a reason to skip.
    assert row is not None, f"the reference data has no such case: {sql}"
    return row


# Bihar villages with a plain name that no other village of their district shares.
_BIHAR_VILLAGE = (
    "SELECT v.village_code, v.name_en AS village, s.subdistrict_code, s.name_en AS block, d.name_en AS district, "
    "d.census_code, d.name_hi AS district_hi FROM villages v JOIN subdistricts s USING (subdistrict_code) "
    "JOIN districts d ON d.district_id = v.district_id WHERE v.state_code = '10' "
    "AND v.name_en ~ '^[A-Za-z]+$' AND length(v.name_en) > 5 AND s.name_en ~ '^[A-Za-z]+$' "
    "AND NOT EXISTS (SELECT 1 FROM villages o WHERE o.district_id = v.district_id AND o.name_norm = v.name_norm "
    "AND o.village_code <> v.village_code) "
)

# Bihar villages whose name two or more blocks of one district share, once in each.
_NAMESAKE_VILLAGES = (
    "SELECT v.name_en, d.name_en AS district, (array_agg(s.name_en ORDER BY s.subdistrict_code))[1] AS block, "
    "min(v.subdistrict_code) AS block_code FROM villages v JOIN districts d USING (district_id) "
    "JOIN subdistricts s USING (subdistrict_code) WHERE v.state_code = '10' AND v.name_en ~ '^[A-Za-z]+$' "
    "AND s.name_en ~ '^[A-Za-z]+$' GROUP BY v.name_en, v.name_norm, d.name_en, d.district_id "
    "HAVING count(DISTINCT v.subdistrict_code) >= 2 AND count(*) = count(DISTINCT v.subdistrict_code) "
    "ORDER BY count(*) DESC, v.name_en LIMIT 1"
)


def test_village_with_its_own_point(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "AND v.point_source = 'post_office' ORDER BY v.village_code LIMIT 1")
    result = geocoder.geocode(f"vill {row['village']}, block {row['block']}, dist {row['district']}")
    assert (result.precision, result.village_code, result.block_code) == (
        "village",
        row["village_code"],
        row["subdistrict_code"],
    )
    assert (result.state_code, result.district_code, result.certain) == ("10", row["census_code"], "village")
    assert result.confidence >= 0.9 and not result.needs_review


def test_village_without_a_point_keeps_its_code_and_says_where_it_is_drawn(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "AND v.point_source = 'block_hq' ORDER BY v.village_code LIMIT 1")
    result = geocoder.geocode(f"gram {row['village']} prakhand {row['block']} jila {row['district']}")
    assert (result.village_code, result.block_code) == (row["village_code"], row["subdistrict_code"])
    assert result.precision in PRECISIONS and result.precision != "village"
    assert result.reason is not None and "no coordinates of its own" in result.reason
    assert result.reason_hi is not None and "निर्देशांक" in result.reason_hi


def test_devanagari_address(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        _BIHAR_VILLAGE + "AND d.name_hi IS NOT NULL AND v.name_en ~ '^[A-Za-z]+pur$' ORDER BY v.village_code LIMIT 1",
    )
    village_hi = sanscript.transliterate(row["village"].lower(), sanscript.ITRANS, sanscript.DEVANAGARI).rstrip("्")
    result = geocoder.geocode(f"ग्राम- {village_hi}, जिला- {row['district_hi']}")
    assert (result.district_code, result.village_code) == (row["census_code"], row["village_code"])


def test_post_office_precision(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT g.name, d.name_en AS district, d.census_code FROM gazetteer g JOIN districts d USING (district_id) "
        "WHERE g.kind = 'post_office' AND g.quality = 'ok' AND d.state_code = '24' AND d.name_en = 'Surat' "
        "AND g.name ~ '^[A-Za-z]+ SO$' ORDER BY g.name LIMIT 1",
    )
    result = geocoder.geocode(f"{row['name'].removesuffix(' SO')}, {row['district']}")
    assert (result.precision, result.district_code) == ("post_office", row["census_code"])


def test_pincode_alone(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT g.pincode, d.census_code FROM gazetteer g JOIN districts d USING (district_id) WHERE g.kind = "
        "'pincode' AND d.state_code = '10' AND g.pincode IN (SELECT pincode FROM gazetteer WHERE kind = 'pincode' "
        "GROUP BY pincode HAVING count(DISTINCT district_id) = 1) ORDER BY g.pincode LIMIT 1",
    )
    result = geocoder.geocode(f"pin {row['pincode']}")
    assert (result.precision, result.district_code, result.state_code) == ("pincode", row["census_code"], "10")
    assert result.reason is not None and row["pincode"] in result.reason


def test_block_and_district_levels(geocoder: Geocoder) -> None:
    block = geocoder.geocode("Kesaria block, Motihari")
    assert (block.district_code, block.certain) == ("204", "block") and block.block_code is not None
    surat = geocoder.geocode("Surat")
    assert (surat.state_code, surat.district_code, surat.certain) == ("24", "492", "district")


_STATES = [("Uttar Pradesh", "09"), ("Haryana", "06"), ("Kerala", "32"), ("Gujarat", "24"), ("Bihar", "10")]


@pytest.mark.parametrize(("name", "state_code"), _STATES)
def test_a_state_alone_is_certain_only_of_the_state(geocoder: Geocoder, name: str, state_code: str) -> None:
    result = geocoder.geocode(name)
    assert (result.state_code, result.certain) == (state_code, "state") and result.needs_review
    kept = result.as_certain()
    assert (kept.state_code, kept.district_code, kept.block_code, kept.precision) == (state_code, None, None, "state")


@pytest.mark.parametrize(
    ("name", "state_code"),
    _STATES,
)
def test_a_state_alone_names_no_district(geocoder: Geocoder, name: str, state_code: str) -> None:
    result = geocoder.geocode(name)
    assert (result.precision, result.state_code, result.district_code) == ("state", state_code, None)


def test_district_aliases(geocoder: Geocoder) -> None:
    names = {geocoder.geocode(a).district_id for a in ("Purba Champaran", "East Champaran", "Motihari", "पूर्वी चंपारण")}
    assert len(names) == 1 and None not in names
    assert geocoder.geocode("Sector 37, Gurgaon").district_id == geocoder.geocode("Gurugram").district_id


@pytest.mark.parametrize("garbage", ["", "   ", "asdkjh qwe zxcv", "12", "!!!", "near the big tree"])
def test_empty_or_garbage_is_unresolved_without_error(geocoder: Geocoder, garbage: str) -> None:
    result = geocoder.geocode(garbage)
    assert result.precision is None and result.lon is None and result.confidence == 0.0
    assert result.state_code is None and result.certain is None and result.needs_review
    assert result.reason is not None and result.reason.startswith("unresolved")
    assert result.reason_hi is not None


def test_namesake_villages_are_settled_by_the_block(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _NAMESAKE_VILLAGES)
    with_block = geocoder.geocode(f"vill {row['name_en']} block {row['block']} dist {row['district']}")
    assert with_block.block_code == row["block_code"] and with_block.village_code is not None

    without = geocoder.geocode(f"vill {row['name_en']} dist {row['district']}")
    assert without.village_code is None and without.block_code is None and without.district_code is not None
    assert without.needs_review and without.confidence < REVIEW_BELOW
    assert without.reason is not None and "give the block" in without.reason


@pytest.mark.xfail(
    strict=True,
    reason="a block named in passing after the village ('vill Pipra Nautan, dist Siwan') is read as one village "
    "name 'pipra nautan', not found, and no block is given",
)
def test_namesake_villages_are_settled_by_a_block_named_in_passing(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _NAMESAKE_VILLAGES)
    # No "block" label: the block's name just follows the village's, as agents type it.
    result = geocoder.geocode(f"vill {row['name_en']} {row['block']}, dist {row['district']}")
    assert result.block_code == row["block_code"] and result.village_code is not None


def test_structured_address(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "ORDER BY v.village_code DESC LIMIT 1")
    result = geocoder.geocode(
        StructuredAddress(village=row["village"], block=row["block"], district=row["district"], state="Bihar")
    )
    assert (result.village_code, result.block_code) == (row["village_code"], row["subdistrict_code"])


def test_a_lone_ambiguous_name_is_a_guess_that_records_drop(geocoder: Geocoder) -> None:
    # Aurangabad is a district of Bihar and of Maharashtra: the likelier one is given, as a guess that says so.
    guess = geocoder.geocode("Aurangabad")
    assert guess.district_code is not None and guess.certain is None and guess.needs_review
    assert guess.reason is not None and "guess" in guess.reason
    assert guess.reason_hi is not None and "अनुमान" in guess.reason_hi
    dropped = guess.as_certain()
    assert (dropped.state_code, dropped.district_id, dropped.district_code, dropped.lon) == (None, None, None, None)
    assert dropped.reason == guess.reason  # the record still says what the guess was


def test_home_state_hint_settles_a_district_name_two_states_share(geocoder: Geocoder) -> None:
    hinted = geocoder.geocode("Aurangabad", home_state_code="10")
    assert (hinted.state_code, hinted.district_code) == ("10", "235")
    # A named state outranks the caller's hint.
    assert geocoder.geocode("Aurangabad, Maharashtra", home_state_code="10").district_code == "515"


def test_the_home_state_hint_makes_a_shared_district_name_certain(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Aurangabad", home_state_code="10").as_certain().district_code == "235"


def test_a_guess_within_a_named_state_keeps_the_state(geocoder: Geocoder) -> None:
    # Bishunpur, Bihar: villages and offices of that name in several districts; the district is a guess,
    # the state is not.
    guess = geocoder.geocode("Bishunpur, Bihar")
    assert guess.certain == "state" and guess.needs_review
    kept = guess.as_certain()
    assert (kept.state_code, kept.district_code, kept.block_code, kept.precision) == ("10", None, None, "state")


def test_misspelt_district_is_looked_for_in_the_home_state_first(geocoder: Geocoder) -> None:
    banka = geocoder.geocode("dist Banka")
    hinted = geocoder.geocode("vill Subhanpur, dist Bana", home_state_code="10")
    assert hinted.district_id == banka.district_id is not None
    # Without the hint the village Subhanpur (in Banka) confirms the reading.
    assert geocoder.geocode("vill Subhanpur, dist Bana").district_id == banka.district_id


def test_misspelt_district_across_india_needs_corroboration(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT s.name_en AS block, d.census_code FROM subdistricts s JOIN districts d USING (district_id) "
        "WHERE d.state_code = '10' AND d.name_en = 'Araria' ORDER BY s.subdistrict_code LIMIT 1",
    )
    # "Araia" is one slip from Araria (Bihar) and close to Auraiya (UP); the block settles it.
    result = geocoder.geocode(f"block {row['block']}, district Araia")
    assert result.district_code == row["census_code"]
    assert result.reason is not None and "spelling" in result.reason


def test_unlabelled_district_with_swapped_letters(geocoder: Geocoder) -> None:
    assert geocoder.geocode("vill Ratanpur, Madubani").district_id == geocoder.geocode("Madhubani").district_id


@pytest.mark.xfail(
    strict=True,
    reason="'Guindy, Chenani' is read as the town Chenani (Udhampur, J&K), certain of J&K: Guindy, a Chennai "
    "locality (post offices Guindy North, Guindy Industrial Estate), is not recognised",
)
def test_a_locality_corroborates_a_misspelt_district(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Guindy, Chenani").district_id == geocoder.geocode("Chennai").district_id


def test_exact_district_name_beats_a_loose_key(geocoder: Geocoder) -> None:
    # "Sitapura" folds to Sitapur (UP) only through the loose key; "Jaipur" is exact.
    assert geocoder.geocode("Sitapura Industrial Area, Jaipur").state_code == "08"


_MIXED: list[str | StructuredAddress] = [
    "Surat",
    "SURAT ",
    "Haryana",
    "",
    "Aurangabad",
    "vill Rampur, Purulia 854301",
    "DIST-MUZAFFARPURBIHAR",
    "P.S. Bochaha, Muzaffarpur",
    "बगहा-1, पश्चिम चंपारण",
    "ग्राम- मुखियापट्टी, जिला- मधुबनी",
    "Kalkaji, New Delhi 110020",
    "Bhiwandi, Maharashtra",
    "asdkjh qwe zxcv",
    "surat",
    StructuredAddress(village="Mukhiapatti", district="Madhubani", state="Bihar"),
    StructuredAddress(police_station="Kanti", district="Muzaffarpur", pincode="843109"),
]


@pytest.mark.parametrize("home_state", [None, "10"])
def test_a_batch_gives_what_the_addresses_give_one_by_one(geocoder: Geocoder, home_state: str | None) -> None:
    # Fresh geocoders on the same index: neither side is answered from the other's cache.
    batch = Geocoder(geocoder.index).geocode_many(_MIXED, home_state_code=home_state)
    single = Geocoder(geocoder.index)
    one_by_one = [single.geocode(a, home_state_code=home_state) for a in _MIXED]
    assert batch == one_by_one
    assert [r.reason_hi for r in batch] == [r.reason_hi for r in one_by_one]


def test_geocode_many_keeps_order_and_shares_work(geocoder: Geocoder) -> None:
    results = geocoder.geocode_many(["Surat", "SURAT ", "Haryana", "", "surat"])
    assert [r.state_code for r in results] == ["24", "24", "06", None, "24"]
    assert results[0] is results[1] is results[4]


def test_results_are_cached_per_home_state(geocoder: Geocoder) -> None:
    plain, hinted = geocoder.geocode("Aurangabad"), geocoder.geocode("Aurangabad", home_state_code="10")
    assert plain is not hinted and plain.state_code != hinted.state_code
    assert geocoder.geocode_many(["Aurangabad"], home_state_code="10")[0] is hinted


def test_public_keys_and_reasons_in_both_languages(geocoder: Geocoder) -> None:
    result: GeocodeResult = geocoder.geocode("vill Rampur, dist Purulia 854301")
    public = result.public()
    assert set(public) == PUBLIC_KEYS
    assert public["district_code"] == "211" and public["district_name"] == "Purnia"
    assert public["reason"] is not None and "854301" in public["reason"]
    assert public["reason_hi"] is not None and "पिनकोड 854301" in public["reason_hi"]


@pytest.mark.parametrize("address", ["Riyadh, Saudi Arabia", "Dubai UAE", "Kathmandu, Nepal", "Doha, Qatar"])
def test_a_workplace_abroad_is_no_indian_place(geocoder: Geocoder, address: str) -> None:
    # "Saudi Arabia" would otherwise be a misspelt Araria, "Saudi" a post office in Balasore.
    result = geocoder.geocode(address)
    assert result.state_code is None and result.needs_review
    assert result.reason is not None and "outside India" in result.reason
    assert result.reason_hi is not None and "भारत के बाहर" in result.reason_hi


def test_a_country_named_inside_an_indian_address_is_not_abroad(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Nepal Colony, Delhi").state_code == "07"
