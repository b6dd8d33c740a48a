"""The dashboard's rollups become ordinary tables kept current by deltas, instead of materialised views.

Revision ID: a1c2e3f4b5d6
Revises: d7e8f9a0b1c2
Create Date: 2026-12-10

Each of the nine materialised views is replaced by a table of the same name, columns and unique key, filled here
from scratch with the view's own query; the pages' queries and the scoped views over them read the same rows.
Loads and edits then add and subtract each changed worker's contribution in their own transaction
(``atlas.queries.rollups``), and ``python -m loaders compact-rollups`` rebuilds them from scratch.

Two things change with it. Months (the flow and returnee rollups) are cut in India's time zone, as
``monthly_trends_rollup`` already was, not in the session's: a delta subtracted by one session must cancel what
another added. The dashboard's role may now write the rollups, since a call-centre edit updates them in its
own transaction; and ``ix_workers_twin_group`` finds the people who share a name, father's name and village,
so that ``district_quality_rollup.duplicate_people`` is kept exact for the groups a change touches.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "a1c2e3f4b5d6"
down_revision: str | None = "d7e8f9a0b1c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "atlas_app"
TWIN_INDEX = (
    "CREATE INDEX ix_workers_twin_group ON workers (home_village_code, name_norm) "
    "WHERE father_name IS NOT NULL AND home_village_code IS NOT NULL AND erased_at IS NULL"
)
_SESSION_MONTH = "date_trunc('month'::text, COALESCE({t}.current_observed_at, {t}.created_at))"
_INDIA_MONTH = "date_trunc('month'::text, (COALESCE({t}.current_observed_at, {t}.created_at) AT TIME ZONE 'Asia/Kolkata'::text))"

# The views as PostgreSQL printed them at revision d7e8f9a0b1c2, in dependency order.
_VIEWS = {
    "worker_flow_rollup": """
SELECT w.home_state_code,
    w.home_district_id,
    w.home_block_code,
    w.current_state_code,
    w.current_district_id,
    COALESCE(ps.skill_group, 'unknown'::text) AS skill_group,
    COALESCE(w.gender, 'U'::character varying) AS gender,
    w.source,
    (date_trunc('month'::text, COALESCE(w.current_observed_at, w.created_at)))::date AS month,
    (count(*))::integer AS workers,
    (count(*) FILTER (WHERE w.is_interstate_migrant))::integer AS migrants,
    (count(*) FILTER (WHERE (w.current_state_code IS NOT NULL)))::integer AS located,
    (count(*) FILTER (WHERE (w.last_reached_at >= (now() - '90 days'::interval))))::integer AS reached_90d,
    (count(*) FILTER (WHERE (w.home_precision = ANY (ARRAY['village'::text, 'post_office'::text, 'town'::text, 'block'::text]))))::integer AS home_fine
   FROM (workers w
     LEFT JOIN ( SELECT DISTINCT ON (s.worker_id) s.worker_id,
            o.skill_group
           FROM (worker_skills s
             JOIN occupations o USING (nco_code))
          ORDER BY s.worker_id, s.nco_code) ps ON ((ps.worker_id = w.worker_id)))
  GROUP BY w.home_state_code, w.home_district_id, w.home_block_code, w.current_state_code, w.current_district_id, COALESCE(ps.skill_group, 'unknown'::text), COALESCE(w.gender, 'U'::character varying), w.source, ((date_trunc('month'::text, COALESCE(w.current_observed_at, w.created_at)))::date)""",
    "worker_flow_district_rollup": """
SELECT worker_flow_rollup.home_state_code,
    worker_flow_rollup.home_district_id,
    worker_flow_rollup.current_state_code,
    worker_flow_rollup.current_district_id,
    worker_flow_rollup.skill_group,
    worker_flow_rollup.gender,
    worker_flow_rollup.source,
    (sum(worker_flow_rollup.workers))::integer AS workers,
    (sum(worker_flow_rollup.migrants))::integer AS migrants,
    (sum(worker_flow_rollup.located))::integer AS located,
    (sum(worker_flow_rollup.reached_90d))::integer AS reached_90d,
    (sum(worker_flow_rollup.home_fine))::integer AS home_fine
   FROM worker_flow_rollup
  GROUP BY worker_flow_rollup.home_state_code, worker_flow_rollup.home_district_id, worker_flow_rollup.current_state_code, worker_flow_rollup.current_district_id, worker_flow_rollup.skill_group, worker_flow_rollup.gender, worker_flow_rollup.source""",
    "worker_flow_month_rollup": """
SELECT worker_flow_rollup.home_state_code,
    worker_flow_rollup.home_district_id,
    worker_flow_rollup.current_state_code,
    worker_flow_rollup.current_district_id,
    worker_flow_rollup.skill_group,
    worker_flow_rollup.month,
    (sum(worker_flow_rollup.workers))::integer AS workers,
    (sum(worker_flow_rollup.migrants))::integer AS migrants,
    (sum(worker_flow_rollup.located))::integer AS located,
    (sum(worker_flow_rollup.reached_90d))::integer AS reached_90d,
    (sum(worker_flow_rollup.home_fine))::integer AS home_fine
   FROM worker_flow_rollup
  GROUP BY worker_flow_rollup.home_state_code, worker_flow_rollup.home_district_id, worker_flow_rollup.current_state_code, worker_flow_rollup.current_district_id, worker_flow_rollup.skill_group, worker_flow_rollup.month""",
    "skill_hex_rollup": """
WITH people AS (
         SELECT w.worker_id,
            w.home_point,
            w.current_location_id,
            w.home_state_code,
            w.home_district_id,
            COALESCE(ps.skill_group, 'unknown'::text) AS skill_group
           FROM (workers w
             LEFT JOIN ( SELECT DISTINCT ON (s.worker_id) s.worker_id,
                    o.skill_group
                   FROM (worker_skills s
                     JOIN occupations o USING (nco_code))
                  ORDER BY s.worker_id, s.nco_code) ps ON ((ps.worker_id = w.worker_id)))
        ), points AS (
         SELECT 'home'::text AS basis,
            p_1.home_point AS point,
            p_1.home_state_code,
            p_1.home_district_id,
            p_1.skill_group,
            (count(*))::integer AS workers
           FROM people p_1
          WHERE (p_1.home_point IS NOT NULL)
          GROUP BY 'home'::text, p_1.home_point, p_1.home_state_code, p_1.home_district_id, p_1.skill_group
        UNION ALL
         SELECT 'destination'::text,
            l.point,
            p_1.home_state_code,
            p_1.home_district_id,
            p_1.skill_group,
            (count(*))::integer AS count
           FROM (people p_1
             JOIN worker_locations l ON (((l.worker_id = p_1.worker_id) AND (l.location_id = p_1.current_location_id))))
          WHERE (l.point IS NOT NULL)
          GROUP BY 'destination'::text, l.point, p_1.home_state_code, p_1.home_district_id, p_1.skill_group
        ), projected AS (
         SELECT d.point,
            st_x(d.m) AS x,
            st_y(d.m) AS y
           FROM ( SELECT DISTINCT points.point,
                    st_transform(points.point, 7755) AS m
                   FROM points) d
        ), cells AS (
         SELECT p_1.point,
            s.size,
            best.i,
            best.j
           FROM ((projected p_1
             CROSS JOIN ( VALUES (10000), (25000)) s(size))
             CROSS JOIN LATERAL ( SELECT c_1.i,
                    c_1.j
                   FROM ( SELECT ks.i,
                            (round(((p_1.y / (sqrt((3)::double precision) * (s.size)::double precision)) - (
                                CASE
                                    WHEN (mod(ks.i, 2) <> 0) THEN 0.5
                                    ELSE (0)::numeric
                                END)::double precision)))::integer AS j
                           FROM ( SELECT ((round((p_1.x / ((1.5 * (s.size)::numeric))::double precision)))::integer + k.k) AS i
                                   FROM generate_series('-1'::integer, 1) k(k)) ks) c_1
                  ORDER BY (((p_1.x - (((1.5 * (s.size)::numeric) * (c_1.i)::numeric))::double precision) ^ (2)::double precision) + ((p_1.y - ((sqrt((3)::double precision) * (s.size)::double precision) * (((c_1.j)::numeric +
                        CASE
                            WHEN (mod(c_1.i, 2) <> 0) THEN 0.5
                            ELSE (0)::numeric
                        END))::double precision)) ^ (2)::double precision))
                 LIMIT 1) best)
        )
 SELECT p.basis,
    c.size,
    c.i,
    c.j,
    p.home_state_code,
    p.home_district_id,
    p.skill_group,
    (sum(p.workers))::integer AS workers
   FROM (points p
     JOIN cells c USING (point))
  GROUP BY p.basis, c.size, c.i, c.j, p.home_state_code, p.home_district_id, p.skill_group""",
    "camp_registration_rollup": """
SELECT r.camp_id,
    r.registered_on,
    r.is_gig_worker,
    r.platform_type,
    (count(*))::integer AS registrations
   FROM camp_registrations r
  GROUP BY r.camp_id, r.registered_on, r.is_gig_worker, r.platform_type""",
    "district_quality_rollup": """
WITH twins AS (
         SELECT groups.home_district_id,
            (sum(groups.people))::bigint AS people
           FROM ( SELECT workers.home_district_id,
                    count(*) AS people
                   FROM workers
                  WHERE ((workers.father_name IS NOT NULL) AND (workers.home_village_code IS NOT NULL) AND (workers.erased_at IS NULL))
                  GROUP BY workers.home_district_id, workers.name_norm, (lower(workers.father_name)), workers.home_village_code
                 HAVING (count(DISTINCT workers.phone) > 1)) groups
          GROUP BY groups.home_district_id
        )
 SELECT w.home_state_code,
    w.home_district_id,
    (count(*))::integer AS workers,
    (count(*) FILTER (WHERE (w.home_precision = ANY (ARRAY['village'::text, 'post_office'::text, 'town'::text, 'block'::text]))))::integer AS home_fine,
    (count(*) FILTER (WHERE ((w.phone)::text ~ '^[6-9][0-9]{9}$'::text)))::integer AS valid_phone,
    (count(*) FILTER (WHERE (w.last_reached_at >= (now() - '90 days'::interval))))::integer AS reached,
    (count(*) FILTER (WHERE (w.current_observed_at IS NOT NULL)))::integer AS located,
    (count(*) FILTER (WHERE (w.current_observed_at >= (now() - '180 days'::interval))))::integer AS fresh,
    (COALESCE(max(t.people), (0)::bigint))::integer AS duplicate_people
   FROM (workers w
     LEFT JOIN twins t USING (home_district_id))
  WHERE ((w.home_district_id IS NOT NULL) AND (w.home_state_code IS NOT NULL))
  GROUP BY w.home_state_code, w.home_district_id""",
    "eshram_gap_rollup": """
SELECT workers.home_state_code,
    workers.home_district_id,
    workers.home_block_code,
    workers.source,
    (count(*))::integer AS workers,
    (count(*) FILTER (WHERE (workers.uan IS NULL)))::integer AS without_uan
   FROM workers
  WHERE ((workers.home_block_code IS NOT NULL) AND (workers.home_state_code IS NOT NULL))
  GROUP BY workers.home_state_code, workers.home_district_id, workers.home_block_code, workers.source""",
    "returnee_rollup": """
SELECT workers.home_state_code,
    workers.home_district_id,
    workers.home_block_code,
    (date_trunc('month'::text, COALESCE(workers.current_observed_at, workers.created_at)))::date AS month,
    (count(*))::integer AS returnees,
    (count(*) FILTER (WHERE workers.is_interstate_migrant))::integer AS outside,
    (count(*) FILTER (WHERE (workers.last_reached_at IS NULL)))::integer AS never_reached
   FROM workers
  WHERE ((workers.source = 'survey'::text) AND (workers.home_state_code IS NOT NULL) AND (workers.home_district_id IS NOT NULL))
  GROUP BY workers.home_state_code, workers.home_district_id, workers.home_block_code, ((date_trunc('month'::text, COALESCE(workers.current_observed_at, workers.created_at)))::date)""",
    "monthly_trends_rollup": """
SELECT events.home_state_code,
    events.home_district_id,
    events.month,
    (sum(events.added))::integer AS added,
    (sum(events.observed))::integer AS observed,
    (sum(events.outside))::integer AS outside,
    (sum(events.reached))::integer AS reached,
    (sum(events.opened))::integer AS opened,
    (sum(events.resolved))::integer AS resolved
   FROM ( SELECT workers.home_state_code,
            workers.home_district_id,
            (date_trunc('month'::text, (workers.created_at AT TIME ZONE 'Asia/Kolkata'::text)))::date AS month,
            1 AS added,
            0 AS observed,
            0 AS outside,
            0 AS reached,
            0 AS opened,
            0 AS resolved
           FROM workers
        UNION ALL
         SELECT w.home_state_code,
            w.home_district_id,
            (date_trunc('month'::text, (l.observed_at AT TIME ZONE 'Asia/Kolkata'::text)))::date AS date_trunc,
            0,
            1,
            ((((l.state_code)::text IS DISTINCT FROM (w.home_state_code)::text) AND (l.state_code IS NOT NULL)))::integer AS int4,
            0,
            0,
            0
           FROM (worker_locations l
             JOIN workers w USING (worker_id))
        UNION ALL
         SELECT w.home_state_code,
            w.home_district_id,
            (date_trunc('month'::text, (a.called_at AT TIME ZONE 'Asia/Kolkata'::text)))::date AS date_trunc,
            0,
            0,
            0,
            1,
            0,
            0
           FROM (call_attempts a
             JOIN workers w USING (worker_id))
          WHERE (a.outcome = 'reached'::text)
        UNION ALL
         SELECT complaints.home_state_code,
            complaints.home_district_id,
            (date_trunc('month'::text, (complaints.lodged_at AT TIME ZONE 'Asia/Kolkata'::text)))::date AS date_trunc,
            0,
            0,
            0,
            0,
            1,
            0
           FROM complaints
        UNION ALL
         SELECT complaints.home_state_code,
            complaints.home_district_id,
            (date_trunc('month'::text, (complaints.resolved_at AT TIME ZONE 'Asia/Kolkata'::text)))::date AS date_trunc,
            0,
            0,
            0,
            0,
            0,
            1
           FROM complaints
          WHERE (complaints.resolved_at IS NOT NULL)) events
  WHERE ((events.home_state_code IS NOT NULL) AND (events.month IS NOT NULL))
  GROUP BY events.home_state_code, events.home_district_id, events.month""",
}
_INDEXES = (
    ("skill_hex_rollup", "ix_skill_hex_rollup_basis", "CREATE INDEX ix_skill_hex_rollup_basis ON skill_hex_rollup USING btree (basis, size, home_state_code)"),
    ("worker_flow_district_rollup", "ix_worker_flow_district_rollup_home", "CREATE INDEX ix_worker_flow_district_rollup_home ON worker_flow_district_rollup USING btree (home_district_id)"),
    ("worker_flow_month_rollup", "ix_worker_flow_month_rollup_month", "CREATE INDEX ix_worker_flow_month_rollup_month ON worker_flow_month_rollup USING btree (home_state_code, month)"),
    ("worker_flow_rollup", "ix_worker_flow_rollup_home", "CREATE INDEX ix_worker_flow_rollup_home ON worker_flow_rollup USING btree (home_district_id, home_block_code)"),
    ("camp_registration_rollup", "uq_camp_registration_rollup", "CREATE UNIQUE INDEX uq_camp_registration_rollup ON camp_registration_rollup USING btree (camp_id, registered_on, is_gig_worker, platform_type) NULLS NOT DISTINCT"),
    ("district_quality_rollup", "uq_district_quality_rollup", "CREATE UNIQUE INDEX uq_district_quality_rollup ON district_quality_rollup USING btree (home_state_code, home_district_id)"),
    ("eshram_gap_rollup", "uq_eshram_gap_rollup", "CREATE UNIQUE INDEX uq_eshram_gap_rollup ON eshram_gap_rollup USING btree (home_state_code, home_district_id, home_block_code, source) NULLS NOT DISTINCT"),
    ("monthly_trends_rollup", "uq_monthly_trends_rollup", "CREATE UNIQUE INDEX uq_monthly_trends_rollup ON monthly_trends_rollup USING btree (home_state_code, home_district_id, month) NULLS NOT DISTINCT"),
    ("returnee_rollup", "uq_returnee_rollup", "CREATE UNIQUE INDEX uq_returnee_rollup ON returnee_rollup USING btree (home_state_code, home_district_id, home_block_code, month) NULLS NOT DISTINCT"),
    ("skill_hex_rollup", "uq_skill_hex_rollup", "CREATE UNIQUE INDEX uq_skill_hex_rollup ON skill_hex_rollup USING btree (basis, size, i, j, home_state_code, home_district_id, skill_group) NULLS NOT DISTINCT"),
    ("worker_flow_district_rollup", "uq_worker_flow_district_rollup", "CREATE UNIQUE INDEX uq_worker_flow_district_rollup ON worker_flow_district_rollup USING btree (home_state_code, home_district_id, current_state_code, current_district_id, skill_group, gender, source) NULLS NOT DISTINCT"),
    ("worker_flow_month_rollup", "uq_worker_flow_month_rollup", "CREATE UNIQUE INDEX uq_worker_flow_month_rollup ON worker_flow_month_rollup USING btree (home_state_code, home_district_id, current_state_code, current_district_id, skill_group, month) NULLS NOT DISTINCT"),
    ("worker_flow_rollup", "uq_worker_flow_rollup", "CREATE UNIQUE INDEX uq_worker_flow_rollup ON worker_flow_rollup USING btree (home_state_code, home_district_id, home_block_code, current_state_code, current_district_id, skill_group, gender, source, month) NULLS NOT DISTINCT"),
)


def _in_india(definition: str) -> str:
    for alias in ("w", "workers"):
        definition = definition.replace(_SESSION_MONTH.format(t=alias), _INDIA_MONTH.format(t=alias))
    return definition


def _views_over_rollups() -> list[tuple[str, str, list[str] | None]]:
    """(name, definition, options) of the views that read a rollup (the scoped views), to drop and re-create."""
    rows = op.get_bind().execute(text(
        "SELECT DISTINCT v.relname, pg_get_viewdef(v.oid), v.reloptions FROM pg_depend d "
        "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
        "JOIN pg_class m ON m.oid = d.refobjid "
        "WHERE m.relname = ANY(:rollups) AND v.relkind = 'v' AND v.oid <> m.oid ORDER BY 1"
    ), {"rollups": list(_VIEWS)})  # fmt: skip
    return [(row[0], row[1], row[2]) for row in rows]


def _recreate(views: list[tuple[str, str, list[str] | None]]) -> None:
    for name, definition, options in views:
        with_options = f" WITH ({', '.join(options)})" if options else ""
        op.execute(f"CREATE VIEW {name}{with_options} AS {definition}")
        op.execute(f"GRANT SELECT ON {name} TO {APP_ROLE}")


def _indexes() -> None:
    for _table, _name, definition in _INDEXES:
        op.execute(definition)


def upgrade() -> None:
    views = _views_over_rollups()
    for name, _definition, _options in views:
        op.execute(f"DROP VIEW {name}")
    for rollup in reversed(_VIEWS):
        op.execute(f"DROP MATERIALIZED VIEW {rollup}")
    for rollup, definition in _VIEWS.items():
        op.execute(f"CREATE TABLE {rollup} AS {_in_india(definition)}")
    _indexes()
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(_VIEWS)} TO {APP_ROLE}")
    _recreate(views)
    op.execute(TWIN_INDEX)
    op.execute(f"ANALYZE {', '.join(_VIEWS)}")


def downgrade() -> None:
    op.execute("DROP INDEX ix_workers_twin_group")
    views = _views_over_rollups()
    for name, _definition, _options in views:
        op.execute(f"DROP VIEW {name}")
    for rollup in reversed(_VIEWS):
        op.execute(f"DROP TABLE {rollup}")
    for rollup, definition in _VIEWS.items():
        op.execute(f"CREATE MATERIALIZED VIEW {rollup} AS {definition}")
    _indexes()
    _recreate(views)

