"""One schema for both engines: identities claimed by their own key, and on Citus the layout of docs/SCALING.md.

Revision ID: b2d3f4a5c6e7
Revises: c6d7e8f9a0b1
Create Date: 2026-12-10

On both engines, the uniqueness that does not include ``worker_id`` moves out of the person tables, since Citus
cannot enforce a unique key across shards unless it includes the distribution column:

- ``worker_identities (natural_key PRIMARY KEY, worker_id)``: a row for every worker's natural key, and a row
  ``uan:<UAN>`` for every UAN held (a natural key made from a UAN is the same string, so one row serves both);
- ``complaint_refs (external_ref PRIMARY KEY, worker_id, complaint_id)``: the importing system's ticket numbers.

The loaders claim ids there first (``INSERT ... ON CONFLICT DO NOTHING``, then read back) and then write the
person rows (``atlas.queries.ingest``). The unique indexes on ``workers.natural_key``, ``workers.uan`` and
``complaints.external_ref`` go on the single node too, so that there is one code path; the call centre's lookup by
UAN keeps a plain index. Neither table is granted to the application role: natural keys hold a phone and a name,
and no row-level security can scope a row that carries no home.

When the ``citus`` extension is installed, the tables are then laid out as docs/SCALING.md designs: the person
tables distributed and co-located on ``worker_id``, the identity tables distributed by their own key, the small
tables reference tables on every node. The rollups stay tables or views of the coordinator. On plain PostgreSQL
that part does nothing. A coordinator that already holds people is distributed as it is: Citus copies the rows to
the shards (in this transaction), and the coordinator's local copies are then truncated.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "b2d3f4a5c6e7"
down_revision: str | None = "c6d7e8f9a0b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERSON_TABLES = ("workers", "worker_skills", "worker_locations", "worker_corrections", "call_attempts", "call_claims",
                 "complaints", "complaint_events", "complaint_notifications", "camp_registrations")  # fmt: skip
# The admin hierarchy, the gazetteer, occupations, users and roles, camps, load batches, the name dictionary, and
# the logs, whose keys include no column to distribute them by.
REFERENCE_TABLES = ("states", "districts", "district_aliases", "subdistricts", "subdistrict_aliases", "towns",
                    "villages", "gazetteer", "occupations", "roles", "users", "load_batches", "registration_camps",
                    "worker_names", "rejected_rows", "geocode_reviews", "audit_log", "pending_ddl",
                    "alert_acknowledgements")  # fmt: skip
IDENTITY_TABLES = {"worker_identities": "natural_key", "complaint_refs": "external_ref"}

_IDENTITIES = """
CREATE TABLE worker_identities (
    natural_key text PRIMARY KEY,
    worker_id bigint NOT NULL
)
"""
_REFS = """
CREATE TABLE complaint_refs (
    external_ref text PRIMARY KEY,
    worker_id bigint NOT NULL,
    complaint_id bigint NOT NULL
)
"""

# As in f1a2b3c4d5e6, with the worker's home district read before the INSERT: Citus refuses a subquery in an INSERT.
_SEND_BACK = """
CREATE OR REPLACE FUNCTION complaint_send_back(p_complaint bigint, p_note text) RETURNS boolean LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public AS $$
DECLARE
    hit record;
    owner bigint;
    owner_district integer;
BEGIN
    -- Locked by worker_id as well: on Citus, the distribution column makes it a single-shard statement.
    SELECT worker_id INTO owner FROM complaints WHERE complaint_id = p_complaint;
    SELECT * INTO hit FROM complaints
    WHERE worker_id = owner AND complaint_id = p_complaint AND status IN ('new', 'routed', 'in_progress')
      AND atlas_setting('role') = 'department' AND department = atlas_setting('department')
      AND home_state_code = atlas_setting('state_code')
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    SELECT home_district_id INTO owner_district FROM workers WHERE worker_id = owner;
    INSERT INTO complaint_events (worker_id, complaint_id, at, actor_user_id, action, from_status, to_status, note,
                                  home_state_code, home_district_id)
    VALUES (hit.worker_id, hit.complaint_id, clock_timestamp(), atlas_setting('user_id')::integer, 'sent_back',
            hit.status, 'new', 'from ' || hit.department || ': ' || p_note, hit.home_state_code, owner_district);
    UPDATE complaints SET department = NULL, status = 'new', routed_at = NULL
    WHERE worker_id = hit.worker_id AND complaint_id = hit.complaint_id;
    PERFORM atlas_sync_routing(ARRAY[hit.worker_id]);
    RETURN true;
END $$;
"""

# The person tables' foreign keys, and the keys that point at them.
_PERSON_KEYS = """
SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint
WHERE contype = 'f' AND (conrelid = ANY (CAST(:tables AS regclass[])) OR confrelid = ANY (CAST(:tables AS regclass[])))
ORDER BY 1, 2
"""
APP_ROLE = "atlas_app"
# The application role's privileges, given again once the tables are placed: Citus gives a GRANT to the shards only
# when it runs on a distributed or reference table, so the privileges given before do not reach the shards; and the
# views over those tables, which Citus creates on the workers too, get their grants there the same way.
_APP_GRANTS = """
SELECT table_name AS name, string_agg(privilege_type, ', ') AS privileges FROM information_schema.role_table_grants
WHERE grantee = :role AND table_schema = 'public' GROUP BY table_name
"""
_APP_COLUMN_GRANTS = """
SELECT c.table_name AS name, c.privilege_type AS privilege, string_agg(quote_ident(c.column_name), ', ') AS columns
FROM information_schema.column_privileges c
WHERE c.grantee = :role AND c.table_schema = 'public' AND c.table_name = ANY (:tables)
  AND NOT EXISTS (SELECT FROM information_schema.role_table_grants t WHERE t.grantee = c.grantee
                  AND t.table_name = c.table_name AND t.privilege_type = c.privilege_type)
GROUP BY 1, 2
"""
# The rollups (tables or materialised views of the coordinator) behind the scoped views the pages read.
_ROLLUPS = "SELECT relname FROM pg_class WHERE relname LIKE '%\\_rollup' AND relkind IN ('r', 'm') ORDER BY 1"
# Reference tables the application role writes (login bookkeeping, the audit log, acknowledgements). On Citus their
# foreign keys go: a change to a reference table locks the reference tables its keys reach on the first worker
# (lock_shard_resources), which a role that does not own them is refused ("permission denied for table states";
# citusdata/citus#8011). The loaders and atlas.users, which write the other reference tables, run as the owner.
APP_WRITTEN_REFERENCE_TABLES = ("users", "audit_log", "alert_acknowledgements")
_APP_WRITTEN_KEYS = """
SELECT conrelid::regclass::text AS owner, conname AS name FROM pg_constraint
WHERE contype = 'f' AND conrelid = ANY (CAST(:tables AS regclass[])) ORDER BY 1, 2
"""
# Tables of the layout that hold rows: Citus copies them to the shards, and the local copies are truncated after.
_HOLDS_ROWS = "SELECT EXISTS (SELECT FROM {table})"


def upgrade() -> None:
    _claim_tables()
    op.execute(_SEND_BACK)
    if op.get_bind().execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).scalar_one():
        _distribute()


def _claim_tables() -> None:
    op.execute(_IDENTITIES)
    op.execute("COMMENT ON TABLE worker_identities IS 'Who each natural key and each UAN (uan:<UAN>) belongs to: "
               "unique across shards, claimed by the loaders before they write a worker'")  # fmt: skip
    op.execute("INSERT INTO worker_identities SELECT natural_key, worker_id FROM workers")
    op.execute("INSERT INTO worker_identities SELECT 'uan:' || uan, worker_id FROM workers WHERE uan IS NOT NULL "
               "ON CONFLICT DO NOTHING")  # fmt: skip
    op.execute(_REFS)
    op.execute("COMMENT ON TABLE complaint_refs IS 'Which complaint each ticket number of an importing system names'")
    op.execute("INSERT INTO complaint_refs SELECT external_ref, worker_id, complaint_id FROM complaints "
               "WHERE external_ref IS NOT NULL")  # fmt: skip
    op.execute("ALTER TABLE workers DROP CONSTRAINT uq_workers_natural_key")
    op.execute("DROP INDEX uq_workers_uan")
    op.execute("CREATE INDEX ix_workers_uan ON workers (uan) WHERE uan IS NOT NULL")
    op.execute("DROP INDEX uq_complaints_external_ref")


def _distribute() -> None:
    """The layout of docs/SCALING.md, one DDL statement at a time: Citus passes a DDL statement's whole query
    string on to the workers."""
    connection = op.get_bind()
    op.execute("SET LOCAL client_min_messages = warning")
    op.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
    # Triggers on distributed tables (the upload-scope checks, which read only the new row, and the complaints'
    # notifications, which write a co-located row) need Citus's consent.
    op.execute("SET LOCAL citus.enable_unsafe_triggers = on")
    # Not while the rows are moved to the shards: the move would notify every routed complaint again.
    op.execute("ALTER TABLE complaints DISABLE TRIGGER complaints_notify")
    # The person tables' foreign keys are set aside while the tables are placed: a table that a reference table
    # reaches through foreign keys would otherwise become a Citus local table first, and such a table with an
    # identity column cannot be distributed afterwards.
    keys = connection.execute(text(_PERSON_KEYS), {"tables": list(PERSON_TABLES)}).mappings().all()
    for key in keys:
        op.execute(f'ALTER TABLE {key["owner"]} DROP CONSTRAINT "{key["name"]}"')
    placed = [*REFERENCE_TABLES, *PERSON_TABLES, *IDENTITY_TABLES]
    grants = connection.execute(text(_APP_GRANTS), {"role": APP_ROLE, "tables": placed}).mappings().all()
    column_grants = connection.execute(text(_APP_COLUMN_GRANTS), {"role": APP_ROLE, "tables": placed}).mappings().all()
    loaded = [t for t in placed if _holds_rows(t)]
    for table in REFERENCE_TABLES:
        op.execute(f"SELECT create_reference_table('{table}')")
    op.execute("SELECT create_distributed_table('workers', 'worker_id')")
    for table in PERSON_TABLES[1:]:
        op.execute(f"SELECT create_distributed_table('{table}', 'worker_id', colocate_with => 'workers')")
    for table, column in IDENTITY_TABLES.items():
        op.execute(f"SELECT create_distributed_table('{table}', '{column}', colocate_with => 'none')")
    for key in keys:
        op.execute(f'ALTER TABLE {key["owner"]} ADD CONSTRAINT "{key["name"]}" {key["ddl"]}')
    op.execute("ALTER TABLE complaints ENABLE TRIGGER complaints_notify")
    for grant in grants:
        op.execute(f"GRANT {grant['privileges']} ON {grant['name']} TO {APP_ROLE}")
    for grant in column_grants:
        op.execute(f"GRANT {grant['privilege']} ({grant['columns']}) ON {grant['name']} TO {APP_ROLE}")
    _rollups_readable_through_joins()
    written = {"tables": list(APP_WRITTEN_REFERENCE_TABLES)}
    for key in connection.execute(text(_APP_WRITTEN_KEYS), written).mappings().all():
        op.execute(f'ALTER TABLE {key["owner"]} DROP CONSTRAINT "{key["name"]}"')
    # A transaction that changed a distributed table over parallel connections may not then change a reference
    # table (a load writes its people, then its batch's row): multi-shard changes go over one connection per node.
    database = connection.engine.url.database
    op.execute(f'ALTER DATABASE "{database}" SET citus.multi_shard_modify_mode = sequential')
    for table in loaded:
        # The rows now live on the shards; the coordinator's own copies are dead weight.
        op.execute(f"SELECT truncate_local_data_after_distributing_table('{table}')")


def _rollups_readable_through_joins() -> None:
    """The application role may read the rollups themselves, not only through their scoped views: when a page joins
    a scoped view to a reference table, Citus plans the view's rollup as a separate query run as the session's role,
    which loses the view owner's right to read it ("permission denied for materialized view"). The rollups' own
    row-level security (c6d7e8f9a0b1) keeps each user to their scope's rows all the same."""
    for name in op.get_bind().execute(text(_ROLLUPS)).scalars():
        op.execute(f"GRANT SELECT ON {name} TO {APP_ROLE}")
    # The same for the camps behind registration_camps_scoped: places and targets, no person.
    op.execute(f"GRANT SELECT ON registration_camps TO {APP_ROLE}")


def _holds_rows(table: str) -> bool:
    return bool(op.get_bind().execute(text(_HOLDS_ROWS.format(table=table))).scalar_one())


def downgrade() -> None:
    if op.get_bind().execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).scalar_one():
        raise RuntimeError(
            "b2d3f4a5c6e7 cannot be undone on Citus: the tables would have to be undistributed "
            "(undistribute_table) first, which this migration does not do"
        )
    op.execute("CREATE UNIQUE INDEX uq_complaints_external_ref ON complaints (external_ref) "
               "WHERE external_ref IS NOT NULL")  # fmt: skip
    op.execute("DROP INDEX ix_workers_uan")
    op.execute("CREATE UNIQUE INDEX uq_workers_uan ON workers (uan) WHERE uan IS NOT NULL")
    op.execute("ALTER TABLE workers ADD CONSTRAINT uq_workers_natural_key UNIQUE (natural_key)")
    op.execute("DROP TABLE complaint_refs")
    op.execute("DROP TABLE worker_identities")
