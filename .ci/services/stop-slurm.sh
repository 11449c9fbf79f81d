#!/usr/bin/env bash
# Stops what start-slurm.sh started (the controller and every node daemon), by pid file (never by name), after cancelling any job still queued or running so
# that no job step outlives the node daemon.
stop_pidfile() {
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; fi
  rm -f "$1"
}
if [ -f /run/slurmctld.pid ] && kill -0 "$(cat /run/slurmctld.pid)" 2>/dev/null; then
  ids=$(squeue -h -o '%A' 2>/dev/null || true)
  [ -n "$ids" ] && scancel $ids
  for _ in $(seq 1 100); do [ -z "$(squeue -h -o '%A' 2>/dev/null)" ] && break; sleep 0.2; done
fi
for f in /run/slurmd.pid /run/slurmd-*.pid; do stop_pidfile "$f"; done
stop_pidfile /run/slurmctld.pid
stop_pidfile /run/munge/munged.pid
