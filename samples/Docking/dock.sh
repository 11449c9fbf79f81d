#!/usr/bin/env bash
# A stand-in for a docking program (the Parsl talk's dock.sh): scores one protein structure against one ligand.
# The score is a deterministic function of the two files' contents and the radius, so a rerun gives the same table,
# wherever the files came from (the local inputs/ folder, or a copy staged from a server).
set -euo pipefail
if [ $# -ne 4 ] || [ "$3" != "--min" ]; then
  echo "usage: dock.sh PROTEIN.pdb LIGAND.smi --min RADIUS" >&2
  exit 2
fi
protein_file=$1 ligand_file=$2 min_radius=$4
for file in "$protein_file" "$ligand_file"; do
  [ -r "$file" ] || { echo "dock.sh: cannot read $file" >&2; exit 1; }
done
protein=$(basename "$protein_file" .pdb) ligand=$(basename "$ligand_file" .smi)
sleep 0.2 # the real thing searches poses for minutes
hash=$( { cat "$protein_file" "$ligand_file"; printf '%s' "$min_radius"; } | cksum | cut -d' ' -f1)
centi=$(( 300 + hash % 900 ))
printf 'protein %s\nligand %s\nmin_radius %s\nscore -%d.%02d\n' "$protein" "$ligand" "$min_radius" $(( centi / 100 )) $(( centi % 100 ))
