#!/usr/bin/env bash
# `make loadtest`: 50 users walk the demo roles' pages for two minutes on loopback against
# gunicorn (production settings), PostgreSQL and Redis, and the report gives requests, errors
# and p95 per page. Everything this script starts, it stops (also on Ctrl-C or failure).
#
# Overrides: LOAD_USERS (50), LOAD_DURATION (2m), LOAD_SPAWN_RATE (5 per second),
# LOAD_PORT (8765), LOAD_REDIS_PORT (6393), LOAD_DB (reisbureau_load),
# LOAD_PG (postgres://postgres@127.0.0.1:5432), LOAD_WORKERS (3 gunicorn processes),
# LOAD_THREADS (4 threads each), LOAD_KEEP_DB=1 keeps the database afterwards.
# Keep-alive (10 s) is longer than a user's pause between pages (1-3 s): with gunicorn's default
# of 2 s the server closes idle connections just as the client reuses them (connection resets).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
USERS=${LOAD_USERS:-50}
DURATION=${LOAD_DURATION:-2m}
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
PORT=${LOAD_PORT:-8765}
REDIS_PORT=${LOAD_REDIS_PORT:-6393}
DB=${LOAD_DB:-reisbureau_load}
PG=${LOAD_PG:-postgres://postgres@127.0.0.1:5432}
WORKERS=${LOAD_WORKERS:-3}
THREADS=${LOAD_THREADS:-4}
OUT=var/loadtest
mkdir -p "$OUT"

"$BIN/locust" --version >/dev/null 2>&1 || {
  echo "locust is missing: $BIN/pip install -r requirements-load.lock" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "redis-server is missing" >&2; exit 2; }

GUNICORN_PID=""
cleanup() {
  set +e
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null
  fi
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  if [ "${LOAD_KEEP_DB:-0}" != 1 ]; then
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE);" >/dev/null 2>&1
  fi
}
trap cleanup EXIT INT TERM

if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "Port $REDIS_PORT is in use by another Redis; set LOAD_REDIS_PORT" >&2; exit 2
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is in use; set LOAD_PORT" >&2; exit 2
fi

echo "== fresh database ${DB}, Redis on ${REDIS_PORT}"
psql "$PG/postgres" -v ON_ERROR_STOP=1 -q -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE);" \
  -c "CREATE DATABASE ${DB};"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
  --dir "$OUT" --logfile redis.log
for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="$PG/$DB" REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"
echo "== migrate and seed the demo"
DJANGO_SETTINGS_MODULE=portal.settings.local "$PY" manage.py migrate --noinput -v 0
DJANGO_SETTINGS_MODULE=portal.settings.local "$PY" manage.py seed_demo >/dev/null

export DJANGO_SETTINGS_MODULE=loadtest.settings
export SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING
"$PY" manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
"$PY" manage.py collectstatic --noinput -v 0

echo "== gunicorn on 127.0.0.1:${PORT} (${WORKERS} workers x ${THREADS} threads)"
"$BIN/gunicorn" portal.wsgi:application --bind "127.0.0.1:${PORT}" \
  --workers "$WORKERS" --threads "$THREADS" --worker-class gthread --timeout 60 --keep-alive 10 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${PORT}/health/" >/dev/null 2>&1 && break; sleep 0.2
done
curl -fsS "http://127.0.0.1:${PORT}/health/"; echo

echo "== locust: ${USERS} users for ${DURATION}"
set +e
"$BIN/locust" -f loadtest/locustfile.py --headless --host "http://127.0.0.1:${PORT}" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --stop-timeout 10 \
  --csv "$OUT/locust" --only-summary --loglevel WARNING 2>&1 | tail -n 3
"$PY" loadtest/report.py "$OUT/locust"
STATUS=$?
set -e
grep -E "Traceback|Error" "$OUT/gunicorn.log" | head -n 5 || true
exit $STATUS
