"""Census towns with their districts and points, and the names officials give Bihar's blocks today."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Connection, text

from atlas.settings import settings
from loaders.reference_aliases import read_curated_links, read_lgd_blocks
from loaders.reference_codes import place_key


def test_every_census_town_is_loaded_with_a_district(db: Connection) -> None:
    counts = db.execute(
        text("SELECT count(*), count(district_id), count(point), count(DISTINCT town_code) FROM towns")
    ).one()
    assert tuple(counts) == (7_933, 7_933, 7_933, 7_933)
    sources = dict(db.execute(text("SELECT point_source, count(*) FROM towns GROUP BY 1")).all())
    assert set(sources) == {"post_office", "subdistrict_hq", "district_hq", "approximate"}


@pytest.mark.parametrize(
    ("town", "state", "district"),
    [
        ("Hajipur", "10", "Vaishali"),
        ("Sonepur", "10", "Saran"),  # not the Sonepur of Odisha
        ("Bhiwandi Nizampur", "27", "Thane"),
        ("Chapra", "10", "Saran"),
        ("Gurgaon", "06", "Gurugram"),
        ("Greater Mumbai", "27", "Mumbai"),  # no sub-district (99999); its 2011 district is drawn in Mumbai
    ],
)
def test_towns_are_in_their_districts(db: Connection, town: str, state: str, district: str) -> None:
    got = db.execute(
        text(
            "SELECT d.name_en FROM towns t JOIN districts d USING (district_id) "
            "WHERE t.name = :town AND t.state_code = :state"
        ),
        {"town": town, "state": state},
    ).scalars()
    assert list(got) == [district]


def test_a_town_lies_near_its_district(db: Connection) -> None:
    far = db.execute(
        text(
            "SELECT count(*) FROM towns t JOIN districts d ON d.district_id = t.district_id "
            "WHERE d.geom IS NOT NULL AND NOT ST_DWithin(d.geom::geography, t.point::geography, 20000)"
        )
    ).scalar_one()
    assert far < 20  # towns spanning districts carry the largest part; a few HQ points sit off a coast


def test_abbreviated_towns_carry_their_names(db: Connection) -> None:
    variants = dict(db.execute(text("SELECT name, name_variants FROM towns WHERE name IN ('DMC', 'NDMC')")).all())
    assert "Delhi" in variants["DMC"] and "New Delhi" in variants["NDMC"]


def _alias(db: Connection, alias: str) -> list[str]:
    rows = db.execute(
        text("SELECT subdistrict_code FROM subdistrict_aliases WHERE alias_norm = :a ORDER BY 1"),
        {"a": place_key(alias)},
    ).scalars()
    return list(rows)


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("BAGAHA-I", "01019"),  # Census Bagaha
        ("बगहा-2", "01013"),  # Census Sidhaw
        ("Bagaha II", "01013"),
        ("सदर छपरा", "01258"),  # Census Chapra
        ("Chapra Sadar", "01258"),
        ("PATNA SADAR", "01400"),  # Census Patna Rural
        ("BIHARSHARIF", "01386"),  # Census Bihar
        ("RAHIKA", "01093"),  # Census Madhubani
        ("MOTIPUR", "01200"),  # Census Baruraj (Motipur)
        ("DINAPUR", "01399"),  # Census Dinapur-Cum-Khagaul
        ("दानापुर", "01399"),
        ("ARA", "01422"),  # Census Arrah
        ("दाउदनगर", "01476"),  # LGD's Hindi name of Daudnagar
        ("Kaliachak - II", "02221"),  # a numbered Census name elsewhere keeps its number
    ],
)
def test_block_aliases_resolve(db: Connection, alias: str, code: str) -> None:
    assert _alias(db, alias) == [code]


def test_every_bihar_block_has_its_lgd_names_with_a_source(db: Connection) -> None:
    covered = db.execute(
        text(
            "SELECT count(DISTINCT a.subdistrict_code) FROM subdistrict_aliases a JOIN subdistricts s "
            "USING (subdistrict_code) WHERE s.state_code = '10' AND a.source LIKE 'lgd_blocks_2022-03: LGD %'"
        )
    ).scalar_one()
    assert covered == 534
    unsourced = db.execute(
        text("SELECT count(*) FROM subdistrict_aliases WHERE coalesce(source, '') = ''")
    ).scalar_one()
    assert unsourced == 0
    curated = db.execute(
        text("SELECT count(DISTINCT subdistrict_code) FROM subdistrict_aliases WHERE source LIKE '%curated link:%'")
    ).scalar_one()
    assert curated == 84


def test_the_curated_links_pair_each_unlinked_lgd_block_with_a_census_sub_district_of_its_district() -> None:
    blocks = read_lgd_blocks(settings.geo_data_dir)
    curated = read_curated_links()
    assert len(curated) == 84 == (blocks["linked_by"] == "curated").sum()
    census = pd.read_csv(settings.geo_data_dir / "census_subdistricts_2011.csv", dtype=str)
    bihar = census[census["state_code_2011"] == "10"].set_index("sub_district_code_2011")["district_code_2011"]
    assert (curated["subdistrict_code"].map(bihar) == curated["district_code_2011"]).all()
    assert blocks["subdistrict_code"].is_unique and blocks["subdistrict_code"].notna().all()
    assert curated["reason"].str.len().gt(10).all() and curated["second_source"].notna().all()
