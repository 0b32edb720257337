#!/usr/bin/env bash
# Embedded mode of `make run`: one Celery worker with an embedded beat (kombu's filesystem
# transport, no Redis needed) beside Django's development server. Stopping the server stops both.
# The one worker consumes every queue (settings WORKER_QUEUES); production splits them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
PORT="${PORT:-8000}"
mkdir -p var/celery/queue var/celery/control var/log

"$PY" -m celery -A portal worker --beat --pool=solo --concurrency=1 \
  -Q notifications,default,imports,rollups \
  --loglevel=INFO --logfile=var/log/celery.log \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true; wait $WORKER 2>/dev/null || true' EXIT INT TERM

echo "Reisbureau draait op http://127.0.0.1:${PORT}/ (taken: var/log/celery.log). Stoppen: Ctrl+C."
"$PY" manage.py runserver "127.0.0.1:${PORT}"
