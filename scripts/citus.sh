#!/usr/bin/env bash
# A private Citus cluster for Shramik Atlas: a coordinator and worker nodes on this machine.
#
#   scripts/citus.sh install                          Citus for the installed PostgreSQL (build it if need be)
#   scripts/citus.sh start|stop|status|url|shell|destroy [NAME]
#   scripts/citus.sh database NAME DB                 (re)create database DB on every node, empty, registered
#
# NAME (default "citus"; the tests use "citus-test") names the coordinator's directory data/NAME; the
# workers live in data/NAME-w1, data/NAME-w2, ... Every node is a cluster of scripts/cluster.sh, so it has
# the same authentication as the single node: SCRAM passwords in data/secrets (the workers share the
# coordinator's), no trust rule, a unix socket only its owner can reach. The coordinator listens on
# ATLAS_CITUS_PORT (54359; ATLAS_CITUS_TEST_PORT, 54369, for citus-test) and worker K on that port + K;
# ATLAS_CITUS_WORKERS sets how many workers (2; a larger number adds workers to a running cluster, which
# `python -m bench rebalance` uses). The nodes reach each other through their unix sockets,
# with the roles' passwords in Citus's pg_dist_authinfo (readable by superusers only).
#
# Citus comes from the installed PostgreSQL's library directory when it is there (a deployment installs
# Citus's official packages: see README, "Running on Citus"); otherwise it is built from CITUS_SOURCE
# (default ../shared/vendor/citus-13.2.2.tar.gz, checked against its sha256) with the project's patch,
# cached under data/citus-build, and installed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cluster="$here/scripts/cluster.sh"
name=${2:-citus}
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_config="$pgbin/pg_config"
workers=${ATLAS_CITUS_WORKERS:-2}
case "$name" in
  citus-test) coordinator_port=${ATLAS_CITUS_TEST_PORT:-54369} ;;
  *) coordinator_port=${ATLAS_CITUS_PORT:-54359} ;;
esac
citus_source=${CITUS_SOURCE:-$here/../shared/vendor/citus-13.2.2.tar.gz}
citus_sha256=${CITUS_SHA256:-dd2453caec20a830e5e63f1def5c5a98cb6f57ae510407cdcd800916fcdab430}
build_root="$here/data/citus-build"
build_dependencies=(postgresql-server-dev-15 liblz4-dev libzstd-dev libkrb5-dev libselinux1-dev libxslt1-dev
  libpam0g-dev libreadline-dev flex bison make gcc patch)

say() { echo "$*"; }
fail() { echo "citus.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------ the extension

citus_installed() {
  [ -f "$("$pg_config" --pkglibdir)/citus.so" ] && [ -f "$("$pg_config" --sharedir)/extension/citus.control" ]
}

check_source() {
  [ -f "$citus_source" ] || fail "no Citus source at $citus_source (set CITUS_SOURCE, or install Citus's packages)"
  local actual
  actual=$(sha256sum "$citus_source" | cut -d' ' -f1)
  [ "$actual" = "$citus_sha256" ] || fail "$citus_source has sha256 $actual, expected $citus_sha256"
}

# The build is kept under data/citus-build, keyed by the source's checksum: installing it again is quick.
build_citus() {
  local build="$build_root/$citus_sha256"
  [ -f "$build/.built" ] && return 0
  check_source
  "$here/scripts/debian-packages.sh" "${build_dependencies[@]}"
  say "Building Citus from $citus_source (a few minutes) ..."
  rm -rf "$build"
  mkdir -p "$build"
  tar -xzf "$citus_source" -C "$build" --strip-components=1
  patch -s -d "$build" -p1 <"$here/scripts/citus/have-createdb-privilege.patch"
  (
    cd "$build"
    ./configure -q --without-libcurl PG_CONFIG="$pg_config" >"$build/configure.log" 2>&1 ||
      fail "configure failed; see $build/configure.log and config.log"
    make -s -j"$(nproc)" >"$build/make.log" 2>&1 || fail "the build failed; see $build/make.log"
  )
  touch "$build/.built"
}

install_citus() {
  citus_installed && return 0
  [ "$(id -u)" = 0 ] || fail "Citus is not installed for $("$pg_config" --version); run 'sudo $0 install'"
  build_citus
  say "Installing Citus into $("$pg_config" --pkglibdir) ..."
  make -s -C "$build_root/$citus_sha256" install >"$build_root/$citus_sha256/install.log" 2>&1 ||
    fail "make install failed; see $build_root/$citus_sha256/install.log"
}

# ------------------------------------------------------------------------------------------ nodes

# ATLAS_CITUS_WORKERS workers, or as many as have a directory under data/ (a worker added once is stopped
# and started with the others from then on).
worker_names() {
  local k=$workers
  while [ -d "$here/data/$name-w$((k + 1))" ]; do k=$((k + 1)); done
  seq -f "$name-w%g" 1 "$k"
}
node_port() {  # the coordinator's port, or worker K's: the coordinator's + K
  case "$1" in "$name") echo "$coordinator_port" ;; *) echo $((coordinator_port + ${1##*-w})) ;; esac
}
node_socket() { echo "$here/data/$1/run"; }

# Settings each node needs on top of cluster.sh's: Citus preloaded, its own socket as the address other
# nodes use for it (the nodes listen on no TCP port), logical WAL for the shard rebalancer, and SET LOCAL
# passed on to the workers' connections (row-level security on a shard reads the transaction's atlas.*
# settings there; set_config() is not passed on).
node_settings() {
  cat <<CONF
shared_preload_libraries = 'citus'
citus.propagate_set_commands = 'local'
citus.local_hostname = '$(node_socket "$1")'
citus.shard_count = ${ATLAS_CITUS_SHARDS:-8}
max_prepared_transactions = 200
max_connections = 200
wal_level = logical
CONF
}

on_node() {  # cluster.sh COMMAND NODE ..., with the node's port, settings and extensions
  local command=$1 node=$2
  shift 2
  ATLAS_CLUSTER_PORT=$(node_port "$node") ATLAS_PG_SETTINGS=$(node_settings "$node") \
    ATLAS_PG_EXTENSIONS="citus postgis pg_trgm" "$cluster" "$command" "$node" "$@"
}

coordinator_sql() { on_node psql "$name" -tA "$@"; }

# The workers take the coordinator's password file, so every role has one password on every node.
share_passwords() {
  local node=$1 secrets="$here/data/secrets"
  [ -f "$secrets/$node.pgpass" ] || install -m 600 "$secrets/$name.pgpass" "$secrets/$node.pgpass"
}

# What a node uses to log in to the others: each role's password, for every node (nodeid 0). Citus does
# not copy pg_dist_authinfo to the workers, so every node gets it. Sent on psql's standard input, never
# on a command line.
node_passwords_sql() {
  awk -F: '$1 !~ /^#/ && NF >= 5 {
    printf "DELETE FROM pg_dist_authinfo WHERE nodeid = 0 AND rolename = '\''%s'\'';\n", $4
    printf "INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo) VALUES (0, '\''%s'\'', '\''password=%s'\'');\n", $4, $5
  }' "$here/data/secrets/$name.pgpass"
}

register_nodes() {
  local node socket
  for node in "$name" $(worker_names); do node_passwords_sql | on_node psql "$node" -f - >/dev/null; done
  coordinator_sql -c "SELECT citus_set_coordinator_host('$(node_socket "$name")', $(node_port "$name"))" >/dev/null
  for node in $(worker_names); do
    socket=$(node_socket "$node")
    coordinator_sql -c "SELECT citus_add_node('$socket', $(node_port "$node"))
      WHERE NOT EXISTS (SELECT FROM pg_dist_node WHERE nodename = '$socket')" >/dev/null
  done
}

start() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  "$cluster" ensure-packages
  install_citus
  on_node start "$name"
  local node
  for node in $(worker_names); do
    share_passwords "$node"
    on_node start "$node"
  done
  register_nodes
}

stop() {
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  local node
  for node in $(worker_names) "$name"; do on_node stop "$node"; done
}

status() {
  local node code=0
  for node in "$name" $(worker_names); do
    printf '%-14s ' "$node"
    on_node status "$node" || code=3
  done
  return $code
}

destroy() {
  local node
  for node in $(worker_names) "$name"; do on_node destroy "$node"; done
}

# A fresh, empty database DB on every node, with the extensions, and the workers registered in it.
database() {
  local db=$1 node
  [ -n "$db" ] || fail "usage: $0 database NAME DB"
  for node in "$name" $(worker_names); do
    on_node psql "$node" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  done
  ATLAS_DB_NAME=$db start
}

case "${1:-}" in
  install) install_citus ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) on_node url "$name" ;;
  shell) on_node shell "$name" ;;
  destroy) destroy ;;
  database) database "${3:-}" ;;
  *) echo "usage: $0 install|start|stop|status|url|shell|destroy [NAME] | database NAME DB" >&2
     exit 2 ;;
esac
