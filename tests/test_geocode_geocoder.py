"""The geocoder against the real reference geography: every precision level, both scripts, bad input.

Cases are drawn from the loaded reference data (a village with its own point, a name shared
by several blocks, a pincode of another district), so the tests state behaviour, not outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from geo.geocoder import REVIEW_BELOW, Geocoder, StructuredAddress
from sqlalchemy import Connection, Engine, text

from atlas.queries.geocoding import write_review_queue
from geo.normalize import devanagari_to_latin


@pytest.fixture(scope="module")
def geocoder(engine: Engine) -> Iterator[Geocoder]:
    with engine.connect() as connection:
        yield Geocoder.from_connection(connection)


def _one(db: Connection, sql: str) -> Any:
    row = db.execute(text(sql)).mappings().first()
    if row is None:
        pytest.skip("the reference data has no such case")
    return row


_BIHAR_VILLAGE = (
    "SELECT v.village_code, v.name_en AS village, s.subdistrict_code, s.name_en AS block, d.name_en AS district, "
    "d.census_code, d.name_hi AS district_hi FROM villages v JOIN subdistricts s USING (subdistrict_code) "
    "JOIN districts d ON d.district_id = v.district_id WHERE v.state_code = '10' "
    "AND v.name_en ~ '^[A-Za-z]+$' AND length(v.name_en) > 5 "
    "AND NOT EXISTS (SELECT 1 FROM villages o WHERE o.district_id = v.district_id AND o.name_norm = v.name_norm "
    "AND o.village_code <> v.village_code) "
)


def test_village_with_its_own_point(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "AND v.point_source = 'post_office' ORDER BY v.village_code LIMIT 1")
    result = geocoder.geocode(f"vill {row['village']}, block {row['block']}, dist {row['district']}")
    assert (result.precision, result.village_code, result.block_code) == (
        "village",
        row["village_code"],
        row["subdistrict_code"],
    )
    assert result.district_code == row["census_code"] and result.state_code == "10"
    assert result.confidence >= 0.9 and not result.needs_review


def test_village_without_a_point_is_placed_at_its_block_and_says_so(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "AND v.point_source = 'block_hq' ORDER BY v.village_code LIMIT 1")
    result = geocoder.geocode(f"gram {row['village']} prakhand {row['block']} jila {row['district']}")
    assert result.village_code == row["village_code"]
    assert result.precision == "block"
    assert result.reason is not None and "no coordinates of its own" in result.reason


def test_devanagari_address(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        _BIHAR_VILLAGE + "AND d.name_hi IS NOT NULL AND v.name_en ~ '^[A-Za-z]+pur$' ORDER BY v.village_code LIMIT 1",
    )
    from indic_transliteration import sanscript

    village_hi = sanscript.transliterate(row["village"].lower(), sanscript.ITRANS, sanscript.DEVANAGARI).rstrip("्")
    result = geocoder.geocode(f"ग्राम- {village_hi}, जिला- {row['district_hi']}")
    assert devanagari_to_latin(row["district_hi"])  # the district really is given in Devanagari
    assert result.district_code == row["census_code"]
    assert result.village_code == row["village_code"]


def test_post_office_precision(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT g.name, g.pincode, d.name_en AS district, d.census_code FROM gazetteer g "
        "JOIN districts d USING (district_id) WHERE g.kind = 'post_office' AND g.quality = 'ok' "
        "AND d.state_code = '24' AND d.name_en = 'Surat' AND g.name ~ '^[A-Za-z]+ SO$' ORDER BY g.name LIMIT 1",
    )
    result = geocoder.geocode(f"{row['name'].removesuffix(' SO')}, {row['district']}")
    assert result.precision == "post_office"
    assert result.district_code == row["census_code"]


def test_pincode_alone(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT g.pincode, d.census_code, d.state_code FROM gazetteer g JOIN districts d USING "
        "(district_id) WHERE g.kind = 'pincode' AND d.state_code = '10' ORDER BY g.pincode LIMIT 1",
    )
    result = geocoder.geocode(f"pin {row['pincode']}")
    assert (result.precision, result.district_code, result.state_code) == ("pincode", row["census_code"], "10")


def test_block_district_and_state_levels(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Kesaria block, Motihari").precision == "block"
    surat = geocoder.geocode("Surat")
    assert (surat.precision, surat.state_code, surat.district_code) == ("district", "24", "492")
    state = geocoder.geocode("Haryana")
    assert state.precision == "state" and state.state_code == "06" and state.district_code is None
    assert state.needs_review


def test_district_aliases(geocoder: Geocoder) -> None:
    names = {geocoder.geocode(a).district_id for a in ("Purba Champaran", "East Champaran", "Motihari", "पूर्वी चंपारण")}
    assert len(names) == 1 and None not in names
    assert geocoder.geocode("Sector 37, Gurgaon").district_id == geocoder.geocode("Gurugram").district_id


def test_pincode_that_disagrees_with_the_named_district(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT a.name_en AS district, a.census_code, p.pincode FROM districts a, gazetteer p "
        "WHERE a.state_code = '10' AND a.name_en = 'Gaya' AND p.kind = 'pincode' AND p.district_id <> "
        "a.district_id AND p.state_code = '10' AND p.pincode LIKE '84%%' ORDER BY p.pincode LIMIT 1",
    )
    result = geocoder.geocode(f"dist {row['district']} {row['pincode']}")
    assert result.district_code == row["census_code"]
    assert result.needs_review and result.confidence < REVIEW_BELOW
    assert result.reason is not None and row["pincode"] in result.reason


@pytest.mark.parametrize("garbage", ["", "   ", "asdkjh qwe zxcv", "12", "!!!", "near the big tree"])
def test_empty_or_garbage_is_unresolved_without_error(geocoder: Geocoder, garbage: str) -> None:
    result = geocoder.geocode(garbage)
    assert result.precision is None and result.lon is None and result.confidence == 0.0
    assert result.needs_review and result.reason is not None and result.reason.startswith("unresolved")


def test_ambiguous_village_is_settled_by_the_block(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT v.name_en, d.name_en AS district, (array_agg(s.name_en ORDER BY s.subdistrict_code))[1] AS block, "
        "min(v.subdistrict_code) AS block_code FROM villages v JOIN districts d USING (district_id) "
        "JOIN subdistricts s USING (subdistrict_code) WHERE v.state_code = '10' AND v.name_en ~ '^[A-Za-z]+$' "
        "GROUP BY v.name_en, v.name_norm, d.name_en, d.district_id "
        "HAVING count(DISTINCT v.subdistrict_code) >= 2 AND count(*) = count(DISTINCT v.subdistrict_code) "
        "ORDER BY count(*) DESC, v.name_en LIMIT 1",
    )
    with_block = geocoder.geocode(f"vill {row['name_en']} block {row['block']} dist {row['district']}")
    assert with_block.block_code == row["block_code"] and with_block.village_code is not None

    without = geocoder.geocode(f"vill {row['name_en']} dist {row['district']}")
    assert without.village_code is None and without.block_code is None
    assert without.precision == "district"
    assert without.needs_review and without.confidence < REVIEW_BELOW


def test_structured_address(db: Connection, geocoder: Geocoder) -> None:
    row = _one(db, _BIHAR_VILLAGE + "ORDER BY v.village_code DESC LIMIT 1")
    result = geocoder.geocode(
        StructuredAddress(village=row["village"], block=row["block"], district=row["district"], state="Bihar")
    )
    assert result.village_code == row["village_code"]


def test_geocode_many_keeps_order_and_shares_work(geocoder: Geocoder) -> None:
    batch = ["Surat", "SURAT ", "Haryana", "", "surat"]
    results = geocoder.geocode_many(batch)
    assert [r.state_code for r in results] == ["24", "24", "06", None, "24"]
    assert results[0] is results[1] is results[4]


def test_review_queue_counts_repeats(db: Connection, geocoder: Geocoder) -> None:
    bad = geocoder.geocode("asdkjh qwe zxcv")
    assert write_review_queue(db, [("asdkjh qwe zxcv", bad), ("ASDKJH  qwe zxcv", bad)]) == 1
    write_review_queue(db, [("asdkjh qwe zxcv", bad)])
    row = (
        db.execute(
            text(
                "SELECT occurrences, reason, result->>'precision' AS precision FROM geocode_reviews "
                "WHERE input_text ILIKE 'asdkjh%%'"
            )
        )
        .mappings()
        .one()
    )
    assert row["occurrences"] == 3 and row["reason"].startswith("unresolved") and row["precision"] is None


def test_home_state_hint_settles_a_district_name_two_states_share(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Aurangabad").district_id is None  # Bihar and Maharashtra: no clue, no guess
    hinted = geocoder.geocode("Aurangabad", home_state_code="10")
    assert hinted.state_code == "10" and hinted.district_id is not None
    # A named state outranks the caller's hint.
    assert geocoder.geocode("Aurangabad, Maharashtra", home_state_code="10").state_code == "27"


def test_misspelt_district_is_looked_for_in_the_home_state_first(geocoder: Geocoder) -> None:
    banka = geocoder.geocode("dist Banka")
    hinted = geocoder.geocode("vill Subhanpur, dist Bana", home_state_code="10")
    assert hinted.district_id == banka.district_id
    # Without the hint the village Subhanpur (in Banka) confirms the reading; with no clue at all
    # "Bana" is as close to Banda (UP) as to Banka, and the geocoder abstains.
    assert geocoder.geocode("vill Subhanpur, dist Bana").district_id == banka.district_id
    assert geocoder.geocode("dist Bana").district_id is None


def test_misspelt_district_across_india_needs_corroboration(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT s.name_en AS block, d.district_id FROM subdistricts s JOIN districts d USING (district_id) "
        "WHERE d.state_code = '10' AND d.name_en = 'Araria' ORDER BY s.subdistrict_code LIMIT 1",
    )
    # "Araia" is one slip from Araria (Bihar) and close to Auraiya (UP); the block settles it.
    result = geocoder.geocode(f"block {row['block']}, district Araia")
    assert result.district_id == row["district_id"]
    assert result.reason is not None and "spelling" in result.reason


def test_unlabelled_district_with_swapped_letters(geocoder: Geocoder) -> None:
    assert geocoder.geocode("Guindy, Chenani").district_id == geocoder.geocode("Chennai").district_id
    assert geocoder.geocode("vill Ratanpur, Madubani").district_id == geocoder.geocode("Madhubani").district_id


def test_exact_district_name_beats_a_loose_key(geocoder: Geocoder) -> None:
    # "Sitapura" folds to Sitapur (UP) only through the loose key; "Jaipur" is exact.
    assert geocoder.geocode("Sitapura Industrial Area, Jaipur").state_code == "08"


def test_ambiguous_village_settled_by_a_block_named_in_passing(db: Connection, geocoder: Geocoder) -> None:
    row = _one(
        db,
        "SELECT v.name_en, d.name_en AS district, (array_agg(s.name_en ORDER BY s.subdistrict_code))[1] "
        "AS block, min(v.subdistrict_code) AS block_code FROM villages v JOIN districts d USING (district_id) "
        "JOIN subdistricts s USING (subdistrict_code) WHERE v.state_code = '10' AND v.name_en ~ '^[A-Za-z]+$' "
        "AND s.name_en ~ '^[A-Za-z]+$' GROUP BY v.name_en, v.name_norm, d.name_en, d.district_id "
        "HAVING count(DISTINCT v.subdistrict_code) >= 2 AND count(*) = count(DISTINCT v.subdistrict_code) "
        "ORDER BY count(*) DESC, v.name_en LIMIT 1",
    )
    # No "block" label: the block's name just follows the village's, as agents type it.
    result = geocoder.geocode(f"vill {row['name_en']} {row['block']}, dist {row['district']}")
    assert result.block_code == row["block_code"] and result.village_code is not None


def test_results_are_cached_per_home_state(geocoder: Geocoder) -> None:
    plain, hinted = geocoder.geocode("Aurangabad"), geocoder.geocode("Aurangabad", home_state_code="10")
    assert plain is not hinted
    assert geocoder.geocode_many(["Aurangabad"], home_state_code="10")[0] is hinted
