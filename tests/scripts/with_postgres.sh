#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1 at a free
# port, with MJGATE_TEST_PG_DSN exported; always removes the cluster and passes
# the command's exit code through. Works as root (via runuser) and as a user.
#   tests/scripts/with_postgres.sh ctest --test-dir build/persistence -L postgres --output-on-failure
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
PGBIN=${PGBIN:-$(pg_config --bindir)}          # initdb/pg_ctl are not on PATH on Debian
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || { echo "with_postgres: initdb not found (install postgresql)" >&2; exit 2; }

dir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 2; }

# Pick a free port; retry the start a few times in case another process grabs it.
started=0
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ "$started" != 1 ]; then
  echo "with_postgres: PostgreSQL did not start" >&2
  cat "$dir/server.log" >&2 || true
  exit 2
fi
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30
"$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qAtc 'create database mjgate_test'
export MJGATE_TEST_PG_DSN="host=127.0.0.1 port=$port dbname=mjgate_test user=postgres"

set +e
"$@"
rc=$?
set -e
exit "$rc"
