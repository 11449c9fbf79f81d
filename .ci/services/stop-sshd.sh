#!/usr/bin/env bash
# Stops the server start-sshd.sh started, by pid file; open sessions end when their clients disconnect.
dir=${SSHD_DIR:-/tmp/parsl-sshd}
[ -f "$dir/sshd.pid" ] && kill "$(cat "$dir/sshd.pid")" 2>/dev/null
rm -f "$dir/sshd.pid"
