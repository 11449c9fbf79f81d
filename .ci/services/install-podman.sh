#!/usr/bin/env bash
# Podman with runc, which the container apps' tests run for real, and the small local image they run in
# (localhost/parsl-test:2). No registry is reachable, so nothing is pulled: the image is the root file system
# test-rootfs.sh makes of this machine's own files, imported with `podman import`. Needs root and the Debian package
# archive. Idempotent and quiet: does nothing when podman runs and the image exists.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
. "$(dirname "$0")/test-rootfs.sh"
export DEBIAN_FRONTEND=noninteractive
image=$test_image

{ command -v podman && command -v runc; } >/dev/null 2>&1 || apt_install podman runc

# Two things keep podman's defaults from running here: no CAP_SYS_RESOURCE, so its raised rlimits are refused; and a
# hybrid cgroup layout, which crun refuses and runc accepts.
conf=/etc/containers/containers.conf
if ! grep -q '^runtime = "runc"' "$conf" 2>/dev/null; then
  mkdir -p /etc/containers
  cat > "$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
CONF
fi

podman image exists "$image" 2>/dev/null || test_rootfs_tar | podman import --quiet - "$image" >/dev/null

podman run --rm --pull=never "$image" /bin/bash -c 'echo ok' 2>&1 | grep -qx ok \
  || { echo "install-podman: podman is installed but cannot run $image" >&2; podman run --rm --pull=never "$image" /bin/bash -c 'echo ok' >&2 || true; exit 1; }
