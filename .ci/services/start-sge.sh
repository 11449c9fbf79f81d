#!/usr/bin/env bash
# A single-node (Son of) Grid Engine 8.1.9 (Debian's gridengine-master, -exec and -client) on this machine, for the
# provider tests: qmaster and execd on loopback, root allowed to submit, a 1 s scheduling interval and a "smp" parallel
# environment. Needs root and the Debian package archive; no systemd. Idempotent.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
if ! command -v sge_qmaster >/dev/null && [ ! -x /usr/sbin/sge_qmaster ]; then
  apt_install gridengine-master gridengine-exec gridengine-client
fi
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
common=$SGE_ROOT/$SGE_CELL/common
host=$(hostname)
getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >> /etc/hosts
# A non-interactive install leaves act_qmaster empty; and 127.0.0.1 reverse-resolves to "localhost", which the qmaster
# refuses as "not identical to" the host's name unless aliased.
echo "$host" > "$common/act_qmaster"
echo "$host localhost" > "$common/host_aliases"
install -d -o sgeadmin -g sgeadmin -m 0755 /var/run/gridengine
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
alive /var/spool/gridengine/qmaster/qmaster.pid || /usr/sbin/sge_qmaster
for _ in $(seq 1 100); do qstat >/dev/null 2>&1 && break; sleep 0.2; done

editor=$(mktemp); trap 'rm -f "$editor" "$editor".*' EXIT
# qconf -m* opens an editor: these write the changes instead.
cat > "$editor" <<'ED'
#!/bin/sh
sed -i -e 's/^min_uid .*/min_uid 0/' -e 's/^min_gid .*/min_gid 0/' "$1"
grep -q accounting_flush_time "$1" || sed -i 's/flush_time=00:00:15/flush_time=00:00:15 accounting_flush_time=00:00:00/' "$1"
ED
chmod +x "$editor"
EDITOR=$editor qconf -mconf global >/dev/null   # root's jobs (uid 0 < 1000) are refused otherwise; qacct is flushed at once
cat > "$editor" <<'ED'
#!/bin/sh
sed -i -e 's/^schedule_interval .*/schedule_interval 0:0:1/' -e 's/^flush_submit_sec .*/flush_submit_sec 1/' -e 's/^flush_finish_sec .*/flush_finish_sec 1/' "$1"
ED
EDITOR=$editor qconf -msconf >/dev/null          # the default interval is 15 s
qconf -sh | grep -qx "$host" || qconf -ah "$host" >/dev/null
qconf -ss 2>/dev/null | grep -qx "$host" || qconf -as "$host" >/dev/null
if ! qconf -spl 2>/dev/null | grep -qx smp; then
  cat > "$editor.pe" <<'PE'
pe_name            smp
slots              9999
user_lists         NONE
xuser_lists        NONE
start_proc_args    NONE
stop_proc_args     NONE
allocation_rule    $pe_slots
control_slaves     TRUE
job_is_first_task  TRUE
urgency_slots      min
accounting_summary FALSE
qsort_args         NONE
PE
  qconf -Ap "$editor.pe" >/dev/null
fi
alive /var/spool/gridengine/execd/localhost/execd.pid || /usr/sbin/sge_execd
for _ in $(seq 1 100); do qconf -sel 2>/dev/null | grep -qx "$host" && break; sleep 0.2; done
if ! qconf -sql 2>/dev/null | grep -qx all.q; then
  # The built-in queue template names parallel environments "make smp mpi"; only smp exists here.
  { EDITOR=cat qconf -aq all.q 2>/dev/null || true; } | sed \
    -e "s/^hostlist .*/hostlist $host/" -e 's/^pe_list .*/pe_list smp/' -e "s/^slots .*/slots $(nproc)/" \
    -e 's#^shell .*#shell /bin/bash#' -e 's/^shell_start_mode .*/shell_start_mode unix_behavior/' \
    -e 's/^load_thresholds .*/load_thresholds NONE/' > "$editor.q"
  qconf -Aq "$editor.q" >/dev/null
fi
for _ in $(seq 1 100); do qstat -f 2>/dev/null | grep -q "all.q@$host .* lx-amd64 *$" && break; sleep 0.2; done
qstat -f 2>/dev/null | grep -q "all.q@$host .* lx-amd64 *$" || { echo "start-sge: the queue all.q@$host is not ready" >&2; qstat -f >&2; exit 1; }
echo "start-sge: all.q@$host ready"
