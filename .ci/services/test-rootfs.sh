#!/usr/bin/env bash
# Sourced by install-podman.sh and install-docker.sh, so both runtimes hold the same test image: test_image is its name,
# and test_rootfs_tar writes its root file system to stdout as a tar, for `podman import` or `docker import`. No registry
# is reachable, so the image is this machine's own binaries and the libraries ldd names for them: bash and the
# coreutils the tests use, and what a .NET worker needs to start from a runtime mounted read-only (docs/containers.md).
test_image=localhost/parsl-test:2

# A subshell, so that its EXIT trap removes the folder however it ends.
test_rootfs_tar() (
  set -euo pipefail
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
  # What a .NET host and runtime load from the system when they are mounted from the host.
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
  tar -C "$root" -c .
)
