"""The reference geography in the real test database, as ``make test`` loaded it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from atlas.errors import ReferenceDataInvalid, ReferenceDataMissing
from atlas.queries.reference import reference_counts, refile_worker_homes
from atlas.settings import settings
from geo.normalize import normalise_name
from loaders.reference import ReferenceSummary, load_reference


def scalar(db: Connection, sql: str) -> int:
    return int(db.execute(text(sql)).scalar_one())


@dataclass(frozen=True)
class Reload:
    before: dict[str, int]
    summary: ReferenceSummary
    again_skipped: bool
    outside_in_db: set[str]


@pytest.fixture(scope="module")
def reload(engine: Engine) -> Iterator[Reload]:
    """One forced reload (about 40 s) in a transaction that is rolled back, shared by the tests that read its summary."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            before = reference_counts(connection)
            summary = load_reference(connection=connection, force=True)
            again = load_reference(connection=connection)
            outside = set(connection.execute(text(f"SELECT b.subdistrict_code {OUTSIDE}")).scalars())
            yield Reload(before, summary, again.skipped, outside)
        finally:
            transaction.rollback()


def test_admin_hierarchy_counts(db: Connection) -> None:
    assert scalar(db, "SELECT count(*) FROM states") == 36
    # 723 polygons, and 14 districts drawn inside one (Delhi's 11, Mumbai Suburban, Sikkim's two of 2021)
    assert scalar(db, "SELECT count(*) FROM districts WHERE geom IS NOT NULL") == 723
    assert scalar(db, "SELECT count(*) FROM districts WHERE geom IS NULL") == 14
    assert scalar(db, "SELECT count(*) FROM districts WHERE state_code = '10'") == 38
    # every real Census 2011 sub-district: 5,958 rows, 33 sub-districts listed under two or three districts
    assert scalar(db, "SELECT count(*) FROM subdistricts") == 5_922
    assert scalar(db, "SELECT count(*) FROM subdistricts WHERE state_code = '10'") == 534
    assert scalar(db, "SELECT count(*) FROM subdistricts WHERE state_code = '10' AND point IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM gazetteer WHERE kind = 'village' AND state_code = '10'") == 44_934
    # one Census code (225501) is given to two places in the source; the table keys on the code
    assert scalar(db, "SELECT count(*) FROM villages WHERE state_code = '10'") == 44_933


def test_post_offices_loaded_with_quality_flags(db: Connection) -> None:
    counts = reference_counts(db)
    assert counts["post_offices"] > 160_000
    with_point = scalar(db, "SELECT count(*) FROM gazetteer WHERE kind = 'post_office' AND point IS NOT NULL")
    assert with_point > 140_000
    assert counts["repaired_swaps"] > 0
    missing = scalar(db, "SELECT count(*) FROM gazetteer WHERE kind = 'post_office' AND quality = 'missing'")
    assert (
        missing > 0
        and scalar(db, "SELECT count(*) FROM gazetteer WHERE quality = 'missing' AND point IS NOT NULL") == 0
    )
    types = dict(
        db.execute(text("SELECT office_type, count(*) FROM gazetteer WHERE kind = 'post_office' GROUP BY 1")).all()
    )
    assert set(types) == {"HO", "SO", "BO"} and types["BO"] > types["SO"] > types["HO"]


# --------------------------------------------------------------------------- the corrected blocks


def test_daudnagar_and_its_villages_are_in_aurangabad(db: Connection) -> None:
    """The HQ file labels Census code 01476 "Ratni Faridpur" (Jehanabad); the Census says Daudnagar (Aurangabad)."""
    block = db.execute(
        text(
            "SELECT b.name_en, d.name_en AS district, b.district_code_2011 FROM subdistricts b "
            "JOIN districts d USING (district_id) WHERE b.subdistrict_code = '01476'"
        )
    ).one()
    assert tuple(block) == ("Daudnagar", "Aurangabad", "235")
    village_districts = db.execute(
        text(
            "SELECT DISTINCT d.name_en FROM villages v JOIN districts d USING (district_id) "
            "WHERE v.subdistrict_code = '01476'"
        )
    ).scalars()
    assert list(village_districts) == ["Aurangabad"]


def test_ratni_faridpurs_villages_are_in_jehanabad(db: Connection) -> None:
    rows = db.execute(
        text(
            "SELECT b.subdistrict_code, d.name_en AS district, count(v.*) AS villages FROM subdistricts b "
            "JOIN districts d ON d.district_id = b.district_id JOIN villages v ON v.subdistrict_code = b.subdistrict_code "
            "WHERE b.name_en = 'Ratni Faridpur' GROUP BY 1, 2"
        )
    ).all()
    assert [(r.subdistrict_code, r.district) for r in rows] == [("01535", "Jehanabad")]
    assert rows[0].villages > 50
    covered = db.execute(
        text(
            "SELECT ST_Covers(d.geom, b.point) FROM subdistricts b JOIN districts d USING (district_id) "
            "WHERE b.subdistrict_code = '01535'"
        )
    ).scalar_one()
    assert covered, "Ratni Faridpur's point (which the HQ file files under 01476) is inside Jehanabad"


def test_every_bihar_village_has_its_block_and_district(db: Connection) -> None:
    orphans = scalar(
        db,
        "SELECT count(*) FROM villages v LEFT JOIN subdistricts b USING (subdistrict_code) WHERE b.subdistrict_code IS NULL",
    )
    assert orphans == 0
    wrong_district = scalar(
        db,
        "SELECT count(*) FROM villages v JOIN subdistricts b USING (subdistrict_code) WHERE v.district_id <> b.district_id",
    )
    assert wrong_district == 0
    # The village file's own district agrees with its block's Census district for every village.
    disagree = scalar(
        db,
        "SELECT count(*) FROM villages v JOIN subdistricts b USING (subdistrict_code) WHERE v.source_district_code <> b.district_code_2011",
    )
    assert disagree == 0


# Bihar's block HQs outside the (simplified) polygon of their district, each kept in its Census district:
BIHAR_HQS_OUTSIDE_THE_OUTLINE = {
    "01108": "Marauna, Supaul: 5.8 km into Madhubani's outline",
    "01158": "Gamharia, Madhepura: 0.1 km into Supaul's",
    "01269": "Paterhi Belsar, Vaishali: 0.1 km into Muzaffarpur's",
    "01397": "Katrisarai, Nalanda: 0.4 km into Nawada's",
    "01543": "Kaler, Arwal: 0.4 km into Aurangabad's",
    "01023": "Thakrahan, Pashchim Champaran: 0.5 km into Uttar Pradesh",
    "01241": "Guthani, Siwan: 2.9 km into Uttar Pradesh",
    "01127": "Kishanganj: 1.3 km into West Bengal",
    "01066": "Sonbarsa, Sitamarhi: 0.2 km over the Nepal border",
    "01080": "Madhwapur, Madhubani: 1.6 km over the Nepal border",
    "01084": "Ladania, Madhubani: 0.4 km over the Nepal border",
    "01121": "Terhagachh, Kishanganj: 0.8 km over the Nepal border",
}
#: Farther than this outside its own district's polygon, an HQ is an island the outline leaves out.
FAR_KM = 10.0
ISLANDS_OUTSIDE_THE_OUTLINE = {"05620", "05621", "05622", "05623", "05624", "05625", "05626", "05627", "05628", "05917"}
# Sub-districts where the Census list and the polygons agree (the polygon's code is the 2011 district)
# and yet the HQ point lies outside that polygon.
AGREEING = (
    "FROM subdistricts b JOIN districts d USING (district_id) "
    "WHERE b.point IS NOT NULL AND d.census_code = b.district_code_2011 AND NOT ST_Covers(d.geom, b.point)"
)
OUTSIDE = "FROM subdistricts b JOIN districts d USING (district_id) WHERE b.point IS NOT NULL AND NOT ST_Covers(d.geom, b.point)"


def test_block_hqs_lie_in_their_district_where_census_and_polygons_agree(db: Connection) -> None:
    far = db.execute(
        text(f"SELECT b.subdistrict_code {AGREEING} AND NOT ST_DWithin(d.geom::geography, b.point::geography, :far)"),
        {"far": FAR_KM * 1000},
    ).scalars()
    assert set(far) == ISLANDS_OUTSIDE_THE_OUTLINE  # Lakshadweep's islands and Nancowry: the outline misses them
    bihar = db.execute(text(f"SELECT b.subdistrict_code {AGREEING} AND b.state_code = '10'")).scalars()
    assert set(bihar) == set(BIHAR_HQS_OUTSIDE_THE_OUTLINE)


def test_post_2011_districts_get_their_blocks_and_keep_the_2011_parent(db: Connection) -> None:
    rows = db.execute(
        text(
            "SELECT b.subdistrict_code, d.name_en, b.district_code_2011 FROM subdistricts b JOIN districts d "
            "USING (district_id) WHERE b.subdistrict_code IN ('03837', '04163') ORDER BY 1"
        )
    ).all()
    # Kodinar (Junagadh in 2011) is in Gir Somnath; Palghar (Thane in 2011) in Palghar
    assert [tuple(r) for r in rows] == [("03837", "Gir Somnath", "479"), ("04163", "Palghar", "517")]


def test_charkhi_dadri_blocks_belong_to_the_new_district(db: Connection) -> None:
    names = db.execute(
        text(
            "SELECT b.name_en FROM subdistricts b JOIN districts d USING (district_id) WHERE d.name_en = 'Charkhi Dadri'"
        )
    ).scalars()
    assert list(names), "the post-2011 district has blocks"


def test_bihar_and_haryana_blocks_have_approximate_areas(db: Connection) -> None:
    for state, count in (("10", 534), ("06", 67)):
        with_area = scalar(
            db,
            f"SELECT count(*) FROM subdistricts WHERE state_code = '{state}' AND geom IS NOT NULL AND geom_is_approximate",
        )
        assert with_area >= count
    # the block areas of a district cover it, Aurangabad's (whose blocks the HQ file mislabelled) included
    for district in ("230", "235"):
        ratio = db.execute(
            text(
                "SELECT sum(ST_Area(b.geom::geography)) / (SELECT ST_Area(geom::geography) FROM districts "
                "WHERE state_code = '10' AND census_code = :d) "
                "FROM subdistricts b JOIN districts d USING (district_id) WHERE d.state_code = '10' AND d.census_code = :d"
            ),
            {"d": district},
        ).scalar_one()
        assert 0.97 < ratio < 1.03, district


def test_hindi_names_and_aliases(db: Connection) -> None:
    assert scalar(db, "SELECT count(*) FROM states WHERE name_hi IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM districts WHERE state_code IN ('10', '06') AND name_hi IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM districts WHERE state_code = '06'") == 22
    east = "SELECT district_id FROM districts WHERE state_code = '10' AND census_code = '204'"
    for alias in ("Purba Champaran", "Motihari", "पूर्वी चम्पारण"):
        got = db.execute(
            text("SELECT district_id FROM district_aliases WHERE alias_norm = :a"), {"a": normalise_name(alias)}
        ).scalar()
        assert got == scalar(db, east), alias
    gurgaon = db.execute(
        text(
            "SELECT d.name_en FROM district_aliases a JOIN districts d USING (district_id) WHERE a.alias_norm = 'gurgaon'"
        )
    ).scalar()
    assert gurgaon == "Gurugram"
    # LGD's Hindi block names: 205 of Bihar's 534, two of which ("Colgong") are the English name again
    official_blocks = "SELECT count(*) FROM subdistricts WHERE state_code = '10' AND name_hi_source = 'official'"
    assert scalar(db, official_blocks) == 203


def test_every_district_and_block_has_a_hindi_name_marked_official_or_transliterated(db: Connection) -> None:
    for table in ("districts", "subdistricts"):
        assert scalar(db, f"SELECT count(*) FROM {table} WHERE name_hi IS NULL OR name_hi_source IS NULL") == 0
    unofficial = "SELECT count(*) FROM districts WHERE state_code IN ('10', '06') AND name_hi_source <> 'official'"
    assert scalar(db, unofficial) == 0
    lucknow = "SELECT name_hi, name_hi_source FROM districts WHERE name_en = 'Lucknow'"
    assert tuple(db.execute(text(lucknow)).one()) == ("लुकनोव", "transliterated")
    assert scalar(db, "SELECT count(*) FROM subdistricts WHERE name_hi !~ '[\u0900-\u097f]'") == 0, "Devanagari"


def test_addresses_are_never_matched_against_a_transliterated_name(db: Connection) -> None:
    from atlas.queries.geocoding import geocoder_index_frames

    frames = geocoder_index_frames(db)
    districts = frames["districts"].set_index("name_en")
    assert districts.at["Lucknow", "name_hi"] is None, "a transliteration is a guess, not a name people write"
    assert districts.at["Siwan", "name_hi"] == "सीवान"
    blocks = frames["blocks"]
    assert blocks["name_hi"].notna().sum() == 203


# --------------------------------------------------------------------------- what a reload reports


def test_loading_again_changes_nothing(reload: Reload) -> None:
    assert reload.summary.counts == reload.before
    assert reload.again_skipped


def test_the_summary_reports_hq_codes_that_disagree_with_their_names(reload: Reload) -> None:
    summary = reload.summary
    bihar = [line for line in summary.hq_code_name_disagreements if line.startswith("10:")]
    assert len(bihar) == 71
    assert bihar[0] == "10: HQ code 01476 'Ratni Faridpur' (Jehanabad) is Census 01535 'Ratni Faridpur' (Jehanabad)"
    # and elsewhere: Arunachal Pradesh, Nagaland, Assam and Tamil Nadu
    assert {line[:2] for line in summary.hq_code_name_disagreements} == {"10", "12", "13", "18", "33"}
    assert len(summary.hq_code_name_disagreements) == 555
    # Kolkata and Haora were no sub-districts in 2011; a second Rajgarh feature sits in Solan
    assert any("'Kolkata'" in line for line in summary.hq_not_attached)
    assert any("'Rajgarh' (Solan): its name is Census 00167" in line for line in summary.hq_not_attached)
    assert summary.village_district_disagreements == []


def test_the_loader_reports_the_hqs_it_left_outside_their_outline(reload: Reload) -> None:
    reported = {line.split()[0] for line in reload.summary.hq_outside_district}
    assert reported == reload.outside_in_db
    assert set(BIHAR_HQS_OUTSIDE_THE_OUTLINE) <= reported


# --------------------------------------------------------------------------- bad input


def test_a_reference_file_without_its_columns_gets_a_clear_error(db: Connection, tmp_path: Path) -> None:
    for source in settings.geo_data_dir.iterdir():
        (tmp_path / source.name).symlink_to(source)
    (tmp_path / "census_subdistricts_2011.csv").unlink()
    (tmp_path / "census_subdistricts_2011.csv").write_text("state,district,name\n10,235,Daudnagar\n", encoding="utf-8")
    with pytest.raises(ReferenceDataInvalid) as caught:
        load_reference(data_dir=tmp_path, connection=db, force=True)
    message = str(caught.value)
    assert "census_subdistricts_2011.csv" in message and "missing column 'sub_district_code_2011'" in message


def test_missing_data_directory_names_the_files(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataMissing) as caught:
        load_reference(data_dir=tmp_path / "nowhere")
    message = str(caught.value)
    assert "india_districts_2011.topojson" in message and "GEO_DATA_DIR" in message
    assert "census_subdistricts_2011.csv" in message and "bihar_blocks_lgd.csv" in message


def test_cli_reports_missing_files_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "reference", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Reference geography not found")


def test_stored_workers_follow_the_corrected_blocks(db: Connection) -> None:
    """A worker filed by the old, shifted codes (a Daudnagar village under Ratni Faridpur, Jehanabad) is moved to
    its village's own block and district; one placed only at a block gets that block's district."""
    village = db.execute(
        text("SELECT village_code FROM villages WHERE subdistrict_code = '01476' ORDER BY village_code LIMIT 1")
    ).scalar_one()
    wrong_block = db.execute(
        text("SELECT subdistrict_code FROM subdistricts WHERE name_en = 'Ratni Faridpur' AND state_code = '10'")
    ).scalar_one()
    wrong_district = db.execute(
        text("SELECT district_id FROM subdistricts WHERE subdistrict_code = :c"), {"c": wrong_block}
    ).scalar_one()
    db.execute(
        text(
            "INSERT INTO workers (natural_key, name, name_norm, source, home_state_code, home_district_id, "
            "home_block_code, home_village_code, home_precision) VALUES "
            "('test:refile-village', 'A', 'a', 'survey', '10', :d, :b, :v, 'village'), "
            "('test:refile-block', 'B', 'b', 'survey', '10', :d, '01476', NULL, 'block')"
        ),
        {"d": wrong_district, "b": wrong_block, "v": village},
    )
    moved = refile_worker_homes(db)
    assert moved["by_village"] >= 1 and moved["by_block"] >= 1
    rows = db.execute(
        text(
            "SELECT w.natural_key, w.home_block_code, d.name_en FROM workers w "
            "JOIN districts d ON d.district_id = w.home_district_id WHERE w.natural_key LIKE 'test:refile-%' "
            "ORDER BY 1"
        )
    ).all()
    assert [tuple(r) for r in rows] == [
        ("test:refile-block", "01476", "Aurangabad"),
        ("test:refile-village", "01476", "Aurangabad"),
    ]
    assert refile_worker_homes(db) == {"by_village": 0, "by_block": 0}  # re-running moves nobody
