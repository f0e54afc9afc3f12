#!/usr/bin/env bash
# Installs what Suanwang needs on this machine, and nothing that is already there.
#
#   bash scripts/setup.sh build   # to build and serve: the .NET 10 SDK (checked), Node.js and npm (the dashboard's
#                                 # bundler), bubblewrap (the sandbox local centers run every job in)
#   bash scripts/setup.sh test    # to run every test: the above, the sqlite3 shell, PostgreSQL, Slurm (with munge and
#                                 # slurmrestd; and Slurm 24.11 in a cached Debian 13 root filesystem, built once
#                                 # with debootstrap: about 1.5 min, 650 MB), OpenSSH's server, and Chromium with a
#                                 # CJK font
#   bash scripts/setup.sh stress  # stress-ng, for test runs on a deliberately loaded machine (test.sh --under-load)
#   bash scripts/setup.sh check   # says what is missing for the tests, installs nothing
#
# Idempotent: each part is skipped when present, so a second run takes well under a second. Installing
# uses Debian's packages (apt-get) and needs root or password-less sudo; without them it names the
# packages to install and stops. The .NET SDK is not in Debian's archive: it is checked, not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup.sh: $*" >&2; }
die() { echo "setup.sh: $*" >&2; exit 1; }

# Whether a Debian package is installed.
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

# apt-get install PACKAGES, running apt-get update once if the package lists are stale or empty.
apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null \
      || die "installing $* needs root: run as root, or: sudo apt-get install -y $*"
    sudo=(sudo -n)
  fi
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
  # apt's thousands of lines go to a log; a failure shows its end.
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/suanwang-apt.XXXXXX.log")
  say "installing Debian packages: $* (log: $log)"
  if ! "${apt[@]}" install -y --no-install-recommends "$@" >>"$log" 2>&1; then
    say "apt-get install failed; running apt-get update and trying again"
    if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "$@"; } >>"$log" 2>&1; then
      tail -n 20 "$log" >&2
      die "apt-get install $* failed; the whole log is $log"
    fi
  fi
  say "installed: $*"
}

need_dotnet() {
  command -v dotnet >/dev/null \
    || die "the .NET 10 SDK is missing (dotnet is not on PATH): install it from https://dot.net, then run this again"
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' \
    || die "the .NET 10 SDK is missing (dotnet --list-sdks shows no 10.x): install it from https://dot.net"
}

# The dashboard is bundled at build time by esbuild, which needs Node.js 18 or newer (Debian 12 has 18).
need_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "Node.js $major is too old to build the dashboard (18 or newer is needed)"
    return 0
  fi
  apt_install nodejs npm
}

# Local centers run each job inside a bubblewrap sandbox, as an unprivileged user (docs/adr/0007).
need_sandbox() { command -v bwrap >/dev/null || apt_install bubblewrap; }

need_postgres() { bash scripts/postgres.sh install; }

need_slurm() {
  [ "$(id -u)" -eq 0 ] || { say "not root: skipping the Slurm packages (the Slurm tests need root and will say so)"; return 0; }
  bash scripts/slurm-lab.sh install
}

need_browser() { bash scripts/browser.sh install; }

# The Slurm engine's SSH tests start their own OpenSSH server on 127.0.0.1 as a login node (no service is enabled:
# Debian's package would start sshd only where the init system allows it; the tests run /usr/sbin/sshd themselves).
need_sshd() { [ -x /usr/sbin/sshd ] || apt_install openssh-server; }

# The store's tests read the SQLite store from another process, as an operator's sqlite3 shell would.
need_sqlite() { command -v sqlite3 >/dev/null || apt_install sqlite3; }

need_stress() { command -v stress-ng >/dev/null || apt_install stress-ng; }

cmd_check() {
  local missing=()
  command -v dotnet >/dev/null || missing+=(".NET 10 SDK")
  command -v npm >/dev/null || missing+=("nodejs npm")
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  installed slurmctld && installed slurmrestd && installed munge || missing+=("slurm-wlm slurmrestd munge")
  installed debootstrap && command -v ssh >/dev/null || missing+=("debootstrap openssh-client")
  bash scripts/slurm-lab-rootfs.sh check >/dev/null 2>&1 \
    || missing+=("the Slurm 24.11 root filesystem ($(bash scripts/slurm-lab-rootfs.sh check 2>&1 | head -n 1 || true))")
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  bash scripts/browser.sh check >/dev/null 2>&1 || [ ! -x /usr/bin/chromium ] || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -eq 0 ]; then say "everything the tests need is installed"; return 0; fi
  say "missing: ${missing[*]} (bash scripts/setup.sh test installs them)"
  return 1
}

case "${1:-}" in
  build) need_dotnet; need_node; need_sandbox ;;
  test) need_dotnet; need_node; need_sandbox; need_sqlite; need_postgres; need_slurm; need_sshd; need_browser ;;
  stress) need_stress ;;
  check) cmd_check ;;
  *) die "usage: bash scripts/setup.sh build|test|stress|check" ;;
esac
