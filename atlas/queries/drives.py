"""Registration drives (e-Shram camps): camps on a map, daily progress, district ranking, gig share.

Counts come from ``camp_registration_rollup`` (aggregates, no person rows), through views scoped
to what the signed-in user may see.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, text

from atlas.filters import Filters
from atlas.queries import read_frame
from atlas.queries.district import MASKED_PHONE
from atlas.queries.where import Columns, where
from atlas.settings import settings


def drives(connection: Connection) -> list[str]:
    """Names of the registration drives, newest first."""
    sql = text("SELECT drive FROM registration_camps_scoped GROUP BY drive ORDER BY max(starts_on) DESC")
    return [str(v) for v in connection.execute(sql).scalars()]


def camps_with_registrations(connection: Connection, drive: str) -> pd.DataFrame:
    """``camp_id, name, district_en, district_hi, lon, lat, registrations, target, gig_workers``."""
    sql = text(
        """
        SELECT c.camp_id, c.name, d.name_en AS district_en, d.name_hi AS district_hi,
               ST_X(c.point) AS lon, ST_Y(c.point) AS lat, coalesce(sum(r.registrations), 0)::int AS registrations,
               (c.daily_target * (c.ends_on - c.starts_on + 1))::int AS target,
               coalesce(sum(r.registrations) FILTER (WHERE r.is_gig_worker), 0)::int AS gig_workers
        FROM registration_camps_scoped c JOIN districts d ON d.district_id = c.district_id
        LEFT JOIN camp_registration_rollup_scoped r ON r.camp_id = c.camp_id
        WHERE c.drive = :drive
        GROUP BY c.camp_id, c.name, d.name_en, d.name_hi, c.point, c.daily_target, c.starts_on, c.ends_on
        ORDER BY registrations DESC
        """
    )
    return read_frame(connection, sql, {"drive": drive})


def daily_registrations(connection: Connection, drive: str) -> pd.DataFrame:
    """``day, registrations, target`` for each day of the drive (target: the camps open that day)."""
    sql = text(
        """
        WITH days AS (
            SELECT generate_series(min(starts_on), max(ends_on), interval '1 day')::date AS day
            FROM registration_camps_scoped WHERE drive = :drive
        )
        SELECT d.day,
               (SELECT coalesce(sum(r.registrations), 0) FROM camp_registration_rollup_scoped r
                JOIN registration_camps_scoped c USING (camp_id)
                WHERE c.drive = :drive AND r.registered_on = d.day)::int AS registrations,
               (SELECT coalesce(sum(c.daily_target), 0) FROM registration_camps_scoped c
                WHERE c.drive = :drive AND d.day BETWEEN c.starts_on AND c.ends_on)::int AS target
        FROM days d ORDER BY d.day
        """
    )
    return read_frame(connection, sql, {"drive": drive})


def district_ranking(connection: Connection, drive: str) -> pd.DataFrame:
    """Districts by share of target reached: ``rank, district_en, district_hi, camps, registrations, target,
    achieved_pct``."""
    sql = text(
        """
        WITH per_camp AS (
            SELECT c.district_id, c.camp_id, (c.daily_target * (c.ends_on - c.starts_on + 1)) AS target,
                   (SELECT coalesce(sum(r.registrations), 0) FROM camp_registration_rollup_scoped r
                    WHERE r.camp_id = c.camp_id) AS registrations
            FROM registration_camps_scoped c WHERE c.drive = :drive
        )
        SELECT rank() OVER (ORDER BY sum(registrations)::numeric / nullif(sum(target), 0) DESC NULLS LAST) AS rank,
               d.name_en AS district_en, d.name_hi AS district_hi, count(*)::int AS camps,
               sum(registrations)::int AS registrations, sum(target)::int AS target,
               round(100.0 * sum(registrations) / nullif(sum(target), 0), 1)::float AS achieved_pct
        FROM per_camp p JOIN districts d USING (district_id)
        GROUP BY d.name_en, d.name_hi ORDER BY rank
        """
    )
    return read_frame(connection, sql, {"drive": drive})


def gig_share_by_platform(connection: Connection, drive: str) -> pd.DataFrame:
    """``platform_type, registrations, share_pct`` (``platform_type`` NULL = not a gig worker)."""
    sql = text(
        """
        SELECT CASE WHEN r.is_gig_worker THEN coalesce(r.platform_type, 'other') END AS platform_type,
               sum(r.registrations)::int AS registrations,
               round(100.0 * sum(r.registrations) / sum(sum(r.registrations)) OVER (), 1)::float AS share_pct
        FROM camp_registration_rollup_scoped r JOIN registration_camps_scoped c USING (camp_id)
        WHERE c.drive = :drive GROUP BY 1 ORDER BY 2 DESC
        """
    )
    return read_frame(connection, sql, {"drive": drive})


# The gap rollup has the home area and the source; the other filters do not narrow it.
GAP_COLUMNS = Columns(skill=None, dest_state=None, dest_district=None, gender=None, day=None)


def eshram_gap_by_block(connection: Connection, filters: Filters, *, limit: int = 200) -> pd.DataFrame:
    """Who is not on e-Shram yet, by home block, for planning camps, from ``eshram_gap_rollup``: ``block_code,
    block_en, block_hi, district_en, district_hi, workers, without_uan, returnees_without_uan`` (returnees: the
    2020 survey), most without a UAN first. Blocks with fewer than the small-cell threshold without a UAN are
    left out. Counts only: a planner sees them too; the people are listed for those who may read records."""
    clause, params = where(filters, GAP_COLUMNS)
    sql = text(
        f"""
        SELECT g.home_block_code AS block_code, b.name_en AS block_en, b.name_hi AS block_hi,
               d.name_en AS district_en, d.name_hi AS district_hi, sum(g.workers)::int AS workers,
               sum(g.without_uan)::int AS without_uan,
               (sum(g.without_uan) FILTER (WHERE g.source = 'survey'))::int AS returnees_without_uan
        FROM eshram_gap_rollup_scoped g JOIN subdistricts b ON b.subdistrict_code = g.home_block_code
        JOIN districts d ON d.district_id = b.district_id
        WHERE {clause}
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(g.without_uan) >= :min_cell
        ORDER BY without_uan DESC, block_en LIMIT :limit
        """
    )
    return read_frame(connection, sql, {**params, "min_cell": settings.min_cell_count, "limit": limit})


def people_without_uan(connection: Connection, block_code: str, *, limit: int = 5000) -> pd.DataFrame:
    """The workers of a home block not yet on e-Shram, to invite to a camp: ``worker_id, name, phone_masked,
    village_en, source, last_reached_at``, by village and name. Row-level security limits it to the user's scope."""
    sql = text(
        f"""
        SELECT w.worker_id, w.name, {MASKED_PHONE} AS phone_masked, v.name_en AS village_en, w.source,
               w.last_reached_at
        FROM workers w LEFT JOIN villages v ON v.village_code = w.home_village_code
        WHERE w.home_block_code = :block AND w.uan IS NULL AND w.erased_at IS NULL
        ORDER BY v.name_en NULLS LAST, w.name, w.worker_id LIMIT :limit
        """
    )
    return read_frame(connection, sql, {"block": block_code, "limit": limit})
