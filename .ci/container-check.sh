#!/usr/bin/env bash
# Build the Docker image with podman, start it with an empty /config volume and check that
# /healthz returns 2xx, and that the bridge runs as a non-root user and writes its SQLite
# database there. A container that ignores SIGTERM only gets a warning. The check itself is
# ../shared/tools/container-check.sh beside this clone, or the script named by CONTAINER_CHECK.
#
# Needs root on Debian bookworm, and network access to the Debian mirror and the npm registry.
# Missing packages (podman, runc, debootstrap, curl) are installed with apt-get. When the
# check cannot run on this machine (not root, packages not installable, podman cannot start a
# container), the script prints "SKIPPED: <reason>" and exits 0. Otherwise it exits with the
# check's status: 0 PASS, 1 FAIL, 2 setup error.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check_script=${CONTAINER_CHECK:-$repo_root/../shared/tools/container-check.sh}

skip() {
  echo "SKIPPED: container check: $*"
  exit 0
}

if [ ! -f "$check_script" ]; then
  skip "$check_script not found (set CONTAINER_CHECK to the path of container-check.sh)"
fi
if [ "$(id -u)" != 0 ]; then
  skip "needs root for rootful podman and debootstrap (running as uid $(id -u))"
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
  skip "needs a Debian host with apt-get"
fi

# ---------- install what the check uses ----------
missing=()
for tool in podman runc debootstrap curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "container check: installing ${missing[*]} with apt-get"
  apt_log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      podman runc debootstrap curl ca-certificates; } >"$apt_log" 2>&1; then
    reason=$(tail -n 3 "$apt_log" | tr '\n' ' ')
    rm -f "$apt_log"
    skip "apt-get could not install ${missing[*]}: $reason"
  fi
  rm -f "$apt_log"
fi

# ---------- can podman start a container here? ----------
# The probe uses the engine settings container-check uses (runc, cgroupfs, file events log,
# ulimits within the host's hard limits) and its own throwaway storage. The container's root
# is a directory that contains only `true` and the libraries it links, so no image is pulled.
probe_dir=$(mktemp -d /var/tmp/container-check-probe.XXXXXX)
cleanup_probe() {
  # Unmount anything podman left under the probe folder, so rm cannot fail on a busy mount.
  findmnt -rn -o TARGET | grep -F "$probe_dir" | sort -r | xargs -r umount -l 2>/dev/null || true
  rm -rf "$probe_dir"
}
trap cleanup_probe EXIT

max_open_files=$(ulimit -Hn)
[ "$max_open_files" = unlimited ] && max_open_files=1048576
max_processes=$(ulimit -Hu)
if [ "$max_processes" = unlimited ] || [ "$max_processes" -gt 32768 ]; then
  max_processes=32768
fi
cat >"$probe_dir/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$max_open_files:$max_open_files", "nproc=$max_processes:$max_processes"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat >"$probe_dir/storage.conf" <<EOF
[storage]
driver = "${CC_STORAGE_DRIVER:-overlay}"
graphroot = "$probe_dir/storage"
runroot = "$probe_dir/run"
EOF

rootfs=$probe_dir/rootfs
mkdir -p "$rootfs"
true_bin=$(readlink -f "$(type -P true)")
cp --parents -L "$true_bin" "$rootfs"
# ldd lines look like "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or
# "/lib64/ld-linux-x86-64.so.2 (0x...)". Every absolute path in them is copied.
while read -r lib; do
  cp --parents -L "$lib" "$rootfs"
done < <(ldd "$true_bin" | grep -o '/[^ ]*' || true)

probe() {
  CONTAINERS_CONF=$probe_dir/containers.conf CONTAINERS_STORAGE_CONF=$probe_dir/storage.conf "$@"
}

if ! info_err=$(probe podman info 2>&1 >/dev/null); then
  skip "podman does not start: $(printf '%s\n' "$info_err" | tail -n 1)"
fi
if ! run_err=$(probe podman run --rm --network host --rootfs "$rootfs" "$true_bin" 2>&1 >/dev/null); then
  skip "podman cannot start a container: $(printf '%s\n' "$run_err" | grep -v '^$' | tail -n 2 | tr '\n' ' ')"
fi
cleanup_probe
trap - EXIT

# ---------- run the check ----------
cd "$repo_root"
status=0
CC_DATA_DIR=/config bash "$check_script" . || status=$?
exit "$status"
