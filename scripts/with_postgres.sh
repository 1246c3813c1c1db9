#!/usr/bin/env bash
# Run a command against a throwaway local PostgreSQL server: starts one from the machine's
# binaries on 127.0.0.1, exports DATABASE_URL, runs the command, then stops and removes the server.
#   scripts/with_postgres.sh pytest tests/web
set -euo pipefail
PORT=${GREATJOBS_PG_PORT:-54329}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
if [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL (e.g. Debian's postgresql package) or set PGBIN." >&2
  exit 1
fi
DIR=$(mktemp -d)
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" \
  -l "$DIR/log" -w start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT for: $*"
"$@"
