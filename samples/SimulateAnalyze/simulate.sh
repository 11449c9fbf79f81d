#!/usr/bin/env bash
# The Swift tutorial's "simulate": prints --nvalues pseudo-random values in [0, --range) after --timesteps seconds.
# Seeded, so the same arguments always give the same values.
set -euo pipefail
steps=1 range=100 values=5 seed=0
while [ $# -gt 0 ]; do
  case $1 in
    --timesteps) steps=$2 ;;
    --range) range=$2 ;;
    --nvalues) values=$2 ;;
    --seed) seed=$2 ;;
    *) echo "simulate.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
sleep "$(awk -v s="$steps" 'BEGIN { print s / 10 }')"
RANDOM=$seed
for _ in $(seq "$values"); do
  echo $(( RANDOM % range ))
done
