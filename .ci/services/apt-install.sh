#!/usr/bin/env bash
# Sourced by the service scripts: apt_install PACKAGE... installs Debian packages, waiting (up to 15 minutes) for the
# package lock while another apt-get or dpkg holds it (the machine's own updates, another set-up script) instead of
# failing the moment it is busy.
apt_install() {
  local log deadline=$((SECONDS + 900))
  log=$(mktemp)
  while :; do
    if apt-get -o DPkg::Lock::Timeout=60 update -qq >"$log" 2>&1 &&
       apt-get -o DPkg::Lock::Timeout=60 install -y -qq --no-install-recommends "$@" >>"$log" 2>&1; then
      rm -f "$log"; return 0
    fi
    if ! grep -qiE 'could not get lock|unable to lock|is another process using it|held by process' "$log" || [ "$SECONDS" -ge "$deadline" ]; then
      cat "$log" >&2; rm -f "$log"; return 1
    fi
    echo "apt_install: the package lock is held by another process; waiting" >&2
    sleep 5
  done
}
