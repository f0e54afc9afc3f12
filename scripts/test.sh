#!/usr/bin/env bash
# Runs every test project (dotnet test Suanwang.slnx) and prints one closing line: "N passed, N failed".
# Tests that read the public data sets find them through SUANWANG_DATA_DIR, or in ../shared/data
# beside the repository.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SUANWANG_DATA_DIR:-}" ] && [ -d ../shared/data ]; then
  export SUANWANG_DATA_DIR="$(cd ../shared/data && pwd)"
fi
log=$(mktemp)
dotnet test Suanwang.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
