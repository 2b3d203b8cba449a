#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the running app:
# installs the Debian packages, builds, and opens the embedded demo project
# (created on first start). Extra arguments go to surgdistill (e.g. a project folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec ./build/app/surgdistill "$@"
