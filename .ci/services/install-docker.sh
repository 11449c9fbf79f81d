#!/usr/bin/env bash
# Docker, which the container apps' tests run for real besides podman: Debian's docker.io daemon, started here without
# systemd on the default socket (/var/run/docker.sock, so the `docker` on PATH needs no DOCKER_HOST), and the same test
# image as podman's (localhost/parsl-test:2, from test-rootfs.sh, imported with `docker import`). Needs root and the
# Debian package archive. Idempotent and quiet: does nothing when the daemon answers and has the image. The daemon keeps
# running afterwards, as an installed service would; to stop it: kill "$(cat /var/run/parsl-docker.pid)", then
# umount /var/run/parsl-docker/netns/default (the daemon leaves that mount behind).
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
. "$(dirname "$0")/test-rootfs.sh"
export DEBIAN_FRONTEND=noninteractive
image=$test_image
data=/var/lib/parsl-docker
exec_root=/var/run/parsl-docker
pidfile=/var/run/parsl-docker.pid

[ -x /usr/sbin/dockerd ] || apt_install docker.io
# Whether the daemon answers is asked with its own client (docker.io's); the check at the end asks with the tests' one.
answers() { /usr/bin/docker info >/dev/null 2>&1; }

if ! answers; then
  # A daemon killed outright leaves its namespace mount, which the next one would trip over.
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    umount "$exec_root/netns/default" 2>/dev/null || true
  fi
  mkdir -p "$data"
  # No bridge and no iptables, which a CI machine may not allow: Parsl runs every container with --network=host.
  setsid /usr/sbin/dockerd --bridge=none --iptables=false --ip6tables=false --data-root="$data/root" \
    --exec-root="$exec_root" --pidfile="$pidfile" -H unix:///var/run/docker.sock \
    >>"$data/dockerd.log" 2>&1 </dev/null &
  deadline=$((SECONDS + 60))
  until answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "install-docker: dockerd did not answer on /var/run/docker.sock within 60 s; its log ($data/dockerd.log) ends:" >&2
      tail -n 20 "$data/dockerd.log" >&2
      exit 1
    fi
    sleep 0.5
  done
fi

docker image inspect "$image" >/dev/null 2>&1 || test_rootfs_tar | docker import - "$image" >/dev/null

# Through the `docker` first on PATH, as the tests run it: here the preinstalled /usr/local/bin/docker (28.x), which
# negotiates down to this daemon's API (1.41), so the tests need no RuntimeProgram.
docker run --rm --pull=never --network host "$image" /bin/bash -c 'echo ok' 2>&1 | grep -qx ok \
  || { echo "install-docker: $(command -v docker) cannot run $image on the daemon at /var/run/docker.sock" >&2
       docker run --rm --pull=never --network host "$image" /bin/bash -c 'echo ok' >&2 || true; exit 1; }
