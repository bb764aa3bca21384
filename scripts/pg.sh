#!/usr/bin/env bash
# A throwaway local PostgreSQL 15 cluster with TimescaleDB preloaded, for the demo and the tests.
#   pg.sh start DIR PORT   initialise DIR if empty, start on 127.0.0.1:PORT, create database "finops"
#   pg.sh stop DIR         fast shutdown
#   pg.sh status DIR
# Runs the server as the "postgres" system user when invoked as root (PostgreSQL refuses root).
# Tuned for a development box; FINOPS_PG_FSYNC and FINOPS_PG_SYNCHRONOUS_COMMIT (on/off) apply at initialisation.
set -euo pipefail
PG_BIN="/usr/lib/postgresql/${FINOPS_PG_MAJOR:-15}/bin"
cmd="${1:?usage: pg.sh start|stop|status DIR [PORT]}"
dir="${2:?data directory required}"
port="${3:-55432}"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >> "$dir/postgresql.conf" <<CONF
# set by scripts/pg.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
max_connections = 200
shared_buffers = 512MB
synchronous_commit = ${FINOPS_PG_SYNCHRONOUS_COMMIT:-off}
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 15min
fsync = ${FINOPS_PG_FSYNC:-on}
max_locks_per_transaction = 256
log_min_messages = warning
CONF
    fi
    if as_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      echo "pg.sh: already running in $dir" >&2
    else
      as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null
    fi
    as_owner "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname = 'finops'" | grep -q 1 \
      || as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres finops
    echo "postgresql://postgres@127.0.0.1:$port/finops"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  status)
    as_owner "$PG_BIN/pg_ctl" -D "$dir" status
    ;;
  *) echo "usage: pg.sh start|stop|status DIR [PORT]" >&2; exit 2 ;;
esac
