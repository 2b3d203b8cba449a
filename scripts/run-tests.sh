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
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 1200
