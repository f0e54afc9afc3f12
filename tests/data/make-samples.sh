#!/usr/bin/env bash
# Cuts the small samples in this folder from the full public data sets, deterministically:
# every sample is the head of its source file (or the whole file), so the same source always
# gives the same sample. See README.md here for what each sample is and under which terms.
#
#   tests/data/make-samples.sh [DATA_DIR]
#
# DATA_DIR defaults to $SUANWANG_PUBLIC_DATA, then $SUANWANG_DATA_DIR, then ../shared/data beside
# the repository. Gzip'd samples are written with `gzip -n -9` (no name or time stamp), so their
# bytes depend only on the contents and on the gzip build.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
src="${1:-${SUANWANG_PUBLIC_DATA:-${SUANWANG_DATA_DIR:-$repo/../shared/data}}}"
if [ ! -d "$src" ]; then
  echo "public data not found at $src; pass DATA_DIR or set SUANWANG_PUBLIC_DATA" >&2
  exit 2
fi
src="$(cd "$src" && pwd)"
if [ "$src" = "$here" ]; then
  echo "$src is this samples folder; point DATA_DIR at the full public data" >&2
  exit 2
fi

# Start clean, so a sample dropped from this list does not linger (LICENSES/ is kept by hand).
for set in philly-2017-jobs alibaba-gpu-v2023-openb pwa-nasa-ipsc-1993 greendcc-grid-signals china-hubs-facts; do
  rm -rf "${here:?}/$set"
done
rm -f "$here/SHA256SUMS"

# head LINES SOURCE TARGET: the first LINES lines of a (possibly gzip'd) source, gzip'd when the
# target ends in .gz. awk reads to the end rather than closing the pipe early (no SIGPIPE).
head_of() {
  local lines="$1" source="$src/$2" target="$here/$3"
  mkdir -p "$(dirname "$target")"
  local reader=(cat)
  case "$source" in *.gz) reader=(gzip -dc) ;; esac
  if [[ "$target" == *.gz ]]; then
    "${reader[@]}" "$source" | awk -v n="$lines" 'NR <= n' | gzip -n -9 > "$target"
  else
    "${reader[@]}" "$source" | awk -v n="$lines" 'NR <= n' > "$target"
  fi
}

whole() {
  mkdir -p "$(dirname "$here/$1")"
  cp "$src/$1" "$here/$1"
  chmod 644 "$here/$1"
}

# Synthetic openb files, in the columns and conventions of Alibaba's openb lists (times in seconds from
# the trace's start; gpu_milli per GPU; empty gpu_spec for "any"; pod_phase as Kubernetes says it). Ten
# pods: GPU-sharing, whole GPUs with and without a model, CPU-only, 8 GPUs, one Pending and one Failed.
openb_synthetic() {
  local dir="$here/alibaba-gpu-v2023-openb"
  mkdir -p "$dir"
  printf '%s\n' \
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time' \
    'sw-pod-0000,4000,8192,1,500,,LS,Running,0,3600,0' \
    'sw-pod-0001,8000,16384,1,1000,,LS,Running,60,7260,60' \
    'sw-pod-0002,16000,32768,2,1000,V100M32,BE,Succeeded,120,1920,150' \
    'sw-pod-0003,2000,4096,0,0,,BE,Running,300,900,300' \
    'sw-pod-0004,64000,262144,8,1000,A100,LS,Running,600,86400,600' \
    'sw-pod-0005,6000,12288,1,250,,LS,Pending,900,4500,' \
    'sw-pod-0006,12000,24576,1,1000,T4,Burstable,Failed,1200,1500,1210' \
    'sw-pod-0007,3000,6144,1,300,,LS,Running,1800,9000,1800' \
    'sw-pod-0008,32000,131072,4,1000,,LS,Running,2400,43200,2400' \
    'sw-pod-0009,1000,2048,0,0,,BE,Succeeded,3000,3060,3000' \
    | gzip -n -9 > "$dir/openb_pod_list_default.csv.gz"
  printf '%s\n' 'sn,cpu_milli,memory_mib,gpu,model' \
    'sw-node-0000,96000,786432,8,V100M32' 'sw-node-0001,96000,786432,8,A100' 'sw-node-0002,32000,262144,0,' \
    > "$dir/openb_node_list_all_node.csv"
}

# Philly: header, the file's blank second line, then the first 2000 jobs (the golden simulation's jobs).
head_of 2002 philly-2017-jobs/philly.csv.gz philly-2017-jobs/philly.csv.gz

# Alibaba openb: no licence grants redistribution of that trace, so no row of it is copied here.
# The tests read a synthetic pod list and node list in the same format, written below (not cut).
openb_synthetic
# Parallel Workloads Archive NASA iPSC/860: the 32-line header (with its acknowledgement) + the first 1000 jobs.
head_of 1032 pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz

# GreenDCC carbon intensity: header + the first 168 hours (one week from 1 January, UTC) of each
# zone the bundled greendcc-zones network reads, and of DE-LU 2021 for the reader tests.
for zone in DE-LU US-CAL-CISO SG BR-SP IN-WE JP-TK; do
  file="greendcc-grid-signals/carbon_intensity/$zone/2022/${zone}_2022_hourly.csv.gz"
  head_of 169 "$file" "$file"
done
file="greendcc-grid-signals/carbon_intensity/DE-LU/2021/DE-LU_2021_hourly.csv.gz"
head_of 169 "$file" "$file"

# Whole small files: GreenDCC's AWS transfer-price matrix and licence, the china-hubs cluster facts.
whole greendcc-grid-signals/network_cost/aws_transmission_cost_matrix.csv
whole greendcc-grid-signals/LICENSE-MIT.txt
whole china-hubs-facts/clusters.csv

# What was written, for the commit message and README.
sums="$(cd "$here" && find . -type f ! -name README.md ! -name make-samples.sh ! -name SHA256SUMS ! -path './LICENSES/*' | sort | xargs sha256sum)"
printf '%s\n' "$sums" > "$here/SHA256SUMS"
echo "samples written to $here from $src"
