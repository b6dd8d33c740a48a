-- The Citus layout of docs/SCALING.md applied to the migrated schema: a prototype of the distribution step,
-- run by tests/test_citus_layout.py inside a transaction that is rolled back. The policies and triggers carry
-- over as they are (migration f1a2b3c4d5e6); the unique keys without worker_id (2) still have to go, so it is
-- not run on any database that is kept until the loaders claim identities in worker_identities (SCALING.md).
-- One statement per paragraph: they are sent one by one, because Citus passes the whole query string of a
-- DDL statement on to the workers.
SET LOCAL client_min_messages = warning;

SET LOCAL citus.multi_shard_modify_mode TO 'sequential';

-- 1. Triggers on distributed tables (the upload-scope checks, which read only the new row since f1a2b3c4d5e6,
-- and the complaints' notifications, which write a co-located row) need Citus's consent.
SET LOCAL citus.enable_unsafe_triggers = on;

-- Not while the rows are moved to the shards: the move would notify every routed complaint again.
ALTER TABLE complaints DISABLE TRIGGER complaints_notify;

-- 2. Uniqueness without worker_id cannot hold across shards: it moves to worker_identities.
ALTER TABLE workers DROP CONSTRAINT uq_workers_natural_key;

DROP INDEX uq_workers_uan;

DROP INDEX uq_complaints_external_ref;

-- 3. The person tables' foreign keys, set aside while the tables are placed: a table that a reference table
-- reaches through foreign keys would otherwise become a Citus local table first, and such a table with an
-- identity column cannot be distributed afterwards.
CREATE TEMPORARY TABLE person_keys ON COMMIT DROP AS
SELECT conrelid::regclass::text AS owner, conname AS name, pg_get_constraintdef(oid) AS ddl FROM pg_constraint
WHERE contype = 'f' AND (conrelid::regclass::text IN ('workers', 'worker_skills', 'worker_locations',
    'worker_corrections', 'call_attempts', 'call_claims', 'complaints', 'complaint_events', 'camp_registrations')
    OR confrelid::regclass::text IN ('workers', 'complaints'));

DO $$ DECLARE k record; BEGIN
    FOR k IN SELECT * FROM person_keys LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', k.owner, k.name);
    END LOOP;
END $$;

-- 4. Reference tables: the admin hierarchy, the gazetteer, occupations, users and roles, camps, load batches,
-- the name dictionary, and the logs (their keys do not include a column to distribute them by).
SELECT create_reference_table(t) FROM unnest(ARRAY['states', 'districts', 'district_aliases', 'subdistricts',
    'subdistrict_aliases', 'towns', 'villages', 'gazetteer', 'occupations', 'roles', 'users', 'load_batches',
    'registration_camps', 'worker_names', 'rejected_rows', 'geocode_reviews', 'audit_log', 'pending_ddl',
    'alert_acknowledgements']) t;

-- 5. The person tables, distributed and co-located on worker_id.
SELECT create_distributed_table('workers', 'worker_id');

SELECT create_distributed_table(t, 'worker_id', colocate_with => 'workers') FROM unnest(ARRAY['worker_skills',
    'worker_locations', 'worker_corrections', 'call_attempts', 'call_claims', 'complaints', 'complaint_events',
    'complaint_notifications', 'camp_registrations']) t;

-- 6. The foreign keys again: to reference tables, and between co-located person tables.
DO $$ DECLARE k record; BEGIN
    FOR k IN SELECT * FROM person_keys LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.owner, k.name, k.ddl);
    END LOOP;
END $$;

ALTER TABLE complaints ENABLE TRIGGER complaints_notify;
