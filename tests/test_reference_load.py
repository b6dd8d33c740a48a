"""The reference geography in the real test database, as ``make test`` loaded it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from atlas.errors import ReferenceDataMissing
from atlas.queries.reference import reference_counts
from geo.normalize import normalise_name
from loaders.reference import load_reference


def scalar(db: Connection, sql: str) -> int:
    return int(db.execute(text(sql)).scalar_one())


def test_admin_hierarchy_counts(db: Connection) -> None:
    assert scalar(db, "SELECT count(*) FROM states") == 36
    assert scalar(db, "SELECT count(*) FROM districts") == 723
    assert scalar(db, "SELECT count(*) FROM districts WHERE state_code = '10'") == 38
    assert scalar(db, "SELECT count(*) FROM subdistricts WHERE state_code = '10'") == 534
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


def test_block_hqs_fall_inside_their_district(db: Connection) -> None:
    total = scalar(db, "SELECT count(*) FROM subdistricts")
    inside = scalar(
        db, "SELECT count(*) FROM subdistricts b JOIN districts d USING (district_id) WHERE ST_Covers(d.geom, b.point)"
    )
    misses = db.execute(
        text(
            "SELECT b.subdistrict_code, b.name_en FROM subdistricts b JOIN districts d USING (district_id) "
            "WHERE NOT ST_Covers(d.geom, b.point) ORDER BY 1"
        )
    ).all()
    print(f"{inside}/{total} block HQs inside their district; misses: {misses}")
    assert inside / total >= 0.98


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
    # The source's own district column is wrong for 6,291 villages; we derive it from the block instead.
    disagree = scalar(
        db,
        "SELECT count(*) FROM villages v JOIN subdistricts b USING (subdistrict_code) WHERE v.source_district_code <> b.district_code_2011",
    )
    assert disagree == 6_291


def test_bihar_and_haryana_blocks_have_approximate_areas(db: Connection) -> None:
    for state, count in (("10", 534), ("06", 67)):
        with_area = scalar(
            db,
            f"SELECT count(*) FROM subdistricts WHERE state_code = '{state}' AND geom IS NOT NULL AND geom_is_approximate",
        )
        assert with_area >= count
    # the block areas of a district cover it
    ratio = db.execute(
        text(
            "SELECT sum(ST_Area(b.geom::geography)) / (SELECT ST_Area(geom::geography) FROM districts WHERE state_code='10' AND census_code='230') "
            "FROM subdistricts b JOIN districts d USING (district_id) WHERE d.state_code = '10' AND d.census_code = '230'"
        )
    ).scalar_one()
    assert 0.97 < ratio < 1.03


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


def test_charkhi_dadri_blocks_belong_to_the_new_district(db: Connection) -> None:
    names = (
        db.execute(
            text(
                "SELECT b.name_en FROM subdistricts b JOIN districts d USING (district_id) WHERE d.name_en = 'Charkhi Dadri'"
            )
        )
        .scalars()
        .all()
    )
    assert names, "the post-2011 district has blocks"


def test_loading_again_changes_nothing(db: Connection) -> None:
    before = reference_counts(db)
    summary = load_reference(connection=db, force=True)
    assert summary.counts == before
    again = load_reference(connection=db)
    assert again.skipped


def test_missing_data_directory_names_the_files(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataMissing) as caught:
        load_reference(data_dir=tmp_path / "nowhere")
    message = str(caught.value)
    assert "india_districts_2011.topojson" in message and "GEO_DATA_DIR" in message


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
