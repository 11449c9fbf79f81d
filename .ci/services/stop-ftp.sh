#!/usr/bin/env bash
# Stops the server start-ftp.sh started, by pid file.
dir=${FTP_DIR:-/tmp/parsl-ftp}
[ -f "$dir/vsftpd.pid" ] && kill "$(cat "$dir/vsftpd.pid")" 2>/dev/null
# And its sessions: a test stops some mid-transfer (FtpStallTests), and one can outlive the listener.
pkill -f "^/usr/sbin/vsftpd $dir/vsftpd.conf" 2>/dev/null
rm -f "$dir/vsftpd.pid"
true
