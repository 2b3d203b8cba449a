#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the full test suite:
# installs the Debian packages, builds everything (tests and benchmarks), runs ctest.
# Reference fixtures are read from ../shared (tests skip with a message if it is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
start=$(date +%s)
bash scripts/build.sh
echo "build took $(( $(date +%s) - start )) s"
export QT_QPA_PLATFORM=offscreen
# A real PostgreSQL 15 server for the team-project tests, stopped whatever happens.
pg_dir="$(mktemp -d /tmp/surgdistill-pg.XXXXXX)"
trap 'bash scripts/pg-test-server.sh stop "$pg_dir" immediate >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
eval "$(bash scripts/pg-test-server.sh start "$pg_dir")"
export SURGDISTILL_TEST_PG_SCRIPT="$PWD/scripts/pg-test-server.sh"
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 1200
