"""Districts without a polygon of their own: Delhi's 11 are drawn in the one Delhi polygon, and counted there."""

from __future__ import annotations

from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries.overview import migrants_by_home_area
from atlas.queries.rollup_sql import ROLLUPS
from atlas.queries.rollups import rebuild

DELHI_CODES = ["090", "091", "092", "093", "094", "095", "096", "097", "098", "702", "703"]


def delhi_polygon(db: Connection) -> int:
    return int(
        db.execute(text("SELECT district_id FROM districts WHERE state_code = '07' AND geom IS NOT NULL")).scalar_one()
    )


def test_delhis_eleven_districts_exist_without_a_polygon_and_are_drawn_in_delhi(db: Connection) -> None:
    rows = db.execute(
        text(
            "SELECT census_code, name_en, lgd_code, geom IS NULL AS admin_only, map_district_id, point IS NOT NULL AS "
            "has_point FROM districts WHERE state_code = '07' AND geom IS NULL ORDER BY census_code"
        )
    ).all()
    assert [r.census_code for r in rows] == DELHI_CODES
    assert all(r.admin_only and r.has_point and r.lgd_code for r in rows)
    assert {r.map_district_id for r in rows} == {delhi_polygon(db)}
    assert {r.name_en for r in rows} >= {"New Delhi", "Central", "Shahdara", "South East"}


def test_each_admin_only_district_is_drawn_in_the_polygon_that_holds_its_hq(db: Connection) -> None:
    misplaced = db.execute(
        text(
            "SELECT a.name_en FROM districts a JOIN districts m ON m.district_id = a.map_district_id "
            "WHERE a.geom IS NULL AND NOT ST_DWithin(m.geom::geography, a.point::geography, 5000)"
        )
    ).scalars()
    assert list(misplaced) == []
    drawn = dict(
        db.execute(
            text(
                "SELECT a.name_en, m.name_en FROM districts a JOIN districts m ON m.district_id = a.map_district_id "
                "WHERE a.name_en IN ('Mumbai Suburban', 'Pakyong', 'Soreng')"
            )
        ).all()
    )
    assert drawn == {"Mumbai Suburban": "Mumbai", "Pakyong": "East Sikkim", "Soreng": "West Sikkim"}


def test_census_2011_code_names_the_2011_district(db: Connection) -> None:
    codes = dict(
        db.execute(
            text(
                "SELECT name_en, census_2011_code FROM districts WHERE (state_code, name_en) IN "
                "(('07', 'New Delhi'), ('07', 'Shahdara'), ('07', 'South East'), ('27', 'Palghar'), "
                "('24', 'Botad'), ('33', 'Tenkasi'), ('10', 'Aurangabad'), ('15', 'Aizawl'))"
            )
        ).all()
    )
    assert codes["New Delhi"] == "094" and codes["Aurangabad"] == "235"
    assert codes["Palghar"] == "517"  # Thane in 2011
    assert codes["Tenkasi"] == "628"  # coded 0 in the TopoJSON; Tirunelveli in 2011
    assert codes["Shahdara"] in {"092", "093"} and codes["South East"] in {"097", "098"}
    assert codes["Aizawl"] == "283"  # the TopoJSON's 261 is Nagaland's code; the HQ file and the Census agree
    assert codes["Botad"] == "481"  # two blocks each from Ahmadabad and Bhavnagar; Botad town's was Bhavnagar
    delhi = db.execute(text("SELECT census_2011_code FROM districts WHERE state_code = '07' AND geom IS NOT NULL"))
    assert delhi.scalar_one() is None  # the one polygon draws nine 2011 districts, three blocks each
    # besides the Delhi polygon, only the two districts the Census of 2011 did not enumerate have none
    no_code = db.execute(text("SELECT name_en FROM districts WHERE census_2011_code IS NULL ORDER BY 1")).scalars()
    assert list(no_code) == ["Delhi", "Mirpur", "Muzaffarabad"]


def test_a_delhi_post_office_is_in_its_admin_district(db: Connection) -> None:
    office = db.execute(
        text(
            "SELECT g.office_type, d.name_en AS district, n.name_en AS named, d.map_district_id FROM gazetteer g "
            "JOIN districts d ON d.district_id = g.district_id JOIN districts n ON n.district_id = g.named_district_id "
            "WHERE g.kind = 'post_office' AND g.pincode = '110001' AND g.name = 'Connaught Place SO'"
        )
    ).one()
    assert tuple(office) == ("SO", "New Delhi", "New Delhi", delhi_polygon(db))
    in_delhi = db.execute(
        text(
            "SELECT count(*) FILTER (WHERE d.geom IS NULL), count(*) FROM gazetteer g "
            "JOIN districts d ON d.district_id = g.district_id WHERE g.kind = 'post_office' AND g.state_code = '07' "
            "AND coalesce(d.map_district_id, d.district_id) = :delhi"
        ),
        {"delhi": delhi_polygon(db)},
    ).one()
    admin, total = in_delhi
    assert admin == total > 400, "every office inside the Delhi polygon names one of Delhi's districts"


def test_an_office_outside_its_named_polygon_takes_the_polygon_that_holds_it(db: Connection) -> None:
    """Outside Delhi nothing changed: the point decides, and the named district is kept beside it."""
    moved = db.execute(
        text(
            "SELECT count(*) FROM gazetteer g JOIN districts n ON n.district_id = g.named_district_id "
            "WHERE g.kind = 'post_office' AND g.quality IN ('ok', 'repaired_swap') AND g.state_code = '10' "
            "AND g.district_id <> g.named_district_id"
        )
    ).scalar_one()
    assert moved > 0


def _add_delhi_workers(db: Connection, count: int) -> None:
    """Workers whose home is New Delhi (admin-only), then the district rollup rebuilt inside this transaction."""
    db.execute(
        text(
            "INSERT INTO workers (natural_key, name, name_norm, source, home_state_code, home_district_id, "
            "current_state_code) SELECT 'test:' || i, 'Test ' || i, 'test', 'survey', '07', d.district_id, '09' "
            "FROM generate_series(1, :n) i, districts d WHERE d.state_code = '07' AND d.census_code = '094'"
        ),
        {"n": count},
    )
    for rollup in ROLLUPS[:2]:  # the block-level flows, then the district flows summed from them
        rebuild(db, rollup)


def test_the_choropleth_counts_an_admin_only_district_in_its_polygon(db: Connection) -> None:
    _add_delhi_workers(db, 7)
    areas = migrants_by_home_area(db, Filters(home_state_code="07"))
    assert list(areas["area_id"]) == [str(delhi_polygon(db))]
    delhi = areas.iloc[0]
    assert delhi["workers"] >= 7 and delhi["migrants"] >= 7
