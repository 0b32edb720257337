#!/usr/bin/env bash
# Back up the portal's PostgreSQL database to one file (custom format, compressed).
#   scripts/backup.sh [FILE]            uses DATABASE_URL
# Uploaded files live in MEDIA_ROOT (or the configured storage): back those up alongside.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
file="${1:-reisbureau-$(date +%Y%m%d-%H%M%S).dump}"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file"
echo "$file"
