#!/usr/bin/env bash
# Regenerates docs/screenshots/workspace.png and review.png from an existing build:
#   bash scripts/screenshots.sh [BUILD_DIR]      (default: build)
# Builds nothing. Creates a small synthetic demo project in a temporary folder,
# starts the app under Xvfb with its own --screenshot option (the window is
# grabbed by Qt itself, no ImageMagick needed) and writes the PNG (< 400 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
app="$build_dir/app/surgdistill"
out="docs/screenshots/workspace.png"
review_out="docs/screenshots/review.png"
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

# Review mode: a reviewer sent the duodenum of frame 3 back, the annotator resubmitted it;
# a second reviewer opens the app in review mode at the next frame waiting for them.
"$app" review request-changes "$tmp/demo" --frame "$frame" --structure duodenum --user "Dr. Weber" \
  --role reviewer --comment "Include the lower border of the duodenum" >/dev/null
"$app" review submit "$tmp/demo" --frame "$frame" --structure duodenum --user "demo reviewer" \
  --comment "Lower border checked" >/dev/null
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$app" "$tmp/demo" --user "Dr. Neumann" --role reviewer --review-mode \
  --screenshot "$tmp/review.png" --screenshot-max-kb 390
mv "$tmp/review.png" "$review_out"

for f in "$out" "$review_out"; do
  size=$(stat -c %s "$f")
  echo "wrote $f ($((size / 1024)) KiB)"
  if [ "$size" -ge 409600 ]; then
    echo "screenshots.sh: $f is larger than 400 KB" >&2
    exit 1
  fi
done
