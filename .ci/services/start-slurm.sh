#!/usr/bin/env bash
# A Slurm (Debian's slurm-wlm + munge) on this machine, for the provider tests: the controller and the node daemons on
# loopback, no accounting database (the provider polls squeue, not sacct). Partition 'debug' (the default) is this
# machine as one node; partition 'multi' is three nodes mnode[1-3], three more node daemons on this machine, for
# multi-node blocks (managers started by srun on each node, MPI apps launched across nodes). Needs root and the Debian
# package archive; no systemd. Idempotent: daemons a previous run left are stopped by pid file first.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
export DEBIAN_FRONTEND=noninteractive
# Keep package scripts from starting daemons: they are started below, by hand.
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt_install slurm-wlm munge
fi

host=$(hostname -s)
stop_pidfile() {
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; fi
  rm -f "$1"
}
for f in /run/slurmd.pid /run/slurmd-*.pid /run/slurmctld.pid; do stop_pidfile "$f"; done
getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >> /etc/hosts

# munge authenticates every Slurm message; systemd would make its runtime directory.
[ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
if ! { [ -f /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; }; then
  runuser -u munge -- /usr/sbin/munged
fi
munge -n | unmunge >/dev/null

memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=parslci
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd-%n
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=${host} NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$((memory - 512)) State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
NodeName=mnode[1-3] NodeHostname=${host} NodeAddr=127.0.0.1 Port=[17001-17003] CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=multi Nodes=mnode[1-3] Default=NO MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
install -d -o slurm -g slurm /var/lib/slurm/slurmctld /var/log/slurm
for node in "$host" mnode1 mnode2 mnode3; do install -d -o slurm -g slurm "/var/lib/slurm/slurmd-$node"; done

/usr/sbin/slurmctld
/usr/sbin/slurmd
for node in mnode1 mnode2 mnode3; do /usr/sbin/slurmd -N "$node"; done
for node in "$host" mnode1 mnode2 mnode3; do
  for _ in $(seq 1 150); do
    state=$(sinfo -h -n "$node" -o '%T' 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.2
  done
  [ "$state" = idle ] || { echo "start-slurm: node $node is '$state', not idle" >&2; exit 1; }
done
echo "start-slurm: node $host idle (partition debug); mnode1-3 idle (partition multi)"

