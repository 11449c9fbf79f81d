#!/usr/bin/env bash
# Stops the servers start-sshd.sh started, by pid file; open sessions end when their clients disconnect.
dir=${SSHD_DIR:-/tmp/parsl-sshd}
for pid in "$dir/sshd.pid" "$dir/sshd-strict.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
  rm -f "$pid"
done
true
