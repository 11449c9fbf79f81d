#!/usr/bin/env bash
# What starting processes costs on this machine, without Parsl: the floor under the bash-true scenario.
# Usage: bash bench/process-floor.sh [N]   (one line per measurement: processes started per second)
set -euo pipefail
n=${1:-500}

rate() { # rate <processes> <label> <command...>
    local processes=$1 label=$2; shift 2
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    awk -v p="$processes" -v s="$start" -v e="$end" -v l="$label" 'BEGIN { printf "%-56s %7.0f /s\n", l, p / (e - s) }'
}

spawn_bash() { for ((i = 0; i < n; i++)); do /bin/bash -c true; done; }
spawn_true() { for ((i = 0; i < n; i++)); do /bin/true; done; }
fork_only()  { for ((i = 0; i < n; i++)); do (true); done; }
two_bash()   { spawn_bash & spawn_bash & wait; }
two_forks()  { fork_only & fork_only & wait; }

rate "$n" "bash -c true, one after another" spawn_bash
rate $((2 * n)) "bash -c true, two loops at once (in total)" two_bash
rate "$n" "/bin/true, one after another" spawn_true
rate "$n" "( true ) subshells: fork only, no exec" fork_only
rate $((2 * n)) "( true ) subshells, two loops at once (in total)" two_forks
if command -v python3 >/dev/null; then
    python3 - "$n" <<'PY'
import subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
n = int(sys.argv[1])
for threads in (1, 2, 4):
    start = time.time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: subprocess.run("true", shell=True, executable="/bin/bash"), range(n)))
    print(f"{'Python subprocess.run(shell=True), ' + str(threads) + ' thread(s)':<56} {n / (time.time() - start):7.0f} /s")
PY
fi
