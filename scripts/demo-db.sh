#!/usr/bin/env bash
# Make a small demo database beside the test database, for the dashboard's page and browser tests:
# a copy of the (migrated, reference-loaded) test database plus N synthetic workers loaded through
# the real loaders. Prints its SQLAlchemy URL.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base_url=$1
workers=${2:-3000}
demo_url=${base_url/\/atlas\?//atlas_demo?}
psql_url() { echo "${1/+psycopg/}"; }
admin=$(psql_url "${base_url/\/atlas\?//postgres?}")
PGOPTIONS="-c client_min_messages=warning" psql -q "$admin" -c "DROP DATABASE IF EXISTS atlas_demo WITH (FORCE)" >/dev/null
psql -q "$admin" -c "CREATE DATABASE atlas_demo TEMPLATE atlas" >/dev/null
DATABASE_URL=$demo_url "$here/.venv/bin/python" -m loaders demo --workers "$workers" --out "$here/data/demo-test" >&2
DATABASE_URL=$demo_url "$here/.venv/bin/python" -m atlas.users demo >&2
DATABASE_URL=$demo_url "$here/.venv/bin/python" -c \
  "from atlas.db import default_engine; from atlas.queries.rollups import refresh_rollups; refresh_rollups(default_engine())"
echo "$demo_url"
