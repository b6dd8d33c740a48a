"""The data-quality score per district: each part against a direct count, and small districts left out."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from atlas.filters import Filters
from atlas.queries import drives, quality


@pytest.fixture(scope="module")
def scores(demo_url: str) -> pd.DataFrame:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        frame = quality.district_quality(connection, "10")
    engine.dispose()
    return frame


def direct(demo_url: str, district: int) -> dict[str, float]:
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        row = connection.execute(
            text(
                """
                SELECT count(*) AS n,
                       avg(coalesce(home_precision IN ('village', 'post_office', 'town', 'block'), false)::int)
                           AS home,
                       avg(coalesce(phone ~ '^[6-9][0-9]{9}$', false)::int) AS phone,
                       avg(coalesce(last_reached_at >= now() - interval '90 days', false)::int) AS reached,
                       avg((current_observed_at >= now() - interval '180 days')::int)
                           FILTER (WHERE current_observed_at IS NOT NULL) AS fresh
                FROM workers WHERE home_district_id = :d
                """
            ),
            {"d": district},
        ).one()
        twins = connection.execute(
            text(
                "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM workers WHERE home_district_id = :d "
                "AND father_name IS NOT NULL AND home_village_code IS NOT NULL "
                "GROUP BY name_norm, lower(father_name), home_village_code HAVING count(DISTINCT phone) > 1) g"
            ),
            {"d": district},
        ).scalar_one()
    engine.dispose()
    return {"workers": row.n, "home_block_or_better": float(row.home), "valid_phone": float(row.phone),
            "reached_90d": float(row.reached), "fresh_workplace": float(row.fresh or 0),
            "not_duplicate": 1 - float(twins) / row.n}  # fmt: skip


def test_each_part_of_the_score_matches_a_direct_count(scores: pd.DataFrame, demo_url: str) -> None:
    for row in scores.head(3).to_dict("records"):  # the three worst districts
        expected = direct(demo_url, int(row["district_id"]))
        assert row["workers"] == expected.pop("workers")
        for part, value in expected.items():
            assert row[part] == pytest.approx(value), (row["name_en"], part)
        assert row["score"] == pytest.approx(100 * sum(expected.values()) / 5, abs=0.05)
    assert scores["score"].is_monotonic_increasing, "worst first"


def test_small_districts_and_small_blocks_are_left_out(scores: pd.DataFrame, demo_url: str) -> None:
    assert (scores["workers"] >= 5).all()
    engine = create_engine(demo_url)
    with engine.connect() as connection:
        gap = drives.eshram_gap_by_block(connection, Filters(home_state_code="10"))
    engine.dispose()
    assert gap is not None and len(gap) > 0 and (gap["without_uan"] >= 5).all()
