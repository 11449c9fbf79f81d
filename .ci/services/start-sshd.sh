#!/usr/bin/env bash
# A throwaway OpenSSH server on 127.0.0.1:2222 (Debian's openssh-server) with key authentication for root, for the SSH
# channel's tests, and a strict twin on 127.0.0.1:2223 with sshd's default 'GatewayPorts no' (tunnels stay on loopback). Writes its host key, a client key, a known_hosts line for it and an ssh_config under $SSHD_DIR
# (/tmp/parsl-sshd by default). Needs root and the Debian package archive; no systemd. Idempotent.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
dir=${SSHD_DIR:-/tmp/parsl-sshd}
port=${SSHD_PORT:-2222}
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keyscan >/dev/null; then
  apt_install openssh-server openssh-client openssh-sftp-server
fi
[ -f "$dir/sshd.pid" ] && kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
[ -f "$dir/sshd-strict.pid" ] && kill "$(cat "$dir/sshd-strict.pid")" 2>/dev/null || true
rm -rf "$dir"; install -d -m 0700 "$dir"
install -d -m 0755 /run/sshd   # the privilege-separation directory systemd would make
ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519" -C parsl-ci
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"; chmod 600 "$dir/authorized_keys"
cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding yes
GatewayPorts clientspecified
Subsystem sftp internal-sftp
MaxStartups 100:30:200
MaxSessions 50
LogLevel VERBOSE
CONF
# The twin: the same keys, sshd's defaults for where tunnels listen.
strict=$((port + 1))
grep -v '^GatewayPorts' "$dir/sshd_config" | sed "s/^Port .*/Port $strict/; s|^PidFile .*|PidFile $dir/sshd-strict.pid|" > "$dir/sshd_strict_config"
/usr/sbin/sshd -t -f "$dir/sshd_config"
/usr/sbin/sshd -t -f "$dir/sshd_strict_config"
/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
/usr/sbin/sshd -f "$dir/sshd_strict_config" -E "$dir/sshd-strict.log"
for p in "$port" "$strict"; do
  for _ in $(seq 1 50); do ssh-keyscan -p "$p" -t ed25519 127.0.0.1 2>/dev/null | grep -q ed25519 && break; sleep 0.1; done
done
{ ssh-keyscan -p "$port" -t ed25519 127.0.0.1 2>/dev/null | sed "s/^127.0.0.1/[127.0.0.1]:$port/"
  ssh-keyscan -p "$strict" -t ed25519 127.0.0.1 2>/dev/null | sed "s/^127.0.0.1/[127.0.0.1]:$strict/"; } > "$dir/known_hosts"
ssh -p "$port" -i "$dir/id_ed25519" -o IdentitiesOnly=yes -o UserKnownHostsFile="$dir/known_hosts" -o StrictHostKeyChecking=yes \
  -o BatchMode=yes root@127.0.0.1 true
echo "start-sshd: 127.0.0.1:$port ready, and its strict twin on 127.0.0.1:$strict ($dir)"
