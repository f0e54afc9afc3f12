#!/usr/bin/env bash
# The root filesystem the lab's Slurm 24.11 clusters run in: Debian 13 (trixie) built with debootstrap
# from the Debian mirror this machine's apt uses, plus Slurm 24.11, munge, MariaDB and OpenSSH from
# Debian 13's packages. Built once and cached; rebuilt when $stamp below changes.
#
#   bash scripts/slurm-lab-rootfs.sh install   # build it unless the cached copy carries the current stamp
#   bash scripts/slurm-lab-rootfs.sh check     # exit 0 when the cached copy is current, else say why
#   bash scripts/slurm-lab-rootfs.sh path      # print where it is
#
# Environment: SLURM_LAB_ROOTFS (default /var/cache/suanwang/slurm-rootfs-trixie): where it lives.
# SLURM_LAB_MIRROR: the Debian mirror (default: the first Debian URI in /etc/apt/sources.list(.d)).
set -euo pipefail

readonly rootfs="${SLURM_LAB_ROOTFS:-/var/cache/suanwang/slurm-rootfs-trixie}"
readonly suite=trixie
readonly packages=(slurmctld slurmd slurmrestd slurmdbd slurm-client munge mariadb-server openssh-server procps)
# Change this when the package list or the build steps change: every cached copy is then rebuilt.
readonly stamp="suanwang-slurm-rootfs 2 $suite ${packages[*]}"
readonly stamp_file=.suanwang-rootfs-stamp

die() { echo "slurm-lab-rootfs.sh: $*" >&2; exit 1; }
say() { echo "slurm-lab-rootfs.sh: $*" >&2; }

current() { [ -f "$rootfs/$stamp_file" ] && [ "$(cat "$rootfs/$stamp_file")" = "$stamp" ]; }

mirror() {
  if [ -n "${SLURM_LAB_MIRROR:-}" ]; then echo "$SLURM_LAB_MIRROR"; return; fi
  local m
  # deb822 files (URIs: ...) first, then one-line sources (deb URI suite ...); only Debian's own archive
  m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' \
      | grep -E '/debian/?$' | head -n 1 || true)
  [ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}' \
      | grep -E '/debian/?$' | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# run a command inside ROOT with /proc, /dev and a private /tmp (root's bubblewrap: a mount namespace only)
in_root() {
  local root=$1; shift
  bwrap --bind "$root" / --proc /proc --dev /dev --tmpfs /tmp --ro-bind-try /etc/resolv.conf /etc/resolv.conf \
    --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin --setenv DEBIAN_FRONTEND noninteractive -- "$@"
}

cmd_install() {
  [ "$(id -u)" -eq 0 ] || die "install needs root (debootstrap)"
  if current; then say "current: $rootfs"; return 0; fi
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600) p
  for p in debootstrap bubblewrap; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
      "${apt[@]}" install -y --no-install-recommends "$p" || { "${apt[@]}" update; "${apt[@]}" install -y --no-install-recommends "$p"; }
    fi
  done
  local parent tmp m started
  parent=$(dirname "$rootfs")
  mkdir -p "$parent"
  # leftovers of interrupted builds (never used: only a finished build is renamed into place)
  find "$parent" -maxdepth 1 -name "$(basename "$rootfs").build.*" -exec rm -rf {} + 2>/dev/null || true
  tmp=$(mktemp -d "$rootfs.build.XXXXXX")
  chmod 0755 "$tmp"   # mktemp makes it 0700; it becomes "/" for unprivileged users too
  m=$(mirror)
  started=$(date +%s)
  say "building $rootfs from $m ($suite; a few minutes; log: $tmp.log)"
  debootstrap --variant=minbase "$suite" "$tmp" "$m" > "$tmp.log" 2>&1 \
    || die "debootstrap $suite $tmp $m failed; read $tmp.log"
  # no service may start while packages install (mariadb, ssh, munge postinst scripts try)
  printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
  chmod 0755 "$tmp/usr/sbin/policy-rc.d"
  in_root "$tmp" apt-get -o Acquire::Retries=3 update >> "$tmp.log" 2>&1 || die "apt-get update in the root failed; read $tmp.log"
  in_root "$tmp" apt-get -o Acquire::Retries=3 install -y --no-install-recommends "${packages[@]}" >> "$tmp.log" 2>&1 \
    || die "apt-get install ${packages[*]} in the root failed; read $tmp.log"
  in_root "$tmp" apt-get clean >> "$tmp.log" 2>&1 || true
  # the packages' own keys and config are not used by the lab (it generates its own per lab folder)
  rm -f "$tmp/etc/ssh/ssh_host_"* "$tmp/etc/munge/munge.key"
  # mount points for the host's files the lab binds read-only over them
  touch "$tmp/etc/hosts"
  echo "$stamp" > "$tmp/$stamp_file"
  rm -rf "$rootfs.old"
  [ -e "$rootfs" ] && mv "$rootfs" "$rootfs.old"
  mv "$tmp" "$rootfs"
  rm -rf "$rootfs.old"
  mv "$tmp.log" "$rootfs.log" 2>/dev/null || true
  say "built $rootfs in $(( $(date +%s) - started )) s, $(du -sh "$rootfs" | cut -f1)"
}

cmd_check() {
  [ -d "$rootfs" ] || { echo "missing: $rootfs (run: bash scripts/slurm-lab.sh install)"; return 1; }
  current || { echo "out of date: $rootfs (stamp differs; run: bash scripts/slurm-lab.sh install)"; return 1; }
  echo "current: $rootfs"
}

case "${1:-}" in
  install) cmd_install ;;
  check) cmd_check ;;
  path) echo "$rootfs" ;;
  *) die "usage: slurm-lab-rootfs.sh install | check | path" ;;
esac
