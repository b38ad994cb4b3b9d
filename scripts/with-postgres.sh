#!/usr/bin/env bash
# Run a command against a private, throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh <command> [args...]
#
# The test suite runs against a real PostgreSQL server, never a mock or SQLite.
# This script initialises a fresh cluster in a temp dir (fast, unsafe settings:
# fsync/synchronous_commit/full_page_writes off), listening only on 127.0.0.1
# on a free port, creates database "pleegzorg", exports DATABASE_URL, runs the
# command and exits with its exit code. The server and the temp dir are removed
# on exit, failure or interrupt. If DATABASE_URL already points at a postgres
# server, the command is run against that server unchanged.
set -euo pipefail

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    echo "with-postgres: using existing DATABASE_URL server" >&2
    exec "$@"
fi

find_bindir() {
    local d
    d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [[ -x "$d/initdb" ]] && echo "$d"
}
if ! bindir=$(find_bindir); then
    echo "with-postgres: installing PostgreSQL (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
fi

# Server programs refuse to run as root: use the "postgres" user in that case.
# They run from inside the temp dir, since the caller's cwd may be unreadable.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$tmp" && runuser -u postgres -- "$@")
    else
        (cd "$tmp" && "$@")
    fi
}

tmp=$(mktemp -d)
data="$tmp/data"
log="$tmp/postgres.log"

cleanup() {
    local rc=$?
    if [[ -f "$data/postmaster.pid" ]]; then
        as_pg "$bindir/pg_ctl" -D "$data" -w -t 30 stop -m fast >/dev/null 2>&1 ||
            as_pg "$bindir/pg_ctl" -D "$data" -w -t 30 stop -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ $EUID -eq 0 ]] && chown postgres: "$tmp"
chmod 700 "$tmp"

locale=C
locale -a 2>/dev/null | grep -qixE 'c\.utf-?8' && locale=C.UTF-8
if ! as_pg "$bindir/initdb" -D "$data" --auth=trust -U pleegzorg -E UTF8 --locale="$locale" >"$tmp/initdb.log" 2>&1; then
    echo "with-postgres: initdb failed:" >&2
    tail -n 20 "$tmp/initdb.log" >&2
    exit 1
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

if ! as_pg "$bindir/pg_ctl" -D "$data" -w -t 60 start -l "$log" >/dev/null; then
    echo "with-postgres: PostgreSQL failed to start; log tail:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
fi

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U pleegzorg pleegzorg
export DATABASE_URL="postgres://pleegzorg@127.0.0.1:$port/pleegzorg"
# For tools that restart the server on purpose (benchmarks/load.py's fault run).
export PLEEGZORG_PG_BIN="$bindir" PLEEGZORG_PG_DATA="$data"
echo "with-postgres: throwaway PostgreSQL $(basename "$(dirname "$bindir")") on 127.0.0.1:$port" >&2

rc=0
"$@" || rc=$?
exit "$rc"
