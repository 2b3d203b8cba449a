#!/usr/bin/env bash
# Configures and builds SurgDistill into ./build (Release). Used by run-app.sh and run-tests.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${SURGDISTILL_BUILD_DIR:-build}"
jobs="$(nproc)"
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
else
  cmake "$build_dir" "$@" >/dev/null
fi
cmake --build "$build_dir" -j "$jobs"
