"""Choices for the filter widgets: states, districts, blocks and skill groups."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.queries import read_frame


def states(connection: Connection) -> pd.DataFrame:
    """``state_code, name_en, name_hi`` of every state/UT, by English name."""
    return read_frame(connection, text("SELECT state_code, name_en, name_hi FROM states ORDER BY name_en"))


def districts_of_state(connection: Connection, state_code: str) -> pd.DataFrame:
    """``district_id, name_en, name_hi`` of one state's districts."""
    sql = text("SELECT district_id, name_en, name_hi FROM districts WHERE state_code = :s ORDER BY name_en")
    return read_frame(connection, sql, {"s": state_code})


def blocks_of_district(connection: Connection, district_id: int) -> pd.DataFrame:
    """``subdistrict_code, name_en, name_hi`` of one district's blocks."""
    sql = text("SELECT subdistrict_code, name_en, name_hi FROM subdistricts WHERE district_id = :d ORDER BY name_en")
    return read_frame(connection, sql, {"d": district_id})


def skill_groups(connection: Connection) -> list[str]:
    """The coarse skill groups occupations are mapped to."""
    sql = text("SELECT DISTINCT skill_group FROM occupations WHERE skill_group IS NOT NULL ORDER BY 1")
    return [str(v) for v in connection.execute(sql).scalars()]


def hindi_name_sources(connection: Connection) -> pd.DataFrame:
    """How many districts and blocks have an official Hindi name and how many a transliterated one:
    ``level`` ('district' or 'block'), ``official``, ``transliterated``."""
    sql = text(
        """
        SELECT level, count(*) FILTER (WHERE name_hi_source = 'official')::int AS official,
               count(*) FILTER (WHERE name_hi_source = 'transliterated')::int AS transliterated
        FROM (SELECT 'district' AS level, name_hi_source FROM districts
              UNION ALL SELECT 'block', name_hi_source FROM subdistricts) AS places
        GROUP BY level ORDER BY level DESC
        """
    )
    return read_frame(connection, sql)


def has_synthetic_workers(connection: Connection) -> bool:
    """True when any loaded worker is synthetic demo data (the UI must say so)."""
    return bool(connection.execute(text("SELECT EXISTS (SELECT 1 FROM workers WHERE is_synthetic)")).scalar())
