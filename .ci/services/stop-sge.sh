#!/usr/bin/env bash
# Stops what start-sge.sh started, by pid file (never by name), after deleting every job still queued or running.
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
qdel -u '*' >/dev/null 2>&1 || true
for f in /var/spool/gridengine/execd/*/execd.pid /var/spool/gridengine/qmaster/qmaster.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill "$pid" 2>/dev/null; then for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; fi
done
