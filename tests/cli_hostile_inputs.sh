#!/usr/bin/env bash
# Hostile input on the command line (#16): every case must end with a clear
# message and exit status 1 or 2 within its time limit: no crash (a signal,
# status >= 128), no abort, no hang.
# Usage: cli_hostile_inputs.sh PATH_TO_SURGDISTILL FIXTURE_DIR WORK_DIR
set -uo pipefail
exe="$1"
fixture="$2"
work="$3"
export QT_QPA_PLATFORM=offscreen
rm -rf "$work"
mkdir -p "$work"
checked=0
failed=0

# expect PATTERN COMMAND...: exit status 1 or 2 and PATTERN (grep -E) in the output.
expect() {
  local pattern="$1" out status
  shift
  out=$(timeout 120 "$@" 2>&1)
  status=$?
  checked=$((checked + 1))
  if [ "$status" -ne 1 ] && [ "$status" -ne 2 ]; then
    echo "FAIL (exit status $status): $*"
    failed=$((failed + 1))
  elif ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL (no message matching '$pattern'): $*"
    failed=$((failed + 1))
  else
    return 0
  fi
  head -c 2000 <<<"$out"
  echo
  return 1
}

repeat() { # repeat STRING N
  local s
  printf -v s '%*s' "$2" ''
  printf '%s' "${s// /$1}"
}

sft_line() { # a valid SFT example with the given "meta" value
  printf '%s' "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"Which structure?\"}]},"
  printf '%s' "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"The pancreas.\"}]}],"
  printf '%s\n' "\"images\":[\"frame0.png\"],\"meta\":$1}"
}
cp "$fixture/frame0.png" "$work/frame0.png" # data set images live inside the data set's folder

deep_open=$(repeat '[' 200000)
deep_close=$(repeat ']' 200000)
sft_line '{}' >"$work/ok.jsonl"
sft_line "{\"a\":$deep_open$deep_close}" >"$work/deep-meta.jsonl"
printf '%s' "{\"lr\":$deep_open$deep_close}" >"$work/deep-config.json"
printf '%s\n' "$(sft_line '{}')" >"$work/bad-utf8.jsonl"
printf '{"messages":"\xff\xfe"}\n' >>"$work/bad-utf8.jsonl"
printf '{"lr": "\xc3\x28"}\n' >"$work/bad-utf8-config.json"
echo '{"lr": 1e-3, "epochs": 3, "save_every": 1}' >"$work/config.json"

base="$fixture/model"
train=("$exe" train sft --base "$base" --threads 1)

# Deeply nested JSON: a clear error instead of a stack overflow while copying or dumping.
expect 'deep-meta.jsonl:1: .*nested deeper than' "${train[@]}" --dataset "$work/deep-meta.jsonl" --out "$work/run-a"
expect 'deep-config.json: .*nested deeper than' "${train[@]}" --dataset "$work/ok.jsonl" --out "$work/run-b" \
  --config "$work/deep-config.json"
expect 'deep-meta.jsonl:1: .*nested deeper than' "$exe" model create-tiny --corpus "$work/deep-meta.jsonl" \
  --out "$work/tiny"

# Invalid UTF-8: the file and line are named, and the progress line stays valid JSON.
expect 'bad-utf8.jsonl:2: .*UTF-8' "${train[@]}" --dataset "$work/bad-utf8.jsonl" --out "$work/run-c"
expect 'bad-utf8-config.json: .*UTF-8' "${train[@]}" --dataset "$work/ok.jsonl" --out "$work/run-d" \
  --config "$work/bad-utf8-config.json"

# --threads: 0 is the default, anything above the limit is refused before work starts.
for cmd in "train sft --dataset $work/ok.jsonl --base $base --out $work/run-e" \
           "model pretrain-vision --dataset $work/ok.jsonl --base $base --out $work/run-f" \
           "pairs generate --project $work/none --sft-model $base" \
           "demo run --out $work/run-g"; do
  # shellcheck disable=SC2086
  expect '--threads must be' "$exe" $cmd --threads 99999
done

# Disk full while writing a checkpoint: a file size limit (EFBIG, SIGXFSZ ignored)
# stands in for a full disk. The run fails cleanly, leaves no temporary folder,
# and the previous checkpoint stays intact.
run="$work/run-disk"
errors_expected=0
if "${train[@]}" --dataset "$work/ok.jsonl" --out "$run" --config "$work/config.json" --max-steps 1 >/dev/null 2>&1 \
   && [ -f "$run/checkpoint-1/model.safetensors" ]; then
  cp "$run/checkpoint-1/model.safetensors" "$work/checkpoint-1.copy"
  # 4 MiB lets the weights (3.9 MB) through and stops libtorch's optimizer.pt writer; 1 MiB stops the weights.
  for limit_kib in 4096 1024; do
    limited=(bash -c "trap '' XFSZ; ulimit -f $limit_kib; exec \"\$@\"" limited)
    expect 'cannot (write|save)' "${limited[@]}" "${train[@]}" --dataset "$work/ok.jsonl" --out "$run" \
      --config "$work/config.json" --max-steps 2
    checked=$((checked + 1))
    errors_expected=$((errors_expected + 1))
    leftovers=$(find "$run" -maxdepth 1 \( -name '*.tmp' -o -name checkpoint-2 \))
    if [ -n "$leftovers" ]; then
      echo "FAIL ($limit_kib KiB): a failed checkpoint left files behind: $leftovers"; failed=$((failed + 1))
    elif ! cmp -s "$run/checkpoint-1/model.safetensors" "$work/checkpoint-1.copy"; then
      echo "FAIL ($limit_kib KiB): the previous checkpoint changed"; failed=$((failed + 1))
    elif [ "$(grep -c '"event":"error"' "$run/progress.jsonl")" -ne "$errors_expected" ]; then
      echo "FAIL ($limit_kib KiB): progress.jsonl lacks the error event"; failed=$((failed + 1))
    fi
  done
else
  echo "FAIL: the first training run (one step) did not write checkpoint-1"
  failed=$((failed + 1))
fi

echo "$((checked - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
