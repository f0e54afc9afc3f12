#!/usr/bin/env bash
# The browser the dashboard's tests drive: Debian's Chromium and a CJK font (center names are
# Chinese; without the font they render as empty boxes). Playwright's own browser download is not
# used.
#
#   bash scripts/browser.sh install   # apt-get install chromium fonts-noto-cjk, if either is missing
#   bash scripts/browser.sh check     # exits 0 when both are there
#
# Idempotent: does nothing when /usr/bin/chromium and the font are already installed. Needs root
# (or password-less sudo) only when something is missing.
set -euo pipefail

readonly chromium=/usr/bin/chromium

die() { echo "browser.sh: $*" >&2; exit 1; }

have_font() { fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || ls /usr/share/fonts/opentype/noto/NotoSansCJK-* >/dev/null 2>&1; }

cmd_check() {
  [ -x "$chromium" ] || die "$chromium is missing; run: bash scripts/browser.sh install"
  have_font || die "no CJK font (fonts-noto-cjk); run: bash scripts/browser.sh install"
  "$chromium" --version
}

cmd_install() {
  if [ -x "$chromium" ] && have_font; then return 0; fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "chromium or fonts-noto-cjk is missing and installing them needs root (apt-get install chromium fonts-noto-cjk)"
    sudo=(sudo -n)
  fi
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y --no-install-recommends chromium fonts-noto-cjk; then
    "${apt[@]}" update
    "${apt[@]}" install -y --no-install-recommends chromium fonts-noto-cjk
  fi
  [ -x "$chromium" ] || die "apt-get installed chromium but $chromium is not there"
}

case "${1:-}" in
  install) cmd_install ;;
  check) cmd_check ;;
  *) die "usage: bash scripts/browser.sh install|check" ;;
esac
