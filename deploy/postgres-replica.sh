#!/bin/bash
# Read replica (docker-compose.yml, service db-replica, profile "replica"): on first start clone
# the primary with pg_basebackup (-R writes standby.signal and primary_conninfo), then run as a
# hot standby that streams from it. Runs as the postgres user; PGPASSWORD is the replicator's.
set -euo pipefail
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup --pgdata="$PGDATA" --host=db --port=5432 --username=replicator \
      --wal-method=stream --write-recovery-conf --checkpoint=fast; do
    echo "primary not reachable yet; retrying in 5 s" >&2
    find "$PGDATA" -mindepth 1 -delete
    sleep 5
  done
fi
chmod 0700 "$PGDATA"
exec postgres -c hot_standby=on -c max_connections="${POSTGRES_MAX_CONNECTIONS:-200}"
