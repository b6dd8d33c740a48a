#!/usr/bin/env bash
# Make a small demo database beside the test database, for the dashboard's page and browser tests:
# a copy of the (migrated, reference-loaded) test database plus N synthetic workers loaded through
# the real loaders. Prints its SQLAlchemy URL. With ATLAS_CITUS_CLUSTER=NAME, BASE_URL is that Citus cluster's.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base_url=$1
workers=${2:-3000}
demo_url=${base_url/\/atlas\?//atlas_demo?}
psql_url() { echo "${1/+psycopg/}"; }
admin=$(psql_url "${base_url/\/atlas\?//postgres?}")
if [ -n "${ATLAS_CITUS_CLUSTER:-}" ]; then
  # A Citus database lives on every node, and a template copies the coordinator's alone: the demo
  # database is made empty on every node, then migrated and given the reference geography.
  env -u DATABASE_URL "$here/scripts/citus.sh" database "$ATLAS_CITUS_CLUSTER" atlas_demo >&2
  DATABASE_URL=$demo_url "$here/.venv/bin/python" -m alembic upgrade head >&2
  DATABASE_URL=$demo_url "$here/.venv/bin/python" -m loaders reference >&2
else
  # With the copies of the demo that an interrupted test session left behind (tests/conftest.py, copy_of_demo).
  left=$(psql -Atq "$admin" -c "SELECT datname FROM pg_database WHERE datname ~ '^atlas_demo_[0-9a-f]{10}$'")
  for name in $left atlas_demo_template atlas_demo; do
    PGOPTIONS="-c client_min_messages=warning" psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  done
  psql -q "$admin" -c "CREATE DATABASE atlas_demo TEMPLATE atlas" >/dev/null
fi
DATABASE_URL=$demo_url "$here/.venv/bin/python" -m loaders demo --workers "$workers" --out "$here/data/demo-test" >&2
DATABASE_URL=$demo_url "$here/.venv/bin/python" -m atlas.users demo >&2
DATABASE_URL=$demo_url "$here/.venv/bin/python" -m loaders compact-rollups >&2
if [ -z "${ATLAS_CITUS_CLUSTER:-}" ]; then
  # An untouched copy, which no session connects to: tests that commit clone it into a database of their own
  # (tests/conftest.py, copy_of_demo), since CREATE DATABASE ... TEMPLATE needs a template nobody is connected to.
  psql -q "$admin" -c "CREATE DATABASE atlas_demo_template TEMPLATE atlas_demo" >/dev/null
  psql -q "$admin" -c "ALTER DATABASE atlas_demo_template ALLOW_CONNECTIONS false" >/dev/null
fi
echo "$demo_url"
