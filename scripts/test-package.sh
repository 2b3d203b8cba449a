#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with apt as a user would, and
# runs the installed binary: `surgdistill --version` and `surgdistill demo create`.
# Usage: test-package.sh BUILD_DIR. Needs root (CI) or passwordless sudo; else it says so and skips.
set -euo pipefail
build_dir="$(realpath "${1:-build}")"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "SKIP: installing a .deb needs root or passwordless sudo"; exit 0; fi
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$build_dir" && cpack -G DEB -B "$work/pkg" >/dev/null)
deb="$(ls "$work"/pkg/surgdistill_*.deb)"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --field "$deb" Depends
export DEBIAN_FRONTEND=noninteractive
# apt resolves the declared dependencies from Debian's archive (already present after install-deps.sh).
$SUDO apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
trap '$SUDO apt-get remove -y -qq surgdistill >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
test -x /usr/bin/surgdistill
test -f /usr/share/applications/org.surgdistill.SurgDistill.desktop
test -f /usr/share/metainfo/org.surgdistill.SurgDistill.metainfo.xml
/usr/bin/surgdistill --version
QT_QPA_PLATFORM=offscreen /usr/bin/surgdistill demo create "$work/demo" --frames 4 --quiet
test -f "$work/demo/project.sqlite" || { ls "$work/demo"; echo "no project database"; exit 1; }
echo "installed package works"
