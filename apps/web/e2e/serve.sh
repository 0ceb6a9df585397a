#!/usr/bin/env bash
# The system as `npm start` runs it, built, on PGlite in a fresh directory with a small demo region.
set -euo pipefail
data="dist/e2e-data"
rm -rf "$data"
mkdir -p "$data"
# PGlite, as `npm start` runs: CI sets DATABASE_URL for its PostgreSQL suites, and that server holds other runs' data.
unset DATABASE_URL DATABASE_SCHEMA REPORTS_DATABASE_URL
export DATA_DIR="$data" LOG_LEVEL=warn
node dist/apps/cli/src/main.js demo:generate --participants "${SAMSPAR_E2E_PARTICIPANTS:-300}" >&2
exec node dist/apps/api/src/main.js
