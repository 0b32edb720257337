#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database.
#   scripts/restore.sh FILE             uses DATABASE_URL (create the database first)
# Restores schema, data and the triggers that keep the audit trail and customs decisions
# unchangeable. Stop web, worker and beat while restoring.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
file="${1:?give the backup file}"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$file"
echo "restored $file"
