#!/usr/bin/env bash
# Regenerates docs/screenshots/{workspace,model-drafts,propagation,review,smart-select,consensus,issues,team-connect,team-conflict,answer-review,training,ask,tutor}.png from an existing build:
#   bash scripts/screenshots.sh [BUILD_DIR]      (default: build)
# Builds nothing. Creates a small synthetic demo project in a temporary folder,
# starts the app under Xvfb with its own --screenshot option (the window is
# grabbed by Qt itself, no ImageMagick needed) and writes the PNGs (< 400 KB each).
# The answer review shot needs teacher answers: the offline teacher makes them
# (no network). The Ask and tutor views run the tiny Qwen2.5-VL fixture
# (../shared/fixtures); the training view follows a short real SFT run on it.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
app="$build_dir/app/surgdistill"
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
export SURGDISTILL_USER="Dr. Weber" # the name shown in the status bar

QT_QPA_PLATFORM=offscreen "$app" demo create "$tmp/demo" --frames 60 --seed 1 --quiet >/dev/null
mkdir -p docs/screenshots
shot() { # shot NAME [app options...]
  local name="$1"; shift
  if [ -n "${SURGDISTILL_SCREENSHOT_ONLY:-}" ] && [ "$name" != "$SURGDISTILL_SCREENSHOT_ONLY" ]; then
    return 0
  fi
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$app" "$tmp/demo" --frame "$frame" --screenshot "$tmp/$name.png" --screenshot-max-kb 390 "$@"
  mv "$tmp/$name.png" "docs/screenshots/$name.png"
  local size
  size=$(stat -c %s "docs/screenshots/$name.png")
  echo "wrote docs/screenshots/$name.png ($((size / 1024)) KiB)"
  if [ "$size" -ge 409600 ]; then
    echo "screenshots.sh: docs/screenshots/$name.png is larger than 400 KB" >&2
    exit 1
  fi
}
shot workspace

# Model drafts: a copy of the demo whose frame 7 lost its masks (as if newly imported; only this
# throwaway copy is touched), a segmentation model trained briefly on the rest, and `seg predict`.
if [ -z "${SURGDISTILL_SCREENSHOT_ONLY:-}" ] || [ "$SURGDISTILL_SCREENSHOT_ONLY" = model-drafts ]; then
  cp -r "$tmp/demo" "$tmp/segdemo"
  python3 - "$tmp/segdemo/project.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM masks WHERE frame_id = 7")]
for table, column in (("reviews", "mask_id"), ("mask_versions", "mask_id"), ("masks", "id")):
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
db.commit()
PY
  QT_QPA_PLATFORM=offscreen "$app" seg train --project "$tmp/segdemo" --out "$tmp/segdemo/runs/seg" \
    --steps "${SURGDISTILL_SCREENSHOT_SEG_STEPS:-400}" >/dev/null
  QT_QPA_PLATFORM=offscreen "$app" seg predict --project "$tmp/segdemo" --frames 7 >/dev/null
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$app" "$tmp/segdemo" --frame 7 --screenshot "$tmp/model-drafts.png" --screenshot-max-kb 390
  mv "$tmp/model-drafts.png" docs/screenshots/model-drafts.png
  echo "wrote docs/screenshots/model-drafts.png"
fi
[ "${SURGDISTILL_SCREENSHOT_ONLY:-}" = model-drafts ] && exit 0

# Propagated drafts: a throwaway copy of the demo in which the first structure of the first clip (frames 61-70,
# after the 60 independent frames) is left only on the clip's first frame; `seg propagate` carries it onto the
# next 5 frames (optical flow; the copy has no segmentation model) and the shot shows the third of them.
if [ -z "${SURGDISTILL_SCREENSHOT_ONLY:-}" ] || [ "$SURGDISTILL_SCREENSHOT_ONLY" = propagation ]; then
  cp -r "$tmp/demo" "$tmp/propdemo"
  key=$(python3 - "$tmp/propdemo/project.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
sid, key = db.execute("SELECT s.id, s.key FROM masks m JOIN structures s ON s.id = m.structure_id "
                      "WHERE m.frame_id = 61 ORDER BY s.sort_order LIMIT 1").fetchone()
ids = [r[0] for r in db.execute("SELECT id FROM masks WHERE structure_id = ? AND frame_id BETWEEN 62 AND 70", (sid,))]
for table, column in (("reviews", "mask_id"), ("mask_versions", "mask_id"), ("masks", "id")):
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
db.commit()
print(key)
PY
)
  QT_QPA_PLATFORM=offscreen "$app" seg propagate --project "$tmp/propdemo" --frame 61 --structure "$key" --next 5 \
    >/dev/null 2>&1
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$app" "$tmp/propdemo" --frame 64 --screenshot "$tmp/propagation.png" --screenshot-max-kb 390
  mv "$tmp/propagation.png" docs/screenshots/propagation.png
  echo "wrote docs/screenshots/propagation.png"
fi
[ "${SURGDISTILL_SCREENSHOT_ONLY:-}" = propagation ] && exit 0

# Review mode: a reviewer sent the duodenum of frame 3 back, the annotator resubmitted it;
# a second reviewer opens the app in review mode at the next frame waiting for them.
"$app" review request-changes "$tmp/demo" --frame "$frame" --structure duodenum --user "Dr. Weber" \
  --role reviewer --comment "Include the lower border of the duodenum" >/dev/null
"$app" review submit "$tmp/demo" --frame "$frame" --structure duodenum --user "demo reviewer" \
  --comment "Lower border checked" >/dev/null
shot review --user "Dr. Neumann" --role reviewer --review-mode

# Views that UI tests build through the real widgets and photograph with SURGDISTILL_SCREENSHOT_DIR
# set (they fail if the view is not what they check).
test_shot() { # test_shot NAME TEST
  local test="$build_dir/tests/ui/$2"
  if [ -x "$test" ]; then
    SURGDISTILL_SCREENSHOT_DIR="$PWD/docs/screenshots" QT_QPA_PLATFORM=offscreen "$test" >/dev/null
    echo "wrote docs/screenshots/$1.png ($(( $(stat -c %s "docs/screenshots/$1.png") / 1024 )) KiB)"
  else
    echo "screenshots.sh: $test not built; skipping the $1 view" >&2
  fi
}
# Smart select: a box and a Shift+click outside on a demo frame, the proposal's outline (GrabCut).
test_shot smart-select tst_smartselect
# Consensus: three simulated annotators on a demo frame and the reviewer's Consensus dock.
test_shot consensus tst_consensusview
# Pinned review issues: a point and a rectangle pinned with the pin tool, one answered and
# resolved by the annotator; the frame with its pins and the Issues dock.
test_shot issues tst_issuepins
# Team projects: the connection dialog (after the server asked for the password) and a conflict
# notice on a demo frame pushed to a throwaway PostgreSQL server (tst_teamworkspace writes both).
if [ -z "${SURGDISTILL_TEST_PG_HOST:-}" ]; then
  pgdir="$(mktemp -d /tmp/surgdistill-shot-pg.XXXXXX)"
  chmod 755 "$pgdir"
  eval "$(bash scripts/pg-test-server.sh start "$pgdir")"
  trap 'bash scripts/pg-test-server.sh stop "$pgdir" immediate >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
fi
test_shot team-connect tst_teamworkspace
echo "wrote docs/screenshots/team-conflict.png"

QT_QPA_PLATFORM=offscreen "$app" teacher generate --project "$tmp/demo" --provider offline --quiet >/dev/null
SURGDISTILL_USER="Dr. Example" shot answer-review --view review-answers

model="${SURGDISTILL_SCREENSHOT_MODEL:-../shared/fixtures/qwen2_5_vl_tiny/model}"
if [ ! -f "$model/config.json" ]; then
  echo "screenshots.sh: no model at $model; skipping the training, ask and tutor views" >&2
  exit 0
fi
model="$(cd "$model" && pwd)"

# Training: a short real SFT run when the build has the training job.
run="$tmp/run"
mkdir -p "$run"
fixture="$(dirname "$model")"
cp "$fixture/frame0.png" "$tmp/frame0.png"
q="Identify the highlighted anatomical structure and explain its significance for Complete Mesocolic Excision."
for i in 1 2 3 4 5 6 7 8; do
  printf '{"messages":[{"role":"system","content":[{"type":"text","text":"You are a surgical assistant."}]},{"role":"user","content":[{"type":"image"},{"type":"text","text":"%s"}]},{"role":"assistant","content":[{"type":"text","text":"The inferior mesenteric vein, left-sided CME; ligated at the inferior border of the pancreas."}]}],"images":["frame0.png"],"meta":{"frame_id":%d,"structure":"vena_mesenterica_inferior","side":"left","phase":"cme_mobilisation","split":"train"}}\n' "$q" "$i"
done > "$tmp/train.jsonl"
printf '{"lr":0.0001,"epochs":3,"batch_size":1,"grad_accum":1,"warmup_ratio":0.1,"weight_decay":0,"max_grad_norm":1,"seed":1,"lora":null,"freeze":{"vision":true,"merger":false,"language":false},"beta":0.1,"save_every":8,"dtype":"f32"}\n' > "$run/config.json"
QT_QPA_PLATFORM=offscreen "$app" train sft --base "$model" --dataset "$tmp/train.jsonl" \
  --config "$run/config.json" --out "$run" >/dev/null
shot training --view training --watch-run "$run"
shot ask --view ask --model "$model"
shot tutor --view tutor --model "$model"
