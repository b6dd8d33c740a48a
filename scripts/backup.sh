# Backups and point-in-time recovery of a private cluster, with PostgreSQL's own tools.
# Sourced by scripts/cluster.sh (`backup NAME`, `restore NAME [TARGET_TIME]`); see README, "Backups".
#
# ATLAS_BACKUP_DIR/NAME (default data/backups/NAME; put it on another disk) holds, readable by the
# cluster's owner only:
#   base/YYYYMMDDTHHMMSSZ/  a base backup by pg_basebackup (base.tar.gz, pg_wal.tar.gz, backup_manifest)
#                           and finished_at (epoch seconds), the earliest time it can be restored to
#   wal/                    every WAL segment, archived by the server as it is written (archive_command,
#                           set by cluster.sh); archive_timeout bounds what a lost disk costs (5 minutes)
# ATLAS_BACKUP_KEEP base backups are kept (default 7: a week of nightly backups); WAL older than the
# oldest one kept is removed with it.

# Let the cluster's owner reach a directory (the traverse bit on the folders above it, never read).
reachable_by_owner() {
  [ "$(id -u)" = 0 ] || return 0
  local dir=$1
  while [ "$dir" != "/" ]; do
    if [ -d "$dir" ] && ! runuser -u postgres -- test -x "$dir"; then chmod o+x "$dir"; fi
    dir=$(dirname "$dir")
  done
}

backup() {
  [ -z "${DATABASE_URL:-}" ] || fail "DATABASE_URL names an outside server: back it up with its administrator's tools"
  is_running || fail "cluster $name is not running; start it first (make db-start)"
  mkdir -p "$backupdir"
  reachable_by_owner "$(dirname "$backupdir")"
  owned_dir "$backupdir"
  owned_dir "$walarchive"
  owned_dir "$backupdir/base"
  if configure; then reload; fi  # archive_command names this directory
  local stamp target
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  target="$backupdir/base/$stamp"
  say "Backing up $name into $target ..."
  # The replication connection of the cluster's own OS user (peer): no password needed or kept here.
  as_owner "$pgbin/pg_basebackup" -h "$sockdir" -p "$(running_port)" -U "$owner" -w -D "$target" \
    --format=tar --gzip --wal-method=stream --checkpoint=fast
  date -u +%s | as_owner tee "$target/finished_at" >/dev/null
  prune_backups
  say "Backup $stamp of $name: $(du -sh "$target" | cut -f1); WAL is archived continuously into $walarchive"
}

# The WAL file a base backup starts from: older WAL is of no use to it.
start_wal_of() {
  tar -xzOf "$1/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .*(file \(.*\))$/\1/p'
}

prune_backups() {
  local keep=${ATLAS_BACKUP_KEEP:-7} backups
  mapfile -t backups < <(find "$backupdir/base" -mindepth 1 -maxdepth 1 -type d -name '*Z' -printf '%f\n' | sort)
  while [ "${#backups[@]}" -gt "$keep" ]; do
    say "Removing the old base backup ${backups[0]} (ATLAS_BACKUP_KEEP=$keep)"
    rm -rf "${backupdir:?}/base/${backups[0]}"
    backups=("${backups[@]:1}")
  done
  as_owner "$pgbin/pg_archivecleanup" "$walarchive" "$(start_wal_of "$backupdir/base/${backups[0]}")"
}

# The newest base backup (of $source_backups) that finished at or before the epoch second $1 (any when empty).
backup_before() {
  local chosen="" dir
  for dir in $(find "$source_backups/base" -mindepth 1 -maxdepth 1 -type d -name '*Z' | sort); do
    [ -f "$dir/finished_at" ] || continue
    if [ -z "$1" ] || [ "$(cat "$dir/finished_at")" -le "$1" ]; then chosen=$dir; fi
  done
  echo "$chosen"
}

# Close the current WAL segment and wait until it is archived, so a restore can replay up to now.
archive_current_wal() {
  local segment waited=0
  segment=$(run_psql -d postgres -tAc "SELECT pg_walfile_name(pg_switch_wal())")
  until [ -f "$walarchive/$segment" ]; do
    [ $waited -lt 120 ] || fail "WAL segment $segment was not archived into $walarchive within a minute; see $logfile"
    sleep 0.5
    waited=$((waited + 1))
  done
}

recovery_settings() {
  echo "# Written by scripts/cluster.sh restore; removed when the restore is done."
  echo "restore_command = 'cp \"$source_backups/wal/%f\" %p'"
  if [ -n "$1" ]; then echo "recovery_target_time = '$1'"; fi
  echo "recovery_target_action = 'promote'"
}

restore() {
  local target_time=${1:-} target_epoch="" chosen replaced
  [ -z "${DATABASE_URL:-}" ] || fail "DATABASE_URL names an outside server: restore it with its administrator's tools"
  # The backups to restore: this cluster's, or for a restore check another's (ATLAS_RESTORE_FROM). The
  # restored cluster archives its own WAL under its own name, never into the backups it came from.
  local from=${ATLAS_RESTORE_FROM:-$name}
  source_backups="${ATLAS_BACKUP_DIR:-$here/data/backups}/$from"
  case "$target_time" in *"'"*|*\\*) fail "TARGET_TIME may not contain quotes or backslashes" ;; esac
  if [ -n "$target_time" ]; then
    target_epoch=$(date -d "$target_time" +%s 2>/dev/null) ||
      fail "TARGET_TIME '$target_time' is not a time; write it as '2026-12-07 14:30:00+05:30'"
  fi
  [ -d "$source_backups/base" ] || fail "no backups of $from in $source_backups; take one with make backup"
  chosen=$(backup_before "$target_epoch")
  [ -n "$chosen" ] || fail "no base backup of $from finished before $target_time; the oldest is $(backup_before '')"
  if is_running; then
    [ "$from" != "$name" ] || archive_current_wal
    stop
  fi
  replaced="$pgdir/cluster.replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  say "Restoring $name from $(basename "$chosen") to ${target_time:-the end of the archived WAL} ..."
  prepare_dirs
  if [ -d "$pgdata" ]; then mv "$pgdata" "$replaced"; else replaced=""; fi
  as_owner mkdir -m 700 "$pgdata"
  as_owner tar -xzf "$chosen/base.tar.gz" -C "$pgdata"
  as_owner tar -xzf "$chosen/pg_wal.tar.gz" -C "$pgdata/pg_wal"
  write_owned "$pgdata/atlas-recovery.conf" "$(recovery_settings "$target_time")" || true
  grep -q "^include_if_exists = 'atlas-recovery.conf'" "$pgdata/postgresql.conf" ||
    echo "include_if_exists = 'atlas-recovery.conf'" | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
  configure || true
  as_owner touch "$pgdata/recovery.signal"
  if ! recover; then
    stop || true
    as_owner rm -rf "$pgdir/cluster.failed-restore"
    mv "$pgdata" "$pgdir/cluster.failed-restore"
    [ -z "$replaced" ] || mv "$replaced" "$pgdata"
    [ -z "$replaced" ] || as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 120 start >/dev/null
    fail "the restore of $name failed (see $logfile); the cluster runs on its data as before the restore," \
      "and the failed attempt is in $pgdir/cluster.failed-restore"
  fi
  as_owner rm -f "$pgdata/atlas-recovery.conf"
  restart
  ensure_passwords
  say "Restored $name to ${target_time:-the end of the archived WAL} from the base backup $(basename "$chosen")."
  [ -z "$replaced" ] || say "The data directory it replaced is kept in $replaced: delete it once the restored data is checked."
}

# Start the server on a restored directory and wait until it has replayed the WAL and been promoted.
recover() {
  as_owner "$pgbin/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 600 start >/dev/null || return 1
  local waited=0
  # The control file says when recovery is over (no password needed: a restore check has none yet).
  until as_owner "$pgbin/pg_controldata" -D "$pgdata" | grep -q "^Database cluster state: *in production"; do
    is_running || return 1
    [ $waited -lt 1200 ] || return 1
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Every table's row count in the cluster's database, one "table count" line each.
table_counts() {
  local sql
  sql=$(run_psql -d "$dbname" -tAc "SELECT string_agg(format('SELECT %L, count(*) FROM %I', tablename, tablename), \
    ' UNION ALL ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")
  run_psql -d "$dbname" -tA -F ' ' -c "$sql"
}

# Restore this cluster's latest backup into a scratch cluster NAME-check (CHECK_PORT, else a free port),
# print its row counts beside this cluster's, and remove it. The live cluster is only read.
restore_check() {
  local check="$name-check" port here_counts
  port=${CHECK_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  if is_running; then archive_current_wal; fi  # so that both hold the same changes, up to now
  ATLAS_RESTORE_FROM="$name" ATLAS_CLUSTER_PORT="$port" "$here/scripts/cluster.sh" restore "$check" "${1:-}"
  here_counts=$(if is_running; then table_counts; fi)
  say "rows per table: restored into $check, and in $name now"
  ATLAS_CLUSTER_PORT="$port" "$here/scripts/cluster.sh" counts "$check" |
    while read -r table count; do
      printf '%-28s %12s %12s\n' "$table" "$count" "$(awk -v t="$table" '$1 == t { print $2 }' <<<"$here_counts")"
    done
  ATLAS_CLUSTER_PORT="$port" "$here/scripts/cluster.sh" destroy "$check"
  say "The restore check of $name succeeded; $check was removed."
}
