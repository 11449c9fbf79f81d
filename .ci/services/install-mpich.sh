#!/usr/bin/env bash
# MPICH (mpiexec, Hydra, and mpicc), which the MPI apps' tests run for real: a host file that names this machine several
# times stands in for a block's nodes. Needs root and the Debian package archive. Idempotent and quiet.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
export DEBIAN_FRONTEND=noninteractive
{ command -v mpiexec.mpich && command -v mpicc; } >/dev/null 2>&1 || apt_install mpich libmpich-dev gcc libc6-dev
mpiexec.mpich --version >/dev/null 2>&1 || { echo "install-mpich: mpiexec.mpich is installed but does not run" >&2; exit 1; }
