#!/usr/bin/env bash
# A throwaway FTP server on 127.0.0.1:2121 (Debian's vsftpd, in the foreground as a child of this script's shell, run
# in the background): anonymous, reading from $FTP_DIR/root/pub and writing to $FTP_DIR/root/upload (/tmp/parsl-ftp by
# default), passive ports 30000-30009 on loopback. For the FTP staging tests. Needs root and the Debian package archive;
# no systemd. Idempotent.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
dir=${FTP_DIR:-/tmp/parsl-ftp}
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
command -v vsftpd >/dev/null || [ -x /usr/sbin/vsftpd ] || apt_install vsftpd
[ -f "$dir/vsftpd.pid" ] && kill "$(cat "$dir/vsftpd.pid")" 2>/dev/null || true
pkill -f "^/usr/sbin/vsftpd $dir/vsftpd.conf" 2>/dev/null || true # sessions that outlived a listener
rm -rf "$dir"
# vsftpd refuses a root the anonymous user can write to: the root and pub are root's, only upload is ftp's.
install -d -m 0755 "$dir" "$dir/root" "$dir/root/pub" "$dir/empty"
install -d -m 0755 -o ftp -g ftp "$dir/root/upload"
cat > "$dir/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=2121
background=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$dir/root
local_enable=NO
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
anon_umask=022
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=30000
pasv_max_port=30009
connect_from_port_20=NO
secure_chroot_dir=$dir/empty
max_clients=200
max_per_ip=200
xferlog_enable=YES
vsftpd_log_file=$dir/vsftpd.log
# 16 MiB/s: a test can stop the server in the middle of a transfer (the stall test); the others move kilobytes.
anon_max_rate=16777216
CONF
/usr/sbin/vsftpd "$dir/vsftpd.conf" >"$dir/stdout.log" 2>&1 &
echo $! > "$dir/vsftpd.pid"
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/2121) 2>/dev/null && break; sleep 0.1; done
(exec 3<>/dev/tcp/127.0.0.1/2121) 2>/dev/null || { cat "$dir/stdout.log" >&2; echo "start-ftp: vsftpd did not start" >&2; exit 1; }
echo "start-ftp: 127.0.0.1:2121 ready ($dir/root: pub/ to read, upload/ to write)"
