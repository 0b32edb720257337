#!/bin/bash
# Primary (docker-compose.yml, service db), first start only: a role for streaming replication and
# the pg_hba.conf line that lets it connect. A primary created before this file existed needs the
# same two steps by hand (docs/scaling.md, "Read replica").
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=password="${REPLICATION_PASSWORD:-replicator}" <<'EOSQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
EOSQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
