#!/usr/bin/env bash
# A stand-in for a docking program (the Parsl talk's dock.sh): scores one protein-ligand pair.
# The score is a deterministic function of the inputs, so a rerun gives the same table.
set -euo pipefail
if [ $# -ne 4 ] || [ "$3" != "--min" ]; then
  echo "usage: dock.sh PROTEIN LIGAND --min RADIUS" >&2
  exit 2
fi
protein=$1 ligand=$2 min_radius=$4
sleep 0.2 # the real thing searches poses for minutes
hash=$(printf '%s|%s|%s' "$protein" "$ligand" "$min_radius" | cksum | cut -d' ' -f1)
centi=$(( 300 + hash % 900 ))
printf 'protein %s\nligand %s\nmin_radius %s\nscore -%d.%02d\n' "$protein" "$ligand" "$min_radius" $(( centi / 100 )) $(( centi % 100 ))
