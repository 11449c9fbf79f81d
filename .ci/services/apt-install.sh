#!/usr/bin/env bash
# Sourced by the service scripts: apt_install PACKAGE... installs Debian packages, waiting (up to 15 minutes) for the
# package lock while another apt-get or dpkg holds it (the machine's own updates, another set-up script) instead of
# failing the moment it is busy. The package lists are fetched once: a script that finds them fetched within the hour
# (by the script before it) installs from them, and fetches them again only if that install fails.

# Whether apt's log says another process holds the package lock.
apt_lock_held() { grep -qiE 'could not get lock|unable to lock|is another process using it|held by process' "$1"; }

apt_install() {
  local log deadline=$((SECONDS + 900)) fresh="" fetched=/var/lib/apt/parsl-lists-fetched
  log=$(mktemp)
  # apt keeps the server's dates on the lists it fetches, so the time of fetching is kept beside them.
  [ -n "$(find "$fetched" -mmin -60 2>/dev/null)" ] && fresh=1
  while :; do
    if { [ -n "$fresh" ] || { apt-get -o DPkg::Lock::Timeout=60 update -qq >"$log" 2>&1 && touch "$fetched"; }; } &&
       apt-get -o DPkg::Lock::Timeout=60 install -y -qq --no-install-recommends "$@" >>"$log" 2>&1; then
      rm -f "$log"; return 0
    fi
    if [ -n "$fresh" ] && ! apt_lock_held "$log"; then
      fresh=""; continue # lists a day's archive has moved past: fetch them and try once more
    fi
    if ! apt_lock_held "$log" || [ "$SECONDS" -ge "$deadline" ]; then
      cat "$log" >&2; rm -f "$log"; return 1
    fi
    echo "apt_install: the package lock is held by another process; waiting" >&2
    sleep 5
  done
}
