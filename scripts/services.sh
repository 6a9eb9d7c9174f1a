#!/usr/bin/env bash
# Starts the local PostgreSQL and MariaDB servers the migration tests use, if they are not up,
# and waits until both answer. Safe to run again.
set -euo pipefail

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then echo "$1 is up"; return 0; fi
    sleep 1
  done
  echo "$1 did not come up" >&2
  return 1
}

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi
wait_for PostgreSQL "pg_isready -h 127.0.0.1 -p 5432"

if ! mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then
  if [ -x /usr/sbin/mariadbd ]; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  fi
fi
wait_for MariaDB "mariadb-admin -h 127.0.0.1 -P 3306 -u root ping"
