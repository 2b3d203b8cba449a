#!/usr/bin/env bash
# Regenerates docs/screenshots/workspace.png and answer-review.png from an existing build:
#   bash scripts/screenshots.sh [BUILD_DIR]      (default: build)
# Builds nothing. Creates a small synthetic demo project in a temporary folder,
# starts the app under Xvfb with its own --screenshot option (the window is
# grabbed by Qt itself, no ImageMagick needed) and writes the PNGs (< 400 KB each).
# The answer review shot needs teacher answers: the offline teacher makes them
# (no network), and the app opens the screen with --screenshot-view.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
app="$build_dir/app/surgdistill"
out="docs/screenshots/workspace.png"
frame="${SURGDISTILL_SCREENSHOT_FRAME:-3}"   # frame 3 of seed 1 shows three structures

if [ ! -x "$app" ]; then
  echo "screenshots.sh: $app not found; build first (bash scripts/build.sh)" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Own settings and data folders: the user's saved window layout must not leak in.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"

QT_QPA_PLATFORM=offscreen "$app" demo create "$tmp/demo" --frames 60 --seed 1 --quiet >/dev/null
mkdir -p "$(dirname "$out")"
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$app" "$tmp/demo" --frame "$frame" --screenshot "$tmp/workspace.png" --screenshot-max-kb 390
mv "$tmp/workspace.png" "$out"
QT_QPA_PLATFORM=offscreen "$app" teacher generate --project "$tmp/demo" --provider offline --quiet >/dev/null
xvfb-run -a -s "-screen 0 1600x1000x24" \
  env SURGDISTILL_USER="Dr. Example" "$app" "$tmp/demo" --screenshot-view review-answers --screenshot "$tmp/answer-review.png" --screenshot-max-kb 390
mv "$tmp/answer-review.png" docs/screenshots/answer-review.png
for f in "$out" docs/screenshots/answer-review.png; do
  size=$(stat -c %s "$f")
  echo "wrote $f ($((size / 1024)) KiB)"
  if [ "$size" -ge 409600 ]; then
    echo "screenshots.sh: $f is larger than 400 KB" >&2
    exit 1
  fi
done
