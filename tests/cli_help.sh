#!/usr/bin/env bash
# Every command, and every sub-command a command's help names, answers --help with
# exit status 0 and a usage text (#8). Usage: cli_help.sh PATH_TO_SURGDISTILL
set -euo pipefail
exe="$1"
export QT_QPA_PLATFORM=offscreen
commands=$("$exe" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF {print $1}')
[ -n "$commands" ] || { echo "no commands listed by --help"; exit 1; }
checked=0
check() {
  local out
  if ! out=$("$exe" "$@" --help 2>&1); then echo "FAIL: surgdistill $* --help exits non-zero"; echo "$out"; exit 1; fi
  grep -qi "usage" <<<"$out" || { echo "FAIL: surgdistill $* --help prints no usage"; echo "$out"; exit 1; }
  checked=$((checked + 1))
}
for c in $commands; do
  check "$c"
  # Sub-commands: words following "surgdistill <c> " in the command's own help.
  subs=$("$exe" "$c" --help 2>&1 | grep -oE "surgdistill $c [a-z][a-z-]+" | awk '{print $3}' | sort -u || true)
  for s in $subs; do check "$c" "$s"; done
done
echo "checked --help of $checked commands and sub-commands"
