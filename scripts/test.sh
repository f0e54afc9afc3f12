#!/usr/bin/env bash
# Every test, on a bare machine too, ending with one line: "N passed, N failed, N skipped".
#
#   bash scripts/test.sh                  # installs what the tests need, builds, runs every test project
#   bash scripts/test.sh --under-load     # the same while stress-ng keeps every core busy (a flakiness check)
#   bash scripts/test.sh --filter NAME    # other arguments go to dotnet test
#
# What it installs (scripts/setup.sh test; each part skipped when present, root or sudo needed only
# then): Node.js and npm for the dashboard's bundle, PostgreSQL (the store's tests start their own
# server on loopback), Slurm with munge and slurmrestd (the Slurm tests start three clusters on
# loopback) and Chromium with a CJK font (the dashboard's tests).
#
# Tests that read the public data sets run on the small samples in tests/data; the checks that need
# the full data run when it is found (SUANWANG_PUBLIC_DATA, else ../shared/data beside the
# repository) and are reported as skipped otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

under_load=false
args=()
for a in "$@"; do
  if [ "$a" = --under-load ]; then under_load=true; else args+=("$a"); fi
done

started=$SECONDS
bash scripts/setup.sh test || exit 1
echo "test.sh: set-up done in $((SECONDS - started)) s"

if [ -z "${SUANWANG_PUBLIC_DATA:-}" ] && [ -z "${SUANWANG_DATA_DIR:-}" ] && [ -d ../shared/data ]; then
  export SUANWANG_PUBLIC_DATA="$(cd ../shared/data && pwd)"
fi
data=${SUANWANG_PUBLIC_DATA:-${SUANWANG_DATA_DIR:-}}
if [ -n "$data" ] && [ -d "$data" ]; then
  echo "test.sh: public data sets found at $data: the full-data checks run too"
else
  echo "test.sh: no public data sets (set SUANWANG_PUBLIC_DATA=DIR or put them at ../shared/data): tests use the samples in tests/data and the full-data checks are skipped"
fi

stress=""
if $under_load; then
  bash scripts/setup.sh stress || exit 1
  # In its own process group, ended by that group's id when the run ends however it ends.
  setsid stress-ng --cpu "$(nproc)" --timeout 0 --quiet &
  stress=$!
  trap 'kill -s KILL -- "-$stress" 2>/dev/null' EXIT
  echo "test.sh: stress-ng keeps $(nproc) cores busy during the run (process group $stress)"
fi

log=$(mktemp)
dotnet test Suanwang.slnx -c Release --nologo "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log"
echo
echo "test.sh: $((SECONDS - started)) s in all$($under_load && echo ', under load')"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
