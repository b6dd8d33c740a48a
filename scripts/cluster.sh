#!/usr/bin/env bash
# Private PostgreSQL+PostGIS cluster for Shramik Atlas.
#
#   scripts/cluster.sh start|stop|status|url|shell|destroy|backup|restore|restore-check|ensure-packages  [NAME] [TARGET_TIME]
#   scripts/cluster.sh psql NAME [PSQL ARGS...]    (psql on the cluster's database, as its owner, for scripts)
#
# NAME selects the cluster directory data/NAME (default "pg"); tests use "pg-test". Each cluster gets
# its own port (ATLAS_CLUSTER_PORT overrides it) and unix-socket directory, so that it never collides
# with a system cluster. When DATABASE_URL is set, start/stop do nothing and url prints it.
#
# Nobody connects without a password. Every role's SCRAM-SHA-256 password is generated when the cluster
# is created and kept in data/secrets/NAME.pgpass, a libpq password file that only the user running
# this script can read; the URL names it (passfile=...), so every client finds it with no extra step.
# pg_hba.conf has no trust rule: peer only for the cluster's OS owner, and only for the replication
# connection that backups use; SCRAM for everything else; TLS (hostssl) as soon as the server listens
# beyond localhost (ATLAS_PG_LISTEN; the default is the unix socket only, itself readable by its owner only).
#
# Backups (see README, "Backups"): `backup` takes a base backup with pg_basebackup; WAL is archived
# continuously into the same directory (ATLAS_BACKUP_DIR/NAME, default data/backups/NAME) once a first
# backup exists. `restore NAME [TARGET_TIME]` restores the cluster to that time (default: the latest WAL);
# with ATLAS_RESTORE_FROM=OTHER it restores OTHER's backups into cluster NAME (a restore check).
#
# Other scripts build on it (scripts/citus.sh runs one such cluster per Citus node): ATLAS_PG_SETTINGS adds
# lines to the server settings (say shared_preload_libraries) and ATLAS_PG_EXTENSIONS names the extensions
# created in the database, in order (default: postgis pg_trgm).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
name=${2:-pg}
pgdir="$here/data/$name"
pgdata="$pgdir/cluster"
sockdir="$pgdir/run"
logfile="$pgdir/postgres.log"
secrets="$here/data/secrets"
passfile="$secrets/$name.pgpass"
backupdir="${ATLAS_BACKUP_DIR:-$here/data/backups}/$name"
walarchive="$backupdir/wal"
dbname=${ATLAS_DB_NAME:-atlas}
app_role=atlas_app
extensions=${ATLAS_PG_EXTENSIONS:-postgis pg_trgm}
listen=${ATLAS_PG_LISTEN:-}
case "$name" in
  pg) port=${ATLAS_PG_PORT:-54329} ;;
  pg-test) port=${ATLAS_PG_TEST_PORT:-54339} ;;
  *) port=${ATLAS_PG_PORT:-54349} ;;
esac
port=${ATLAS_CLUSTER_PORT:-$port}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}

# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

say() { echo "$*"; }
fail() { echo "cluster.sh: $*" >&2; exit 1; }

ensure_packages() {
  "$here/scripts/debian-packages.sh" postgresql-15 postgresql-15-postgis-3
}

# The port the server runs on (its postmaster.pid says), else the configured one.
running_port() {
  if [ -f "$pgdata/postmaster.pid" ]; then sed -n 4p "$pgdata/postmaster.pid"; else echo "$port"; fi
}

url() {
  if [ -n "${DATABASE_URL:-}" ]; then echo "$DATABASE_URL"; return; fi
  echo "postgresql+psycopg://$owner@/$dbname?host=$sockdir&port=$(running_port)&passfile=$passfile"
}

is_running() {
  [ -f "$pgdata/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1
}

# psql as the user running this script, with the password file (never a password on a command line).
run_psql() {
  PGPASSFILE="$passfile" "$pgbin/psql" -X -q -w -v ON_ERROR_STOP=1 -h "$sockdir" -p "$(running_port)" -U "$owner" "$@"
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

prepare_dirs() {
  mkdir -p "$pgdir" "$sockdir"
  if [ "$(id -u)" = 0 ]; then
    grant_traverse
    chown -R postgres:postgres "$pgdir"
  fi
}

owned_dir() {  # a directory only the cluster's owner may enter
  mkdir -p "$1"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

# ------------------------------------------------------------------------------------------ configuration

is_local_only() {  # listening on loopback addresses only
  local address addresses
  IFS=', ' read -ra addresses <<<"$listen"
  for address in "${addresses[@]}"; do
    case "$address" in localhost|127.0.0.1|::1) ;; *) return 1 ;; esac
  done
}

hba_rules() {
  cat <<HBA
# Written by scripts/cluster.sh at every start; change the script, not this file.
# No trust rule: every role has a SCRAM-SHA-256 password (data/secrets/$name.pgpass).
# Peer only for the cluster's OS owner, and only for the replication connection of backups.
HBA
  printf '%-9s %-13s %-13s %-17s %s\n' local replication "$owner" "" peer local all all "" scram-sha-256
  if [ -n "$listen" ] && is_local_only; then
    printf '%-9s %-13s %-13s %-17s %s\n' host all all 127.0.0.1/32 scram-sha-256 host all all ::1/128 scram-sha-256
  elif [ -n "$listen" ]; then
    echo "# Listening beyond localhost: TLS is required for every TCP connection."
    printf '%-9s %-13s %-13s %-17s %s\n' hostssl all all all scram-sha-256 hostnossl all all all reject
  fi
}

# Settings this script owns, included at the end of postgresql.conf (so they win over older lines).
server_settings() {
  local archive="test ! -d \"$walarchive\" || (test -f \"$walarchive/%f\" || (cp %p \"$walarchive/%f.part\" && mv \"$walarchive/%f.part\" \"$walarchive/%f\"))"
  cat <<CONF
# Written by scripts/cluster.sh at every start; change the script, not this file.
listen_addresses = '$listen'
port = $port
unix_socket_directories = '$sockdir'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
wal_level = replica
archive_mode = on
archive_command = '${archive//\'/\'\'}'
archive_timeout = ${ATLAS_ARCHIVE_TIMEOUT:-300}
CONF
  if [ -n "${ATLAS_PG_SETTINGS:-}" ]; then printf '%s\n' "$ATLAS_PG_SETTINGS"; fi
  if [ -n "$listen" ] && ! is_local_only; then
    echo "ssl = on"
    echo "ssl_cert_file = 'server.crt'"
    echo "ssl_key_file = 'server.key'"
  else
    echo "ssl = off"
  fi
}

# A self-signed certificate for a server that listens beyond localhost (replace it with the
# organisation's own: server.crt and server.key in the data directory).
ensure_certificate() {
  [ -n "$listen" ] && ! is_local_only || return 0
  [ -f "$pgdata/server.crt" ] && return 0
  "$here/scripts/debian-packages.sh" openssl
  say "Creating a self-signed TLS certificate for $name (replace $pgdata/server.crt and server.key with your own) ..."
  as_owner openssl req -new -x509 -days 3650 -nodes -subj "/CN=$(hostname)" \
    -keyout "$pgdata/server.key" -out "$pgdata/server.crt" >/dev/null 2>&1
  as_owner chmod 600 "$pgdata/server.key"
}

# Write a file in the data directory as its owner; returns 0 when the content changed.
write_owned() {
  local target=$1 content=$2
  if [ -f "$target" ] && [ "$(cat "$target")" = "$content" ]; then return 1; fi
  printf '%s\n' "$content" | as_owner tee "$target.new" >/dev/null
  as_owner chmod 600 "$target.new"
  as_owner mv "$target.new" "$target"
}

configure() {
  local changed=1
  grep -q "^include_if_exists = 'atlas.conf'" "$pgdata/postgresql.conf" ||
    echo "include_if_exists = 'atlas.conf'" | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
  ensure_certificate
  write_owned "$pgdata/atlas.conf" "$(server_settings)" && changed=0
  write_owned "$pgdata/pg_hba.conf" "$(hba_rules)" && changed=0
  return $changed
}

create_cluster() {
  say "Creating a private PostgreSQL cluster in $pgdata (port $port) ..."
  # No trust even while it is created: the owner's peer login sets the passwords (ensure_passwords).
  as_owner "$pgbin/initdb" -D "$pgdata" -U "$owner" --auth-local=peer --auth-host=reject \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat <<CONF | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
fsync = ${ATLAS_PG_FSYNC:-on}
CONF
}

# ------------------------------------------------------------------------------------------ passwords

new_password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

password_of() {  # the role's password in the password file, if any
  [ -f "$passfile" ] && awk -F: -v role="$1" '$1 !~ /^#/ && $4 == role { print $5 }' "$passfile" || true
}

can_log_in() {  # as the user running this script, with the password file only
  PGPASSFILE="$passfile" HOME=/nonexistent "$pgbin/psql" -X -w -h "$sockdir" -p "$(running_port)" -U "$1" \
    -d postgres -tAc "SELECT 1" >/dev/null 2>&1
}

reload() { as_owner "$pgbin/pg_ctl" -D "$pgdata" reload >/dev/null; sleep 0.3; }

# Every role gets its SCRAM password: generated the first time (a new cluster, or one made before
# passwords), re-applied from the file when the server does not accept it (say, a restored backup).
# They are set through a window in which only the owner's peer login is allowed, never trust.
ensure_passwords() {
  if [ -f "$passfile" ] && can_log_in "$owner" && can_log_in "$app_role"; then return; fi
  local owner_pw app_pw
  owner_pw=$(password_of "$owner")
  app_pw=$(password_of "$app_role")
  [ -n "$owner_pw" ] || owner_pw=$(new_password)
  [ -n "$app_pw" ] || app_pw=$(new_password)
  say "Setting the SCRAM passwords of $owner and $app_role in $name (kept in $passfile) ..."
  write_owned "$pgdata/pg_hba.conf" "local all $owner peer" || true
  reload
  printf '%s\n' "SET password_encryption = 'scram-sha-256';" \
    "ALTER ROLE \"$owner\" PASSWORD '$owner_pw';" \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$app_role') THEN" \
    "  CREATE ROLE $app_role LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; END \$\$;" \
    "ALTER ROLE $app_role PASSWORD '$app_pw';" |
    as_owner "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$(running_port)" -U "$owner" -d postgres -f - >/dev/null
  (
    umask 077
    mkdir -p "$secrets"
    chmod 700 "$secrets"
    printf '%s\n' "# SCRAM passwords of the roles of cluster $name (a libpq password file; keep it mode 0600)." \
      "*:*:*:$owner:$owner_pw" "*:*:*:$app_role:$app_pw" >"$passfile.new"
    mv "$passfile.new" "$passfile"
  )
  write_owned "$pgdata/pg_hba.conf" "$(hba_rules)" || true
  reload
  can_log_in "$owner" && can_log_in "$app_role" || fail "the new passwords do not work; see $logfile"
}

# ------------------------------------------------------------------------------------------ start and stop

# "older than the installed binaries": the server binary was (re)installed after the server started,
# or the running version differs from the installed one (a minor upgrade under a running cluster).
server_is_older() {
  local started installed running_version installed_version
  started=$(run_psql -d postgres -tAc "SELECT extract(epoch FROM pg_postmaster_start_time())::bigint") || return 1
  installed=$(stat -L -c %Z "$pgbin/postgres")
  running_version=$(run_psql -d postgres -tAc "SHOW server_version")
  installed_version=$("$pgbin/postgres" --version | sed 's/^postgres (PostgreSQL) //')
  if [ "$running_version" != "$installed_version" ] || [ "$installed" -gt "$started" ]; then
    say "The running PostgreSQL server of $name ($running_version) is older than the installed binaries" \
      "($installed_version, installed $(date -d "@$installed" '+%d-%m-%Y %H:%M')): restarting it, so that" \
      "extensions load from the same version ..."
    return 0
  fi
  return 1
}

needs_restart() {  # a changed setting that only takes effect after a restart
  [ "$(run_psql -d postgres -tAc "SELECT count(*) FROM pg_settings WHERE pending_restart")" != 0 ]
}

restart() { as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$logfile" -m fast -w -t 120 restart >/dev/null; }

ensure_database() {
  if ! run_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1; then
    run_psql -d postgres -c "CREATE DATABASE \"$dbname\""
  fi
  local extension
  for extension in $extensions; do  # only when missing: a Citus worker refuses even CREATE ... IF NOT EXISTS
    run_psql -d "$dbname" -tAc "SELECT 1 FROM pg_extension WHERE extname = '$extension'" | grep -q 1 ||
      run_psql -d "$dbname" -c "SET client_min_messages = warning; CREATE EXTENSION $extension;"
  done
}

start() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  ensure_packages
  prepare_dirs
  [ -f "$pgdata/PG_VERSION" ] || create_cluster
  local changed=1
  configure && changed=0
  if is_running; then
    [ $changed = 0 ] && reload
    ensure_passwords
    if server_is_older; then
      restart
    elif needs_restart; then
      say "Restarting $name so that changed settings take effect ..."
      restart
    fi
  else
    as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 120 start >/dev/null
    ensure_passwords
  fi
  ensure_database
}

stop() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  if is_running; then as_owner "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null; fi
}

shell() {
  if [ -n "${DATABASE_URL:-}" ]; then exec psql "$(echo "$DATABASE_URL" | sed 's/+psycopg//')"; fi
  PGPASSFILE="$passfile" exec "$pgbin/psql" -h "$sockdir" -p "$(running_port)" -U "$owner" -d "$dbname"
}

destroy() {
  stop
  rm -rf "$pgdir"
  rm -f "$passfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on port $(running_port) ($pgdata)"; else echo "stopped"; exit 3; fi ;;
  url) url ;;
  psql) run_psql -d "$dbname" "${@:3}" ;;
  shell) shell ;;
  destroy) destroy ;;
  backup) source "$here/scripts/backup.sh"; backup ;;
  restore) source "$here/scripts/backup.sh"; restore "${3:-}" ;;
  restore-check) source "$here/scripts/backup.sh"; restore_check "${3:-}" ;;
  counts) source "$here/scripts/backup.sh"; table_counts ;;
  ensure-packages) ensure_packages ;;
  *) echo "usage: $0 start|stop|status|url|shell|destroy|backup|restore|restore-check|ensure-packages [NAME] [TARGET_TIME]" >&2
     exit 2 ;;
esac
