#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL / REDIS_URL (defaults: the local ones).
# Starts a local server that is installed but down; fails with a clear message when it cannot.
set -uo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/truck4u}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

pg_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$DATABASE_URL")
pg_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$DATABASE_URL")
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$REDIS_URL")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$REDIS_URL")
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$pg_host" -p "$pg_port"
  else
    (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null
  fi
}
redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [[ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" == "PONG" ]]
  else
    (exec 3<>"/dev/tcp/$redis_host/$redis_port") 2>/dev/null
  fi
}
wait_for() { # name check-fn
  for _ in $(seq 1 50); do "$2" && return 0; sleep 0.2; done
  return 1
}

if ! postgres_up; then
  if is_local "$pg_host" && command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
    echo "PostgreSQL is down at $pg_host:$pg_port; starting it..."
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 || true
    done
  fi
  if ! wait_for postgres postgres_up; then
    echo "ERROR: PostgreSQL is not reachable at $pg_host:$pg_port and could not be started." >&2
    echo "       Install it (apt-get install postgresql) or set DATABASE_URL to a running server." >&2
    exit 1
  fi
fi

if ! redis_up; then
  if is_local "$redis_host" && command -v redis-server >/dev/null 2>&1; then
    echo "Redis is down at $redis_host:$redis_port; starting it..."
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log 2>&1 || true
  fi
  if ! wait_for redis redis_up; then
    echo "ERROR: Redis is not reachable at $redis_host:$redis_port and could not be started." >&2
    echo "       Install it (apt-get install redis-server) or set REDIS_URL to a running server." >&2
    exit 1
  fi
fi
echo "PostgreSQL ($pg_host:$pg_port) and Redis ($redis_host:$redis_port) are up."
