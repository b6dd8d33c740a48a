#!/usr/bin/env bash
# Private PostgreSQL+PostGIS cluster for Shramik Atlas.
#
#   scripts/cluster.sh start|stop|status|url|shell|ensure-packages   [NAME]
#
# NAME selects the cluster directory data/NAME (default "pg"); tests use "pg-test".
# Each cluster gets its own port and unix-socket directory so that it never collides
# with a system cluster. When DATABASE_URL is set, start/stop do nothing and url prints it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
name=${2:-pg}
pgdir="$here/data/$name"
pgdata="$pgdir/cluster"
sockdir="$pgdir/run"
logfile="$pgdir/postgres.log"
dbname=${ATLAS_DB_NAME:-atlas}
case "$name" in
  pg) port=${ATLAS_PG_PORT:-54329} ;;
  pg-test) port=${ATLAS_PG_TEST_PORT:-54339} ;;
  *) port=${ATLAS_PG_PORT:-54349} ;;
esac
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}

# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

ensure_packages() {
  "$here/scripts/debian-packages.sh" postgresql-15 postgresql-15-postgis-3
}

url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; return; fi
  echo "postgresql+psycopg://$owner@/$dbname?host=$sockdir&port=$port"
}

is_running() {
  [ -f "$pgdata/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1
}

# As root, the postgres user must be able to reach data/ (a checkout in a private temp
# folder is not): give the folders above it the traverse bit only, never read access.
grant_traverse() {
  local dir
  dir=$(dirname "$pgdir")
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir"; then
      echo "Letting the postgres user traverse $dir (chmod o+x) ..."
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

start() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  ensure_packages
  mkdir -p "$pgdir" "$sockdir"
  if [ "$(id -u)" = 0 ]; then
    grant_traverse
    chown -R postgres:postgres "$pgdir"
  fi
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in $pgdata (port $port) ..."
    as_owner "$pgbin/initdb" -D "$pgdata" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$sockdir'
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
fsync = ${ATLAS_PG_FSYNC:-on}
CONF
  fi
  if ! is_running; then
    as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 60 start >/dev/null
  fi
  if ! as_owner "$pgbin/psql" -h "$sockdir" -p "$port" -U "$owner" -d postgres -tAc \
      "select 1 from pg_database where datname='$dbname'" | grep -q 1; then
    as_owner "$pgbin/createdb" -h "$sockdir" -p "$port" -U "$owner" "$dbname"
  fi
  as_owner "$pgbin/psql" -q -h "$sockdir" -p "$port" -U "$owner" -d "$dbname" \
    -c "set client_min_messages = warning; create extension if not exists postgis; create extension if not exists pg_trgm;" >/dev/null
}

stop() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  if is_running; then as_owner "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on port $port ($pgdata)"; else echo "stopped"; exit 3; fi ;;
  url) url ;;
  shell)
    if [ -n "${DATABASE_URL:-}" ]; then exec psql "$(echo "$DATABASE_URL" | sed 's/+psycopg//')"; fi
    exec "$pgbin/psql" -h "$sockdir" -p "$port" -U "$owner" -d "$dbname" ;;
  destroy) stop; rm -rf "$pgdir" ;;
  ensure-packages) ensure_packages ;;
  *) echo "usage: $0 start|stop|status|url|shell|destroy|ensure-packages [NAME]" >&2; exit 2 ;;
esac
