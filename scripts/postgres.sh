#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, on a free localhost port.
#
#   scripts/postgres.sh [start]   install if missing, start, print the database URL on stdout
#   scripts/postgres.sh url       print the URL of the running cluster
#   scripts/postgres.sh status    exit 0 if it runs
#   scripts/postgres.sh stop      stop it and delete its files
#
# Typical use:  export ANHORIG_TEST_POSTGRES_URL="$(scripts/postgres.sh)"
# Everything but the URL goes to stderr. Trust authentication on 127.0.0.1 only:
# this is for tests, never for data that matters.
set -euo pipefail

PG_VERSION="${ANHORIG_PG_VERSION:-15}"
PG_ROOT="${ANHORIG_PG_DIR:-/tmp/anhoriglotsen-pg}"
PG_DATA="$PG_ROOT/data"
PG_DB="${ANHORIG_PG_DB:-anhoriglotsen_test}"
PG_USER=postgres

log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local dir="/usr/lib/postgresql/$PG_VERSION/bin"
  if [[ -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; fi
  return 1
}

ensure_installed() {
  if bindir >/dev/null; then return 0; fi
  if [[ "$(id -u)" != 0 ]]; then
    log "PostgreSQL $PG_VERSION is missing and installing it needs root"; exit 1
  fi
  log "installing postgresql-$PG_VERSION with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "postgresql-$PG_VERSION" >&2
}

# Run as the cluster owner: the postgres user when we are root (the server refuses root).
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for port in $(seq 54330 54430); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  log "no free port in 54330-54430"; return 1
}

url() { echo "postgresql+psycopg2://$PG_USER@127.0.0.1:$(cat "$PG_ROOT/port")/$PG_DB"; }

running() {
  [[ -f "$PG_ROOT/port" && -d "$PG_DATA" ]] || return 1
  as_owner "$(bindir)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

start() {
  ensure_installed
  local bin port
  bin="$(bindir)"
  if running; then log "already running"; url; return 0; fi
  mkdir -p "$PG_ROOT"
  if [[ "$(id -u)" == 0 ]]; then chown "$PG_USER" "$PG_ROOT"; fi
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    as_owner "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >&2 \
      || as_owner "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --locale=C >&2
  fi
  port="$(free_port)"
  echo "$port" >"$PG_ROOT/port"
  # fsync off etc.: a test cluster trades durability for speed.
  as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -t 60 \
    -o "-p $port -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
  if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB"
  fi
  log "PostgreSQL $PG_VERSION running on 127.0.0.1:$port (data in $PG_DATA)"
  url
}

stop() {
  if [[ -d "$PG_DATA" ]] && bindir >/dev/null; then
    as_owner "$(bindir)/pg_ctl" -D "$PG_DATA" -m fast -w stop >&2 || true
  fi
  rm -rf "$PG_ROOT"
  log "stopped and removed $PG_ROOT"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) running && url ;;
  status) running ;;
  *) echo "usage: $0 [start|stop|url|status]" >&2; exit 2 ;;
esac
