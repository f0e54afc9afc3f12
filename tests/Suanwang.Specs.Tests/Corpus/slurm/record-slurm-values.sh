#!/usr/bin/env bash
# Records what a real sbatch makes of every script in this folder: for each NAME.sbatch, NAME.slurm holds
# the fields `scontrol show job` gives the held job (or the error sbatch printed), which
# SbatchSlurmAgreementTests compares with Suanwang's reading, field by field.
#
#   bash tests/Suanwang.Specs.Tests/Corpus/slurm/record-slurm-values.sh [NAME.sbatch ...]
#
# Needs root and Slurm 22.05 (bash scripts/slurm-lab.sh install). It brings up the project's Slurm lab
# (scripts/slurm-lab.sh up, on SLURM_LAB_PORT_BASE, default 23400) for its munged and loopback set-up, then
# starts one more slurmctld beside the lab's clusters: a "record" cluster whose configuration
# (record-cluster.conf here) has the partitions, node features, GPU types and licenses the scripts name, on
# nodes large enough for them. Its nodes have no slurmd: every job is submitted with --hold and only read
# back, never run. Nothing in a script is stripped or rewritten. At the end the extra slurmctld is stopped
# by its pid, the lab is taken down (scripts/slurm-lab.sh down) and its folder removed (kept with SUANWANG_RECORD_KEEP=1).
#
# What this lab cannot show: without an accounting database slurmctld keeps no QOS (scontrol prints
# QOS=(null)) and accepts any account name; the recorded files say so in their header.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
port_base=${SLURM_LAB_PORT_BASE:-23400}
dir=$(mktemp -d /tmp/suanwang-sbatch-record.XXXXXX)
ctld_pid=""

say() { echo "record-slurm-values: $*" >&2; }

cleanup() {
  if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then kill -s TERM "$ctld_pid" || true; fi
  SLURM_LAB_PORT_BASE=$port_base bash "$repo/scripts/slurm-lab.sh" down "$dir" >&2 || true
  # the lab's logs stay for a look when asked (SUANWANG_RECORD_KEEP=1)
  if [ "${SUANWANG_RECORD_KEEP:-0}" != 1 ]; then rm -rf -- "$dir"; else say "lab files kept in $dir"; fi
}
trap cleanup EXIT

SLURM_LAB_PORT_BASE=$port_base bash "$repo/scripts/slurm-lab.sh" up "$dir" >&2

# The record cluster: the lab's controller host and munged socket, its own port, state and log.
rc="$dir/record"
mkdir -p "$rc/state" "$rc/run" "$rc/log"
lab_conf="$dir/cpu/slurm.conf"
host_line=$(grep '^SlurmctldHost=' "$lab_conf")
addr=$(sed -E 's/.*\((.*)\)/\1/' <<<"$host_line")
{
  echo "ClusterName=record"
  echo "$host_line"
  echo "SlurmctldPort=$((port_base + 90))"
  grep -E '^(CommunicationParameters|AuthType|CredType|AuthInfo|SlurmUser|SlurmdUser)=' "$lab_conf"
  echo "StateSaveLocation=$rc/state"
  echo "SlurmdSpoolDir=$rc/spool-%n"
  echo "SlurmctldPidFile=$rc/run/slurmctld.pid"
  echo "SlurmctldLogFile=$rc/log/slurmctld.log"
  sed -e "s/@ADDR@/$addr/g" -e "s/@PORT@/$((port_base + 91))/g" "$here/record-cluster.conf"
} > "$rc/slurm.conf"
: > "$rc/gres.conf"
for t in a100 v100 h100; do
  case $t in a100) nodes='ga[001-016]'; n=8 ;; v100) nodes='gv[001-008]'; n=4 ;; h100) nodes='gh[001-008]'; n=8 ;; esac
  mkdir -p "$rc/dev-$t"
  for ((g = 0; g < n; g++)); do : > "$rc/dev-$t/gpu$g"; done
  echo "NodeName=$nodes Name=gpu Type=$t File=$rc/dev-$t/gpu[0-$((n - 1))]" >> "$rc/gres.conf"
done
export SLURM_CONF="$rc/slurm.conf"
(cd / && SUANWANG_SLURM_LAB="$dir" /usr/sbin/slurmctld -i -f "$SLURM_CONF")
for _ in $(seq 1 50); do [ -s "$rc/run/slurmctld.pid" ] && break; sleep 0.2; done
ctld_pid=$(cat "$rc/run/slurmctld.pid")
for _ in $(seq 1 50); do timeout 5 scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
say "record cluster up (slurmctld pid $ctld_pid, $SLURM_CONF)"

# The fields Suanwang's reading is compared on; the rest (ids, times, paths) change from run to run.
fields='MinCPUsNode|TimeLimit|TimeMin|NumNodes|NumCPUs|NumTasks|CPUs/Task|NtasksPerN:B:S:C|MinMemoryNode|MinMemoryCPU|TRES|TresPerNode|TresPerJob|TresPerTask|CpusPerTres|MemPerTres|TresPerSocket|Features|Partition|Account|QOS|ArrayTaskId|OverSubscribe|Requeue|Licenses|Deadline'

if [ $# -gt 0 ]; then scripts=("$@"); else scripts=("$here"/*.sbatch); fi
for script in "${scripts[@]}"; do
  script=$here/$(basename "$script")
  out="${script%.sbatch}.slurm"
  {
    echo "# Recorded by record-slurm-values.sh with sbatch $(sbatch --version | awk '{print $2}') --hold $(basename "$script"); do not edit."
    echo "# This lab has no accounting database: QOS is not kept (QOS=(null)) and any account name is accepted."
    if id=$(cd "$rc" && sbatch --hold --parsable "$script" 2>"$rc/err"); then
      # the name may hold blanks, which scontrol's one-line form does not quote: ask squeue for it alone
      echo "JobName=$(squeue -h -j "${id%%;*}" -o '%j' | head -n 1)"
      scontrol show job -o "${id%%;*}" | head -n 1 | tr ' ' '\n' | grep -E "^($fields)=" || true
    else
      echo "sbatch-error=$(grep -v '^Try ' "$rc/err" | head -n 1)"
    fi
  } > "$out"
  say "$(basename "$script"): $(grep -c '=' "$out") fields"
done
