"""What each dashboard rollup counts: one SELECT per rollup table, for every worker or for a set of them.

Each statement is the aggregation the materialised view of the same name had (the views of the migrations up
to ``d7e8f9a0b1c2``), except that months are cut in India's time zone whatever the session's zone is, so that
deltas computed by sessions in different zones cancel. A statement is a template over the person tables:
``{workers}``, ``{worker_skills}``, ``{worker_locations}``, ``{call_attempts}``, ``{complaints}`` and
``{camp_registrations}`` name the tables themselves in a compaction, and for a delta the temporary copies of the
changed workers' rows (``atlas.queries.rollups``), which every rollup then reads on the coordinator.
``{source}`` is the rollup a derived rollup sums (the table itself in a compaction, the flow rollup's staged
delta otherwise).

``district_quality_rollup.duplicate_people`` is not a sum over workers (it counts people who share a name,
father's name and village with someone of another phone number); ``TWIN_GROUPS`` computes it for groups of
that key, see ``atlas.queries.rollups``.
"""

from __future__ import annotations

from dataclasses import dataclass

# A timestamptz's calendar month in India, the same in every session.
MONTH_OBSERVED = (
    "(date_trunc('month', coalesce(w.current_observed_at, w.created_at) AT TIME ZONE 'Asia/Kolkata'))::date"
)
FINE_HOME = "('village', 'post_office', 'town', 'block')"

MAIN_SKILL = """
SELECT DISTINCT ON (s.worker_id) s.worker_id, o.skill_group
FROM {worker_skills} s JOIN occupations o USING (nco_code)
ORDER BY s.worker_id, s.nco_code"""

FLOW = f"""
SELECT w.home_state_code, w.home_district_id, w.home_block_code, w.current_state_code, w.current_district_id,
    coalesce(ps.skill_group, 'unknown') AS skill_group, coalesce(w.gender, 'U') AS gender, w.source,
    {MONTH_OBSERVED} AS month,
    count(*)::integer AS workers,
    (count(*) FILTER (WHERE w.is_interstate_migrant))::integer AS migrants,
    (count(*) FILTER (WHERE w.current_state_code IS NOT NULL))::integer AS located,
    (count(*) FILTER (WHERE w.last_reached_at >= now() - interval '90 days'))::integer AS reached_90d,
    (count(*) FILTER (WHERE w.home_precision IN {FINE_HOME}))::integer AS home_fine
FROM {{workers}} w LEFT JOIN ({MAIN_SKILL}) ps ON ps.worker_id = w.worker_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""

_FLOW_SUMS = """sum(workers)::integer AS workers, sum(migrants)::integer AS migrants, sum(located)::integer AS located,
    sum(reached_90d)::integer AS reached_90d, sum(home_fine)::integer AS home_fine"""

FLOW_DISTRICT = f"""
SELECT home_state_code, home_district_id, current_state_code, current_district_id, skill_group, gender, source,
    {_FLOW_SUMS}
FROM {{source}} GROUP BY 1, 2, 3, 4, 5, 6, 7"""

FLOW_MONTH = f"""
SELECT home_state_code, home_district_id, current_state_code, current_district_id, skill_group, month, {_FLOW_SUMS}
FROM {{source}} GROUP BY 1, 2, 3, 4, 5, 6"""

# Each point is assigned to the nearest centre among three candidate columns of a flat-topped hexagon
# grid (ST_HexagonGrid's layout) in EPSG:7755 metres, at 10 and 25 km.
SKILL_HEX = f"""
WITH people AS (
    SELECT w.worker_id, w.home_point, w.current_location_id, w.home_state_code, w.home_district_id,
        coalesce(ps.skill_group, 'unknown') AS skill_group
    FROM {{workers}} w LEFT JOIN ({MAIN_SKILL}) ps ON ps.worker_id = w.worker_id
), points AS (
    SELECT 'home' AS basis, p.home_point AS point, p.home_state_code, p.home_district_id, p.skill_group,
        count(*)::integer AS workers
    FROM people p WHERE p.home_point IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT 'destination', l.point, p.home_state_code, p.home_district_id, p.skill_group, count(*)::integer
    FROM people p JOIN {{worker_locations}} l ON l.worker_id = p.worker_id AND l.location_id = p.current_location_id
    WHERE l.point IS NOT NULL GROUP BY 1, 2, 3, 4, 5
), projected AS (
    SELECT d.point, ST_X(d.m) AS x, ST_Y(d.m) AS y
    FROM (SELECT DISTINCT point, ST_Transform(point, 7755) AS m FROM points) d
), cells AS (
    SELECT p.point, s.size, best.i, best.j
    FROM projected p CROSS JOIN (VALUES (10000), (25000)) s(size)
    CROSS JOIN LATERAL (
        SELECT c.i, c.j FROM (
            SELECT ks.i, round(p.y / (sqrt(3) * s.size) - CASE WHEN mod(ks.i, 2) <> 0 THEN 0.5 ELSE 0 END)::integer AS j
            FROM (SELECT round(p.x / (1.5 * s.size))::integer + k AS i FROM generate_series(-1, 1) k) ks
        ) c
        ORDER BY (p.x - 1.5 * s.size * c.i) ^ 2
               + (p.y - sqrt(3) * s.size * (c.j + CASE WHEN mod(c.i, 2) <> 0 THEN 0.5 ELSE 0 END)) ^ 2
        LIMIT 1
    ) best
)
SELECT p.basis, c.size, c.i, c.j, p.home_state_code, p.home_district_id, p.skill_group,
    sum(p.workers)::integer AS workers
FROM points p JOIN cells c USING (point)
GROUP BY 1, 2, 3, 4, 5, 6, 7"""

CAMP_REGISTRATIONS = """
SELECT r.camp_id, r.registered_on, r.is_gig_worker, r.platform_type, count(*)::integer AS registrations
FROM {camp_registrations} r
GROUP BY 1, 2, 3, 4"""

# duplicate_people is 0 here: it is added per district (a full build) or per group of twins (a delta).
QUALITY = f"""
SELECT w.home_state_code, w.home_district_id,
    count(*)::integer AS workers,
    (count(*) FILTER (WHERE w.home_precision IN {FINE_HOME}))::integer AS home_fine,
    (count(*) FILTER (WHERE w.phone ~ '^[6-9][0-9]{{{{9}}}}$'))::integer AS valid_phone,
    (count(*) FILTER (WHERE w.last_reached_at >= now() - interval '90 days'))::integer AS reached,
    (count(*) FILTER (WHERE w.current_observed_at IS NOT NULL))::integer AS located,
    (count(*) FILTER (WHERE w.current_observed_at >= now() - interval '180 days'))::integer AS fresh,
    0 AS duplicate_people
FROM {{workers}} w
WHERE w.home_district_id IS NOT NULL AND w.home_state_code IS NOT NULL
GROUP BY 1, 2"""

# People in a group (district, name, father's name, village) whose members have more than one phone number.
# The conditions are those of the partial index ix_workers_twin_group, which finds a group's members.
TWIN_MEMBER = "m.father_name IS NOT NULL AND m.home_village_code IS NOT NULL AND m.erased_at IS NULL"
TWINS_BY_DISTRICT = f"""
SELECT home_district_id, sum(people)::integer AS people
FROM (SELECT m.home_district_id, count(*) AS people FROM workers m WHERE {TWIN_MEMBER}
      GROUP BY m.home_district_id, m.name_norm, lower(m.father_name), m.home_village_code
      HAVING count(DISTINCT m.phone) > 1) groups
GROUP BY 1"""

ESHRAM_GAP = """
SELECT w.home_state_code, w.home_district_id, w.home_block_code, w.source,
    count(*)::integer AS workers, (count(*) FILTER (WHERE w.uan IS NULL))::integer AS without_uan
FROM {workers} w
WHERE w.home_block_code IS NOT NULL AND w.home_state_code IS NOT NULL
GROUP BY 1, 2, 3, 4"""

RETURNEES = f"""
SELECT w.home_state_code, w.home_district_id, w.home_block_code, {MONTH_OBSERVED} AS month,
    count(*)::integer AS returnees,
    (count(*) FILTER (WHERE w.is_interstate_migrant))::integer AS outside,
    (count(*) FILTER (WHERE w.last_reached_at IS NULL))::integer AS never_reached
FROM {{workers}} w
WHERE w.source = 'survey' AND w.home_state_code IS NOT NULL AND w.home_district_id IS NOT NULL
GROUP BY 1, 2, 3, 4"""


def _in_india(column: str) -> str:
    return f"(date_trunc('month', {column} AT TIME ZONE 'Asia/Kolkata'))::date"


MONTHLY_TRENDS = f"""
SELECT home_state_code, home_district_id, month,
    sum(added)::integer AS added, sum(observed)::integer AS observed, sum(outside)::integer AS outside,
    sum(reached)::integer AS reached, sum(opened)::integer AS opened, sum(resolved)::integer AS resolved
FROM (
    SELECT w.home_state_code, w.home_district_id, {_in_india("w.created_at")} AS month,
        1 AS added, 0 AS observed, 0 AS outside, 0 AS reached, 0 AS opened, 0 AS resolved
    FROM {{workers}} w
    UNION ALL
    SELECT w.home_state_code, w.home_district_id, {_in_india("l.observed_at")}, 0, 1,
        (l.state_code IS DISTINCT FROM w.home_state_code AND l.state_code IS NOT NULL)::integer, 0, 0, 0
    FROM {{worker_locations}} l JOIN {{workers}} w USING (worker_id)
    UNION ALL
    SELECT w.home_state_code, w.home_district_id, {_in_india("a.called_at")}, 0, 0, 0, 1, 0, 0
    FROM {{call_attempts}} a JOIN {{workers}} w USING (worker_id) WHERE a.outcome = 'reached'
    UNION ALL
    SELECT c.home_state_code, c.home_district_id, {_in_india("c.lodged_at")}, 0, 0, 0, 0, 1, 0
    FROM {{complaints}} c
    UNION ALL
    SELECT c.home_state_code, c.home_district_id, {_in_india("c.resolved_at")}, 0, 0, 0, 0, 0, 1
    FROM {{complaints}} c WHERE c.resolved_at IS NOT NULL
) events
WHERE home_state_code IS NOT NULL AND month IS NOT NULL
GROUP BY 1, 2, 3"""


@dataclass(frozen=True)
class Rollup:
    """A rollup table: its unique key, its measures (summed by deltas), and the SELECT that fills it."""

    table: str
    keys: tuple[str, ...]
    measures: tuple[str, ...]
    select: str
    derived: bool = False  # summed from the flow rollup's rows (``{source}``), not from the person tables

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.measures


_FLOW_MEASURES = ("workers", "migrants", "located", "reached_90d", "home_fine")
FLOW_ROLLUP = Rollup(
    "worker_flow_rollup",
    (
        "home_state_code",
        "home_district_id",
        "home_block_code",
        "current_state_code",
        "current_district_id",
        "skill_group",
        "gender",
        "source",
        "month",
    ),
    _FLOW_MEASURES,
    FLOW,
)
QUALITY_ROLLUP = Rollup("district_quality_rollup", ("home_state_code", "home_district_id"),
                        ("workers", "home_fine", "valid_phone", "reached", "located", "fresh", "duplicate_people"),
                        QUALITY)  # fmt: skip

# In dependency order: the district and month flows are summed from the block-level flow rollup.
ROLLUPS: tuple[Rollup, ...] = (
    FLOW_ROLLUP,
    Rollup("worker_flow_district_rollup",
           ("home_state_code", "home_district_id", "current_state_code", "current_district_id", "skill_group",
            "gender", "source"), _FLOW_MEASURES, FLOW_DISTRICT, derived=True),
    Rollup("worker_flow_month_rollup",
           ("home_state_code", "home_district_id", "current_state_code", "current_district_id", "skill_group",
            "month"), _FLOW_MEASURES, FLOW_MONTH, derived=True),
    Rollup("skill_hex_rollup", ("basis", "size", "i", "j", "home_state_code", "home_district_id", "skill_group"),
           ("workers",), SKILL_HEX),
    Rollup("camp_registration_rollup", ("camp_id", "registered_on", "is_gig_worker", "platform_type"),
           ("registrations",), CAMP_REGISTRATIONS),
    QUALITY_ROLLUP,
    Rollup("eshram_gap_rollup", ("home_state_code", "home_district_id", "home_block_code", "source"),
           ("workers", "without_uan"), ESHRAM_GAP),
    Rollup("returnee_rollup", ("home_state_code", "home_district_id", "home_block_code", "month"),
           ("returnees", "outside", "never_reached"), RETURNEES),
    Rollup("monthly_trends_rollup", ("home_state_code", "home_district_id", "month"),
           ("added", "observed", "outside", "reached", "opened", "resolved"), MONTHLY_TRENDS),
)  # fmt: skip

PERSON_TABLES = ("workers", "worker_skills", "worker_locations", "call_attempts", "complaints", "camp_registrations")


def for_everyone(rollup: Rollup) -> str:
    """The rollup's SELECT over every worker (a derived one over the flow rollup table)."""
    return rollup.select.format(source=FLOW_ROLLUP.table, **{table: table for table in PERSON_TABLES})


def for_workers(rollup: Rollup, *, copies: dict[str, str], flow_delta: str) -> str:
    """The rollup's SELECT over ``copies`` of the person tables (a derived one over ``flow_delta``)."""
    return rollup.select.format(source=flow_delta, **copies)
