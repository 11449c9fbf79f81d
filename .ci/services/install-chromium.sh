#!/usr/bin/env bash
# Debian's chromium, which the dashboard's browser tests drive through Playwright (ExecutablePath /usr/bin/chromium; no
# browser is downloaded). Needs root and the Debian package archive. Idempotent and quiet: does nothing when installed.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
export DEBIAN_FRONTEND=noninteractive
[ -x /usr/bin/chromium ] || apt_install chromium
/usr/bin/chromium --version >/dev/null 2>&1 || { echo "install-chromium: /usr/bin/chromium is installed but does not run" >&2; exit 1; }
