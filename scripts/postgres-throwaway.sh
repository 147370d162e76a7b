#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary
# folder, listening on the loopback address only, owned by a non-root account
# (PostgreSQL refuses to run as root).
#   scripts/postgres-throwaway.sh start       prints the superuser's connection string, then the server's folder
#   scripts/postgres-throwaway.sh pause DIR   stops the server, keeping its data (a test of a dropped connection)
#   scripts/postgres-throwaway.sh resume DIR  starts it again on the same port
#   scripts/postgres-throwaway.sh stop DIR    stops it and removes the folder
# The server trusts loopback connections: it is for tests, never for data.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server programs not found (/usr/lib/postgresql/*/bin)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    owner=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        owner=gapdesk-pg
        id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    fi
    dir=$(mktemp -d /tmp/gapdesk-pg.XXXXXX)
    chown "$owner" "$dir"
    chmod 700 "$dir"
    # A free port: ask the kernel for one.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
max_connections = 200
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=127.0.0.1 port=$port user=postgres dbname=postgres"
    echo "$dir"
    ;;
pause | resume | stop)
    dir=${2:?the server folder}
    owner=$(stat -c %U "$dir")
    case "$1" in
    pause) as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
    resume) as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ;;
    stop)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$dir"
        ;;
    esac
    ;;
*)
    echo "usage: $0 start | pause DIR | resume DIR | stop DIR" >&2
    exit 2
    ;;
esac
