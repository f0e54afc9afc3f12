#!/usr/bin/env bash
# A lab of five independent, real Slurm clusters on this one machine, on loopback only, for
# integration tests of the Slurm adapter: three with Debian 12 (bookworm) packages on the host (Slurm 22.05,
# munge 0.5), two with Debian 13 (trixie) packages in a cached root filesystem (Slurm 24.11, slurmdbd +
# MariaDB on hpc-a, an OpenSSH login node each; scripts/slurm-lab-hpc.sh and slurm-lab-rootfs.sh).
# Runs as root (slurmctld/slurmd run as root; see docs/slurm-lab.md for why).
#
#   bash scripts/slurm-lab.sh install     # apt-get install what is missing (slurm-wlm, slurmrestd, munge, curl,
#                                         # debootstrap, bubblewrap, openssh-client), then build the 24.11 root
#                                         # filesystem unless its cached copy is current
#   bash scripts/slurm-lab.sh up DIR      # start munged + 3 clusters (gpu-a, gpu-b, cpu) + slurmrestd each, and the
#                                         # 24.11 clusters (hpc-a, hpc-b) with slurmrestd and sshd each; wait until
#                                         # every node is idle, then print one line per cluster:
#                                         #   NAME SLURM_CONF=DIR/NAME/slurm.conf REST=unix:DIR/NAME/rest/slurmrestd.sock
#                                         #   NAME SLURM_CONF=… REST=unix:… VERSION=24.11.5 API=v0.0.42 SSH=127.0.0.1:PORT
#                                         #     HOSTKEY=SHA256:… KNOWN_HOSTS=… KEYS=DIR/keys USERS=swlab,… ACCOUNTING=slurmdbd|none
#                                         # and write DIR/centers/lab-NAME.yaml (for `suanwang centers register`)
#   bash scripts/slurm-lab.sh status DIR  # sinfo/squeue per cluster
#   bash scripts/slurm-lab.sh run DIR CLUSTER [--user USER] COMMAND...
#                                         # run a command (a Slurm 24.11 client) for a 24.11 cluster in its root
#                                         # filesystem, with SLURM_CONF set, in DIR/CLUSTER/out
#   bash scripts/slurm-lab.sh down DIR    # stop every daemon the lab started (pid files, then a scan of
#                                         # /proc for lab processes); removes no files; idempotent
#
# Environment: SLURM_LAB_PORT_BASE (default 17000): cluster k (1..5) uses TCP ports BASE+10k
# (slurmctld) and BASE+10k+1.. (one per slurmd), all on the loopback address the host name resolves to;
# the 24.11 clusters (k = 4, 5) also BASE+10k+5 (sshd, 127.0.0.1) and BASE+10k+6 (slurmdbd, hpc-a).
# SLURM_LAB_ROOTFS: where the 24.11 root filesystem is cached (default /var/cache/suanwang/slurm-rootfs-trixie).
# SLURM_LAB_REST_USER (default swlab): the unprivileged user slurmrestd runs as (created if missing).
# SLURM_LAB_SECOND_USER (default swlab2): a second user with its own slurmrestd per cluster, on
# DIR/NAME/rest/swlab2.sock, for centers that run a tenant's jobs as their own user (socket.<tenant>).
set -euo pipefail

readonly clusters=(gpu-a gpu-b cpu)
readonly port_base="${SLURM_LAB_PORT_BASE:-17000}"
readonly rest_user="${SLURM_LAB_REST_USER:-swlab}"
readonly second_user="${SLURM_LAB_SECOND_USER:-swlab2}"
readonly api=v0.0.38   # the newest OpenAPI plugin in Slurm 22.05
# Marker put into the environment of every daemon we start, so `down` can find stragglers
# (slurmstepd inherits slurmd's environment) without matching unrelated processes by name.
readonly marker=SUANWANG_SLURM_LAB
# shellcheck source=slurm-lab-hpc.sh
source "$(dirname "${BASH_SOURCE[0]}")/slurm-lab-hpc.sh"

die() { echo "slurm-lab.sh: $*" >&2; exit 1; }
say() { echo "slurm-lab.sh: $*" >&2; }

pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }

install_host_packages() {
  [ "$(id -u)" -eq 0 ] || die "install needs root (it runs apt-get)"
  # debootstrap and bubblewrap build and enter the 24.11 root filesystem; ssh is the tests' client of its login nodes
  local want=(slurm-wlm slurmctld slurmd slurm-client slurmrestd munge debootstrap bubblewrap openssh-client) missing=() p
  for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  command -v curl >/dev/null || missing+=(curl)
  if [ "${#missing[@]}" -eq 0 ]; then say "already installed: ${want[*]} curl"; return 0; fi
  say "installing: ${missing[*]}"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; then
    say "apt-get install failed; running apt-get update and trying again"
    "${apt[@]}" update
    "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
  fi
  for p in "${want[@]}"; do pkg_installed "$p" || die "apt-get finished but package $p is not installed"; done
}

cmd_install() {
  install_host_packages
  bash "$(dirname "${BASH_SOURCE[0]}")/slurm-lab-rootfs.sh" install
}

# ---------------------------------------------------------------------------------------------
# Cluster shapes. index (1-based) -> ports; nodes; per-node CPUs, memory (MB), GRES.
cluster_index() {
  local i
  for i in "${!clusters[@]}"; do [ "${clusters[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done
  die "unknown cluster $1"
}
ctld_port() { echo $((port_base + 10 * $(cluster_index "$1"))); }
# node_list CLUSTER -> "name port" lines
node_list() {
  local c=$1 base prefix n
  base=$(ctld_port "$c")
  case "$c" in
    gpu-a) prefix=ga ;;
    gpu-b) prefix=gb ;;
    cpu) prefix=cn ;;
  esac
  for n in 1 2; do echo "${prefix}0$n $((base + n))"; done
}

require_root() { [ "$(id -u)" -eq 0 ] || die "$1 needs root (slurmctld/slurmd run as SlurmUser=root)"; }

abs_dir() { realpath -m -- "$1"; }

lab_dir=""  # the absolute DIR of the current command; set by cmd_up/cmd_status/cmd_down

# pid of a live process from a pid file, or nothing. The process must name the lab directory in
# its command line (all our daemons but slurmdbd do) or carry the lab's marker in its environment, so a
# stale pid file never makes us touch a reused pid.
live_pid() {
  local f=$1 pid
  [ -s "$f" ] || return 1
  pid=$(tr -dc '0-9' < "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$lab_dir/" \
    || grep -qzx -- "$marker=$lab_dir" "/proc/$pid/environ" 2>/dev/null || return 1
  echo "$pid"
}

write_conf() {
  local dir=$1 c=$2 host=$3 cd="$1/$2" ctld name port
  ctld=$(ctld_port "$c")
  {
    cat <<EOF
# Written by suanwang scripts/slurm-lab.sh up; regenerated on every 'up'.
ClusterName=$c
SlurmctldHost=$host($addr)
SlurmctldPort=$ctld
# loopback only: both options are needed (NoInAddrAny alone still lets slurmctld bind 0.0.0.0)
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
AuthType=auth/munge
CredType=cred/munge
# our own munged, not the system one
AuthInfo=socket=$dir/munge/munged.sock
SlurmUser=root
SlurmdUser=root

StateSaveLocation=$cd/state
SlurmdSpoolDir=$cd/spool/slurmd-%n
SlurmctldPidFile=$cd/run/slurmctld.pid
SlurmdPidFile=$cd/run/slurmd-%n.pid
SlurmctldLogFile=$cd/log/slurmctld.log
SlurmdLogFile=$cd/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info

# no cgroups, no accounting database (each cluster is fully independent)
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true

SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=10
# the nodes advertise more CPUs/memory/GPUs than this host has
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
MessageTimeout=30
SlurmctldTimeout=120
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
Waittime=0
EOF
    case "$c" in
      gpu-a|gpu-b) echo "GresTypes=gpu" ;;
    esac
    while read -r name port; do
      case "$c" in
        gpu-a) echo "NodeName=$name NodeHostname=$host NodeAddr=$addr Port=$port CPUs=32 RealMemory=256000 Gres=gpu:a100:4 Feature=a100 State=UNKNOWN" ;;
        gpu-b) echo "NodeName=$name NodeHostname=$host NodeAddr=$addr Port=$port CPUs=64 RealMemory=512000 Gres=gpu:ascend910b:8 Feature=ascend910b State=UNKNOWN" ;;
        cpu) echo "NodeName=$name NodeHostname=$host NodeAddr=$addr Port=$port CPUs=64 RealMemory=128000 State=UNKNOWN" ;;
      esac
    done < <(node_list "$c")
    case "$c" in
      gpu-a|gpu-b)
        echo "PartitionName=gpu Nodes=ALL Default=YES MaxTime=7-00:00:00 State=UP"
        echo "PartitionName=debug Nodes=$(node_list "$c" | head -n 1 | cut -d' ' -f1) MaxTime=00:30:00 State=UP" ;;
      cpu)
        echo "PartitionName=batch Nodes=ALL Default=YES MaxTime=7-00:00:00 State=UP"
        echo "PartitionName=debug Nodes=$(node_list "$c" | head -n 1 | cut -d' ' -f1) MaxTime=00:30:00 State=UP" ;;
    esac
  } > "$cd/slurm.conf"

  # Fake GPUs: gres.conf must name device files (without File= slurmd reports 0 GPUs and the node
  # goes INVAL); empty placeholder files are enough with TaskPlugin=task/none.
  rm -f "$cd/gres.conf"
  case "$c" in
    gpu-a|gpu-b)
      local type count
      if [ "$c" = gpu-a ]; then type=a100; count=4; else type=ascend910b; count=8; fi
      mkdir -p "$cd/fakedev"
      local g
      for ((g = 0; g < count; g++)); do : > "$cd/fakedev/gpu$g"; done
      {
        echo "# Written by suanwang scripts/slurm-lab.sh up: fake devices (empty files)"
        echo "AutoDetect=off"
        echo "NodeName=$(node_list "$c" | cut -d' ' -f1 | paste -sd,) Name=gpu Type=$type File=$cd/fakedev/gpu[0-$((count - 1))]"
      } > "$cd/gres.conf"
      ;;
  esac
}

start_munge() {
  local dir=$1 m="$1/munge" pid
  id munge >/dev/null 2>&1 || die "no 'munge' user; run: bash scripts/slurm-lab.sh install"
  if pid=$(live_pid "$m/munged.pid"); then say "munged already running (pid $pid)"; return 0; fi
  # munged refuses to run as root; its key, socket, pid, log and seed live in DIR/munge, owned by munge.
  install -d -o munge -g munge -m 0755 "$m"
  if [ ! -s "$m/munge.key" ]; then
    runuser -u munge -- mungekey --create --keyfile="$m/munge.key" \
      || die "mungekey --create --keyfile=$m/munge.key failed"
  fi
  rm -f "$m/munged.sock" "$m/munged.sock.lock"
  (cd / && env "$marker=$dir" runuser -u munge -- /usr/sbin/munged --num-threads=10 \
      --socket="$m/munged.sock" --key-file="$m/munge.key" --pid-file="$m/munged.pid" \
      --log-file="$m/munged.log" --seed-file="$m/munged.seed") \
    || die "munged failed to start; read $m/munged.log"
  local _
  for _ in $(seq 1 50); do
    munge -S "$m/munged.sock" -n 2>/dev/null | unmunge -S "$m/munged.sock" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "munged does not answer on $m/munged.sock; read $m/munged.log"
}

start_cluster() {
  local dir=$1 c=$2 host=$3 cd="$1/$2" pid name port _
  mkdir -p "$cd/state" "$cd/spool" "$cd/run" "$cd/log" "$cd/out"
  chmod 0755 "$cd" "$cd/run"
  chmod 1777 "$cd/out"   # jobs (also the REST user's) write their output here
  write_conf "$dir" "$c" "$host"
  local conf="$cd/slurm.conf"
  if pid=$(live_pid "$cd/run/slurmctld.pid"); then
    say "$c: slurmctld already running (pid $pid)"
  else
    # -i: ignore unreadable state (first start: no state files yet). Daemonizes; pid file in run/.
    (cd / && env "$marker=$dir" SLURM_CONF="$conf" /usr/sbin/slurmctld -i -f "$conf") \
      || die "$c: slurmctld failed to start; read $cd/log/slurmctld.log"
    for _ in $(seq 1 50); do live_pid "$cd/run/slurmctld.pid" >/dev/null && break; sleep 0.2; done
    live_pid "$cd/run/slurmctld.pid" >/dev/null || die "$c: slurmctld is not running; read $cd/log/slurmctld.log"
  fi
  while read -r name port; do
    if pid=$(live_pid "$cd/run/slurmd-$name.pid"); then say "$c: slurmd $name already running (pid $pid)"; continue; fi
    # several slurmd on one host: -N picks the NodeName (and so its Port, spool, pid and log file)
    (cd / && env "$marker=$dir" SLURM_CONF="$conf" /usr/sbin/slurmd -f "$conf" -N "$name") \
      || die "$c: slurmd $name failed to start; read $cd/log/slurmd-$name.log"
    for _ in $(seq 1 50); do live_pid "$cd/run/slurmd-$name.pid" >/dev/null && break; sleep 0.2; done
    live_pid "$cd/run/slurmd-$name.pid" >/dev/null || die "$c: slurmd $name is not running; read $cd/log/slurmd-$name.log"
  done < <(node_list "$c")
}

# start_rest DIR CLUSTER USER SOCKET PIDFILE: one slurmrestd running as USER on SOCKET.
start_rest() {
  local dir=$1 c=$2 user=$3 sock=$4 pidfile=$5 cd="$1/$2" pid
  if pid=$(live_pid "$pidfile"); then say "$c: slurmrestd for $user already running (pid $pid)"; return 0; fi
  # the socket's directory must be writable by the REST users (they create their sockets there)
  install -d -m 1777 "$cd/rest"
  rm -f "$sock"
  # slurmrestd refuses to run as root or as SlurmUser; setpriv execs it, so $! is slurmrestd's pid.
  # rest_auth/local over a unix socket: the caller's uid (SO_PEERCRED) is the user requests run as.
  # umask 0: the socket must be connectable by other local users (the REST user's and root's jobs).
  (cd / && umask 0000 && exec env "$marker=$dir" SLURM_CONF="$cd/slurm.conf" \
      setpriv --reuid="$user" --regid="$user" --init-groups \
      /usr/sbin/slurmrestd -a rest_auth/local -s "openapi/$api" "unix:$sock") \
    >> "$cd/log/slurmrestd-$user.log" 2>&1 < /dev/null &
  echo "$!" > "$pidfile"
}

wait_idle() {
  local dir=$1 c=$2 cd="$1/$2" want got _
  want=$(node_list "$c" | wc -l)
  for _ in $(seq 1 150); do
    # ready = up and taking work: idle, or already running jobs (mixed, allocated) when 'up' restarts a daemon
    # timeout: sinfo waits long for a controller it cannot reach, and this loop must keep its 60 s
    got=$(SLURM_CONF="$cd/slurm.conf" timeout 5 sinfo -h -N -o '%N %t' 2>/dev/null | sort -u | awk '$2 == "idle" || $2 == "mix" || $2 == "alloc"' | wc -l || true)
    [ "$got" -ge "$want" ] && return 0
    sleep 0.4
  done
  SLURM_CONF="$cd/slurm.conf" timeout 5 sinfo -N -o '%N %T %E' >&2 || true
  die "$c: nodes not up after 60 s; read $cd/log/slurmctld.log and $cd/log/slurmd-*.log"
}

# wait_rest DIR CLUSTER SOCKET PIDFILE
wait_rest() {
  local c=$2 cd="$1/$2" sock=$3 pidfile=$4 _ out
  for _ in $(seq 1 50); do
    if [ -S "$sock" ]; then
      out=$(curl -sS --max-time 10 --unix-socket "$sock" "http://localhost/slurm/$api/ping" 2>/dev/null || true)
      case "$out" in *'"pings"'*) return 0 ;; esac
    fi
    live_pid "$pidfile" >/dev/null || die "$c: slurmrestd ($sock) exited; read $cd/log/slurmrestd-*.log"
    sleep 0.2
  done
  die "$c: slurmrestd does not answer GET /slurm/$api/ping on $sock; read $cd/log/slurmrestd-*.log"
}

# Each cluster's two slurmrestd: the REST user's (the default socket) and a second user's, for centers that
# map a tenant to its own Slurm user (engine setting socket.<tenant>).
for_each_rest() {
  local dir=$1 c=$2 fn=$3
  "$fn" "$dir" "$c" "$rest_user" "$dir/$c/rest/slurmrestd.sock" "$dir/$c/run/slurmrestd.pid"
  "$fn" "$dir" "$c" "$second_user" "$dir/$c/rest/$second_user.sock" "$dir/$c/run/slurmrestd-$second_user.pid"
}

start_rests() { for_each_rest "$1" "$2" start_rest; }
wait_rests() {
  wait_rest "$1" "$2" "$1/$2/rest/slurmrestd.sock" "$1/$2/run/slurmrestd.pid"
  wait_rest "$1" "$2" "$1/$2/rest/$second_user.sock" "$1/$2/run/slurmrestd-$second_user.pid"
}

# a daemon a test stopped (SIGSTOP: a hung controller or login node) is running again after 'up'
resume_stopped() {
  local dir=$1 f pid
  for f in "$dir"/*/run/*.pid "$dir"/*/db/mariadbd.pid "$dir"/munge/munged.pid "$dir"/munge-trixie/munged.lab.pid; do
    [ -e "$f" ] || continue
    pid=$(live_pid "$f") || continue
    if [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = T ]; then
      say "resuming stopped $(basename "$f" .pid) (pid $pid)"
      kill -s CONT "$pid" 2>/dev/null || true
    fi
  done
}

cmd_up() {
  [ $# -eq 1 ] || die "usage: slurm-lab.sh up DIR"
  require_root up
  local dir c host port addr
  dir=$(abs_dir "$1")
  lab_dir=$dir
  resume_stopped "$dir"
  for c in slurmctld slurmd slurmrestd munged; do
    [ -x "/usr/sbin/$c" ] || die "/usr/sbin/$c missing; run: bash scripts/slurm-lab.sh install"
  done
  command -v curl >/dev/null || die "curl missing; run: bash scripts/slurm-lab.sh install"
  host=$(hostname -s)
  # NoInAddrAny makes the daemons bind the address the host name resolves to, so that address is the one
  # everything must dial: 127.0.0.1 on some machines, 127.0.1.1 where Debian's installer wrote /etc/hosts.
  addr=$(getent ahostsv4 "$host" | awk 'NR == 1 {print $1}')
  [[ "$addr" == 127.* ]] \
    || die "host name $host resolves to '${addr:-nothing}', not to a loopback address (getent ahostsv4 $host); add '127.0.1.1 $host' to /etc/hosts"
  local user
  for user in "$rest_user" "$second_user"; do
    id "$user" >/dev/null 2>&1 \
      || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" \
      || die "useradd $user failed"
  done

  mkdir -p "$dir"
  chmod 0755 "$dir"
  # refuse ports some other process already listens on (our own daemons from an earlier 'up' are fine)
  # (each port is checked only when its own daemon is not running, so 'up' also restarts one that stopped)
  for c in "${clusters[@]}"; do
    local -a ports=()
    live_pid "$dir/$c/run/slurmctld.pid" >/dev/null || ports+=("$(ctld_port "$c")")
    while read -r name port; do
      live_pid "$dir/$c/run/slurmd-$name.pid" >/dev/null || ports+=("$port")
    done < <(node_list "$c")
    for port in "${ports[@]}"; do
      # a connection that is accepted means a listener (bash's /dev/tcp: no iproute2 needed)
      if (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null; then
        die "port $port (cluster $c) on $addr is already in use: ss -ltnp 'sport = :$port'; set SLURM_LAB_PORT_BASE"
      fi
    done
  done
  while read -r port c; do
    if (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port (cluster $c) is already in use: ss -ltnp 'sport = :$port'; set SLURM_LAB_PORT_BASE"
    fi
  done < <(hpc_ports_to_check "$dir")

  start_munge "$dir"
  for c in "${clusters[@]}"; do start_cluster "$dir" "$c" "$host"; done
  hpc_up "$dir" "$host"
  for c in "${clusters[@]}"; do wait_idle "$dir" "$c"; done
  for c in "${clusters[@]}"; do start_rests "$dir" "$c"; done
  hpc_up_finish "$dir"
  for c in "${clusters[@]}"; do wait_rests "$dir" "$c"; done
  write_center_files "$dir"
  hpc_write_center_files "$dir"
  for c in "${clusters[@]}"; do
    echo "$c SLURM_CONF=$dir/$c/slurm.conf REST=unix:$dir/$c/rest/slurmrestd.sock"
  done
  hpc_print_lines "$dir"
}

# DIR/centers/lab-NAME.yaml: each cluster as a Suanwang center, ready for `suanwang centers register FILE`
# on a broker started with `--slurm-socket-dir DIR` (the sockets are in the lab's folder).
# Regions are the default network's western hubs; grid figures are those of the hub's own centers there.
write_center_files() {
  local dir=$1 c
  mkdir -p "$dir/centers"
  for c in "${clusters[@]}"; do
    local region pool carbon renewable pue
    case "$c" in
      gpu-a) region=guizhou; pue=1.18; carbon=498.9; renewable=0.40
             pool="{ id: gpu, accelerator: a100-80g, acceleratorsPerNode: 4, cpusPerNode: 32, memoryGiBPerNode: 250, nodes: 2, perAcceleratorHourYuan: 9 }" ;;
      gpu-b) region=gansu; pue=1.18; carbon=477.2; renewable=0.50
             pool="{ id: gpu, accelerator: ascend-910b, acceleratorsPerNode: 8, cpusPerNode: 64, memoryGiBPerNode: 500, nodes: 2, perAcceleratorHourYuan: 7 }" ;;
      cpu)   region=ningxia; pue=1.15; carbon=642.3; renewable=0.65
             pool="{ id: batch, accelerator: x86-core, cpusPerNode: 64, memoryGiBPerNode: 125, nodes: 2 }" ;;
    esac
    cat > "$dir/centers/lab-$c.yaml" <<YAML
# The lab's Slurm cluster '$c' as a Suanwang center (written by slurm-lab.sh up).
id: lab-$c
name: Lab cluster $c
region: $region
backend: slurm
pools:
  - $pool
pricing: { perCpuHourYuan: 0.1 }
energy:
  pue: $pue
  carbon: { annualGramsPerKwh: $carbon, source: "grid factor of the region's hub centers (default network)" }
  renewable: { annualShare: $renewable, source: "the region's hub centers (default network)" }
engine: { socket: "$dir/$c/rest/slurmrestd.sock", workDir: "$dir/$c/out" }
YAML
  done
}

cmd_status() {
  [ $# -eq 1 ] || die "usage: slurm-lab.sh status DIR"
  local dir c cd pid f
  dir=$(abs_dir "$1")
  lab_dir=$dir
  if pid=$(live_pid "$dir/munge/munged.pid"); then echo "munged: running (pid $pid, socket $dir/munge/munged.sock)"
  else echo "munged: not running"; fi
  if pid=$(live_pid "$dir/munge-trixie/munged.lab.pid"); then echo "munged (24.11): running (pid $pid, socket $dir/munge-trixie/munged.sock)"
  else echo "munged (24.11): not running"; fi
  for c in "${clusters[@]}" "${hpc_clusters[@]}"; do
    cd="$dir/$c"
    echo "== $c (SLURM_CONF=$cd/slurm.conf)"
    [ -f "$cd/slurm.conf" ] || { echo "   not set up"; continue; }
    for f in "$cd"/run/*.pid "$cd"/db/mariadbd.pid; do
      [ -e "$f" ] || continue
      if pid=$(live_pid "$f"); then echo "   $(basename "$f" .pid): pid $pid"; else echo "   $(basename "$f" .pid): not running"; fi
    done
    if live_pid "$cd/run/slurmctld.pid" >/dev/null; then
      local client=()
      [[ "$c" == hpc-* ]] && client=(hpc_client "$dir" "$c")
      SLURM_CONF="$cd/slurm.conf" "${client[@]}" sinfo -N -o '%12N %10P %8T %5c %10m %15f %G' || true
      SLURM_CONF="$cd/slurm.conf" "${client[@]}" squeue -o '%8i %10P %12j %8u %10T %10M %R' || true
    fi
  done
}

# run DIR CLUSTER [--user USER] COMMAND...: a command in a 24.11 cluster's root filesystem (its Slurm clients)
cmd_run() {
  [ $# -ge 3 ] || die "usage: slurm-lab.sh run DIR CLUSTER [--user USER] COMMAND..."
  local dir c user=""
  dir=$(abs_dir "$1")
  c=$2
  shift 2
  lab_dir=$dir
  hpc_index "$c" >/dev/null
  [ -f "$dir/$c/slurm.conf" ] || die "$dir/$c/slurm.conf missing; run: slurm-lab.sh up $dir"
  if [ "$1" = --user ]; then
    [ $# -ge 3 ] || die "usage: slurm-lab.sh run DIR CLUSTER [--user USER] COMMAND..."
    user=$2
    shift 2
    hpc_user_names | grep -qx -- "$user" || die "--user $user: not a lab user ($(hpc_user_names | paste -sd' '))"
  fi
  if [ -n "$user" ]; then
    hpc_client "$dir" "$c" setpriv --reuid="$user" --regid="$user" --init-groups --reset-env \
      env SLURM_CONF="$dir/$c/slurm.conf" "$marker=$dir" "$@"
  else
    hpc_client "$dir" "$c" "$@"
  fi
}

# all processes whose argv[0] is a lab daemon and whose command line names DIR, or whose
# environment carries our marker for DIR (slurmstepd and job steps inherit slurmd's environment)
lab_pids() {
  local dir=$1 p pid cmd
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null || true)
    [ -n "$cmd" ] || continue
    case "$cmd" in
      *slurm-lab.sh*) continue ;;
    esac
    if grep -qzx -- "$marker=$dir" "$p/environ" 2>/dev/null; then echo "$pid"; continue; fi
    case "${cmd%% *}" in
      */slurmctld|slurmctld|*/slurmd|slurmd|*/slurmrestd|slurmrestd|*/munged|munged|slurmstepd*|*/sshd|sshd|*/mariadbd|mariadbd|*/slurmdbd|slurmdbd|bwrap|*/bwrap)
        case "$cmd" in *"$dir/"*) echo "$pid" ;; esac ;;
    esac
  done
}

stop_pids() {  # TERM, wait up to 10 s, then KILL
  local pids=("$@") p _ alive=()
  [ "${#pids[@]}" -gt 0 ] || return 0
  kill -s TERM -- "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=()
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    [ "${#alive[@]}" -eq 0 ] && return 0
    sleep 0.2
  done
  say "still alive after TERM, sending KILL: ${alive[*]}"
  kill -s KILL -- "${alive[@]}" 2>/dev/null || true
}

cmd_down() {
  [ $# -eq 1 ] || die "usage: slurm-lab.sh down DIR"
  local dir c cd pid f
  local -a pids=()
  dir=$(abs_dir "$1")
  lab_dir=$dir
  # cancel jobs first so no slurmstepd outlives its slurmd
  for c in "${hpc_clusters[@]}"; do
    if live_pid "$dir/$c/run/slurmctld.pid" >/dev/null && [ -f "$dir/rootfs-etc/passwd" ]; then
      local u
      for u in root $(hpc_user_names); do
        hpc_client "$dir" "$c" timeout 10 scancel --full --quiet --user="$u" 2>/dev/null || true
      done
    fi
  done
  for c in "${clusters[@]}"; do
    cd="$dir/$c"
    if live_pid "$cd/run/slurmctld.pid" >/dev/null; then
      SLURM_CONF="$cd/slurm.conf" timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
      SLURM_CONF="$cd/slurm.conf" timeout 10 scancel --full --quiet --user="$rest_user" 2>/dev/null || true
      SLURM_CONF="$cd/slurm.conf" timeout 10 scancel --full --quiet --user="$second_user" 2>/dev/null || true
    fi
  done
  # by pid file, one group at a time (in parallel within a group): slurmrestd, slurmd, slurmctld, munged
  local group files
  for group in sshd slurmrestd slurmd slurmctld slurmdbd mariadbd munged; do
    case "$group" in
      sshd) files=("$dir"/*/run/sshd.pid) ;;
      slurmrestd) files=("$dir"/*/run/slurmrestd*.pid) ;;
      slurmd) files=("$dir"/*/run/slurmd-*.pid) ;;
      slurmctld) files=("$dir"/*/run/slurmctld.pid) ;;
      slurmdbd) files=("$dir"/*/run/slurmdbd.pid) ;;
      mariadbd) files=("$dir"/*/db/mariadbd.pid) ;;
      munged) files=("$dir"/munge/munged.pid "$dir"/munge-trixie/munged.lab.pid) ;;
    esac
    pids=()
    for f in "${files[@]}"; do
      [ -e "$f" ] || continue
      if pid=$(live_pid "$f"); then say "stopping $(basename "$f" .pid) (pid $pid, $f)"; pids+=("$pid"); fi
    done
    stop_pids "${pids[@]}"
  done
  # fallback: anything left that belongs to this lab
  mapfile -t pids < <(lab_pids "$dir")
  if [ "${#pids[@]}" -gt 0 ]; then
    say "stopping leftover lab processes: $(for p in "${pids[@]}"; do printf '%s(%s) ' "$p" "$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-60)"; done)"
    stop_pids "${pids[@]}"
  fi
  # every mount the 24.11 daemons saw lived in their own bwrap mount namespaces, gone with them
  say "down: $dir"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  up) shift; cmd_up "$@" ;;
  status) shift; cmd_status "$@" ;;
  run) shift; cmd_run "$@" ;;
  down) shift; cmd_down "$@" ;;
  *) die "usage: slurm-lab.sh install | up DIR | status DIR | run DIR CLUSTER [--user USER] COMMAND... | down DIR" ;;
esac
