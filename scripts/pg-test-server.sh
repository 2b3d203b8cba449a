#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the test suite and the team bench:
#   pg-test-server.sh start DIR     initdb into DIR (if new), start; prints the env to export
#   pg-test-server.sh stop DIR [immediate|fast]
#   pg-test-server.sh restart DIR   start again after a stop (same port and data)
# The server listens on a Unix socket in DIR and, with TLS (a self-signed certificate made
# here, DIR/server.crt), on 127.0.0.1 at a free port. Local socket logins are trusted (tests
# connect as any role they create); TCP logins need TLS and a password (scram-sha-256).
# Root cannot run PostgreSQL, so as root the server runs as the `postgres` system user.
set -euo pipefail
cmd="${1:?usage: pg-test-server.sh start|stop|restart DIR}"
dir="$(realpath -m "${2:?data folder}")"
bin="$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v pg_ctl)")"
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
superuser="$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )"

case "$cmd" in
start)
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U "$superuser" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # A free TCP port: one nothing answers on.
    while :; do
      port=$(( 20000 + RANDOM % 30000 ))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    as_owner openssl req -new -x509 -days 30 -nodes -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1
    as_owner chmod 600 "$dir/server.key"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
max_connections = 200
fsync = on
log_min_messages = warning
CONF
    cat >"$dir/data/pg_hba.conf" <<HBA
local   all all                 trust
hostssl all all 127.0.0.1/32    scram-sha-256
HBA
    echo "$port" >"$dir/port"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  echo "export SURGDISTILL_TEST_PG_HOST='$dir' SURGDISTILL_TEST_PG_PORT='$(cat "$dir/port")'" \
       "SURGDISTILL_TEST_PG_SUPERUSER='$superuser' SURGDISTILL_TEST_PG_CERT='$dir/server.crt'"
  ;;
restart)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m "${3:-fast}" -w -t 60 stop >/dev/null
  ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac
