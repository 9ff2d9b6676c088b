#!/usr/bin/env bash
# Check the README's set-up on a fresh Debian 12 (bookworm) without Docker: debootstrap a minimal
# root, add only python3, make and git, clone this checkout into it and run `make` + pytest there.
# Usage (as root on Debian): scripts/fresh-debian-check.sh ROOT_DIR [PYTEST_ARGS...]
#   e.g. scripts/fresh-debian-check.sh /work/fresh-root tests/test_system_deps.py
# The root is kept (a second run reuses it and its .venv); mounts are undone on exit.
# The host's apt mirror, pip configuration and local CA certificates are copied in, so pip and
# apt inside reach their indexes the way this machine does.
set -euo pipefail
root=${1:?usage: $0 ROOT_DIR [PYTEST_ARGS...]}; shift
[ $# -gt 0 ] || set -- tests/test_system_deps.py
# the mirror this host's apt already uses (first URIs line of its deb822 sources), unless MIRROR is set
mirror=${MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}
[ -n "$mirror" ] || { echo "set MIRROR to a Debian mirror URL" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  time debootstrap --variant=minbase bookworm "$root" "$mirror"
fi
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" && rm -f "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
for f in /etc/pip.conf /etc/xdg/pip/pip.conf /etc/xdg/pip/constraints.txt /root/.config/pip/pip.conf; do
  if [ -f "$f" ]; then mkdir -p "$root$(dirname "$f")"; cp "$f" "$root$f"; fi
done

mounted=()
bind() {  # bind-mount $1 at the same path inside the root, read-only with "ro"
  mkdir -p "$root$1"; mountpoint -q "$root$1" && return 0
  mount --bind "$1" "$root$1"; mounted=("$root$1" "${mounted[@]}")
  if [ "${2:-}" = ro ]; then mount -o remount,bind,ro "$root$1"; fi
}
cleanup() { for m in "${mounted[@]}"; do umount -R "$m" || true; done; }
trap cleanup EXIT
for d in /proc /sys /dev /dev/pts /dev/shm; do bind "$d"; done
for d in /opt/wheels /opt/pypi /opt/pypi-more; do if [ -d "$d" ]; then bind "$d" ro; fi; done

in_root() { chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-xterm}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$1"; }
mkdir -p "$root/usr/local/share/ca-certificates"  # minbase lacks it until ca-certificates
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
in_root 'export DEBIAN_FRONTEND=noninteractive; command -v git >/dev/null && command -v make >/dev/null ||
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make git ca-certificates >/dev/null; }
  update-ca-certificates >/dev/null 2>&1 || true'
if [ -d "$root/root/project/.git" ]; then
  git -C "$root/root/project" pull -q --ff-only "$here" HEAD
else
  git clone -q "$here" "$root/root/project"
fi
time in_root "cd /root/project && make .venv/.installed-stamp system-deps-test"
time in_root "cd /root/project && .venv/bin/python -m pytest -q -n 0 -rs -p no:cacheprovider $*"
