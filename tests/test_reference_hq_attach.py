"""Attaching sub-district HQ points to the Census list by what each feature says about itself.

A narrated example on a dozen rows, without the database: the HQ file's codes are shifted, so a feature
must find its sub-district by district and name, and every code that disagrees is reported.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from loaders.reference_subdistricts import attach_hq_points

CENSUS = pd.DataFrame(
    [
        # code, name, census state, today's state, 2011 district, district name
        ("01476", "Daudnagar", "10", "10", "235", "Aurangabad"),
        ("01535", "Ratni Faridpur", "10", "10", "239", "Jehanabad"),
        ("02220", "Kaliachak - I", "19", "19", "332", "Maldah"),
        ("02221", "Kaliachak - II", "19", "19", "332", "Maldah"),
        ("03320", "Dondi Luhara", "22", "22", "408", "Durg"),
        ("03322", "Dondi", "22", "22", "408", "Durg"),
        ("04347", "Khanapur", "28", "36", "532", "Adilabad"),
        ("04709", "Khanapur", "28", "36", "535", "Warangal"),
        ("03399", "Gwalior (Gird)", "23", "23", "421", "Gwalior"),
    ],
    columns=[
        "subdistrict_code",
        "name_en",
        "census_state_code",
        "state_code",
        "district_code_2011",
        "district_name_2011",
    ],
)

HQ = gpd.GeoDataFrame(
    [
        # the HQ file: code, state, census state, district (2011 or later), district name, name
        (0, "01476", "10", "10", "239", "Jehanabad", "Ratni Faridpur"),  # code shifted: 01476 is Daudnagar
        (1, "01540", "10", "10", "235", "Aurangabad", "Daudnagar"),  # and Daudnagar carries another code
        (2, "02221", "19", "19", "332", "Maldah", "Kaliachak - II"),  # "II" must not fold into "I"
        (3, "02220", "19", "19", "332", "Maldah", "Kaliachak - I"),
        (4, "03320", "22", "22", "719", "Balod", "Dondiluhara"),  # a 2016 district, a spelling without the space
        (5, "03322", "22", "22", "719", "Balod", "Dondi"),
        (6, "04347", "36", "28", "734", "Nirmal", "Khanapur"),  # Khanapur twice in the state: the code decides
        (7, "03399", "23", "23", "421", "Gwalior", "Gwalior"),  # a bracketed part of the Census name
        (8, "05930", "19", "19", "342", "Kolkata", "Kolkata"),  # no sub-district of that name in 2011
    ],
    columns=[
        "hq_id",
        "hq_code",
        "hq_state_code",
        "census_state_code",
        "hq_district_code",
        "hq_district_name",
        "hq_name",
    ],
    geometry=[Point(84 + i / 10, 25) for i in range(9)],
    crs="EPSG:4326",
)


def test_features_find_their_sub_districts_by_district_and_name() -> None:
    attached = attach_hq_points(CENSUS, HQ)
    by_feature = dict(zip(attached.points["hq_id"], attached.points["subdistrict_code"], strict=True))
    assert by_feature == {
        0: "01535",
        1: "01476",
        2: "02221",
        3: "02220",
        4: "03320",
        5: "03322",
        6: "04347",
        7: "03399",
    }


def test_codes_that_disagree_with_names_and_features_left_over_are_reported() -> None:
    attached = attach_hq_points(CENSUS, HQ)
    assert attached.disagreements == [
        "10: HQ code 01476 'Ratni Faridpur' (Jehanabad) is Census 01535 'Ratni Faridpur' (Jehanabad)",
        "10: HQ code 01540 'Daudnagar' (Aurangabad) is Census 01476 'Daudnagar' (Aurangabad)",
    ]
    assert attached.unattached == ["19: HQ code 05930 'Kolkata' (Kolkata): no Census match"]
