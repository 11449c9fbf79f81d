#!/usr/bin/env bash
# The Swift tutorial's "stats": the average of every value in the given files.
set -euo pipefail
if [ $# -eq 0 ]; then echo "usage: stats.sh FILE..." >&2; exit 2; fi
awk '{ sum += $1; n++ } END { if (n == 0) { print "stats.sh: no values" > "/dev/stderr"; exit 1 } printf "%.4f\n", sum / n }' "$@"
