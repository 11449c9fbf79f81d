#!/usr/bin/env bash
# Podman with runc, which the container apps' tests run for real, and the small local image they run in
# (localhost/parsl-test:2). No registry is reachable, so nothing is pulled: the image is a root file system of this
# machine's own binaries and the libraries ldd names for them (bash and the coreutils the tests use, and what a .NET
# worker needs to start from a runtime mounted read-only), imported with `podman import`. Needs root and the Debian
# package archive. Idempotent and quiet: does nothing when podman runs and the image exists.
set -euo pipefail
. "$(dirname "$0")/apt-install.sh"
export DEBIAN_FRONTEND=noninteractive
image=localhost/parsl-test:2

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

if ! podman image exists "$image" 2>/dev/null; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  # Laid out as Debian's merged /usr: /bin, /lib and /lib64 are links into it, so every path a binary names resolves.
  mkdir -p "$root"/{usr/bin,usr/lib,usr/lib64,tmp,proc,sys,dev,etc,root}
  ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"
  binaries=()
  for tool in bash sh cat echo sleep date ls mkdir rm cp mv env true false pwd wc head tail tr sort touch id uname; do
    path=$(type -P "$tool") && cp -L "$path" "$root/usr/bin/$tool" && binaries+=("$path")
  done
  # What a .NET host and runtime load from the system when they are mounted from the host (docs/containers.md).
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  while IFS= read -r -d '' native; do binaries+=("$native"); done < <(find "$dotnet_root" -name '*.so' -print0)
  binaries+=("$dotnet_root/dotnet")
  # The runtime opens OpenSSL (TLS to the interchange) and ICU (cultures) itself, so ldd does not name them.
  extra=(/usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3 /usr/lib/x86_64-linux-gnu/libicu{uc,i18n,data}.so.[0-9]*)
  for library in $(ldd "${binaries[@]}" 2>/dev/null | grep -oE '/[^ ]+\.so[^ :]*' | sort -u) "${extra[@]}"; do
    [ -e "$library" ] || continue
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
  done
  tar -C "$root" -c . | podman import --quiet - "$image" >/dev/null
fi

podman run --rm --pull=never "$image" /bin/bash -c 'echo ok' 2>&1 | grep -qx ok \
  || { echo "install-podman: podman is installed but cannot run $image" >&2; podman run --rm --pull=never "$image" /bin/bash -c 'echo ok' >&2 || true; exit 1; }
