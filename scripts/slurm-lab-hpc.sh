# Sourced by slurm-lab.sh: the lab's Slurm 24.11 clusters (hpc-a with slurmdbd + MariaDB, hpc-b without),
# each with slurmrestd on a unix socket and an OpenSSH login node, all inside the Debian 13 root filesystem
# that slurm-lab-rootfs.sh builds. See docs/slurm-lab.md ("Slurm 24.11") for the why of each setting.
#
# Every daemon runs under root's bubblewrap: the cached root filesystem read-only as "/", the lab folder DIR
# bound at its own absolute path (so sockets, configs, output and gate files have one path inside and out),
# a private /tmp and /run, and the lab's own passwd/group/shadow (so the lab's users exist only there and
# the cached root filesystem is never written). bwrap makes a mount namespace only: no network or pid
# namespace, so the daemons listen on the host's loopback and their pids are the host's.

readonly hpc_clusters=(hpc-a hpc-b)
readonly hpc_rootfs="${SLURM_LAB_ROOTFS:-/var/cache/suanwang/slurm-rootfs-trixie}"
readonly hpc_api=v0.0.42   # the newest data parser in Slurm 24.11
# Users of the login nodes: the REST users and one per tenant. uid:name; only in the lab's passwd.
readonly hpc_users=(61000:swlab 61001:swlab2 61011:swt1 61012:swt2)

hpc_index() { case "$1" in hpc-a) echo 4 ;; hpc-b) echo 5 ;; *) die "unknown cluster $1" ;; esac; }
hpc_ctld_port() { echo $((port_base + 10 * $(hpc_index "$1"))); }
hpc_ssh_port() { echo $(($(hpc_ctld_port "$1") + 5)); }
hpc_dbd_port() { echo $(($(hpc_ctld_port "$1") + 6)); }
hpc_accounting() { [ "$1" = hpc-a ]; }
hpc_node_list() {
  local base prefix n
  base=$(hpc_ctld_port "$1")
  case "$1" in hpc-a) prefix=ha ;; hpc-b) prefix=hb ;; esac
  for n in 1 2; do echo "${prefix}0$n $((base + n))"; done
}
hpc_user_names() { local u; for u in "${hpc_users[@]}"; do echo "${u#*:}"; done; }

# hpc_bwrap DIR [BWRAP-OPTION...] -- : sets hpc_args to bwrap's arguments for the root filesystem (see the top)
hpc_bwrap() {
  local dir=$1 extra=()
  shift
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  # DIR's ancestors inside the private /tmp, /run or /var/tmp: bwrap would make them 0700, which the
  # unprivileged daemons (munge, mysql, the REST users) could not pass
  local up=() p=$dir
  while p=$(dirname "$p"); [ "$p" != / ]; do
    case "$p/" in /tmp/?*|/run/?*|/var/tmp/?*) up=(--perms 0755 --dir "$p" "${up[@]}") ;; esac
  done
  hpc_args=(--ro-bind "$hpc_rootfs" / --proc /proc --dev /dev --ro-bind /sys /sys
    --perms 1777 --tmpfs /tmp --tmpfs /run --perms 1777 --tmpfs /var/tmp --dir /run/sshd
    --ro-bind /etc/hosts /etc/hosts "${up[@]}"
    --bind "$dir/munge-trixie" /run/munge
    --ro-bind "$dir/rootfs-etc/passwd" /etc/passwd --ro-bind "$dir/rootfs-etc/group" /etc/group
    --ro-bind "$dir/rootfs-etc/shadow" /etc/shadow
    --bind "$dir" "$dir" "${extra[@]}"
    --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin --setenv "$marker" "$dir" --)
}

# hpc_root DIR [BWRAP-OPTION...] -- COMMAND...: run COMMAND in the root filesystem
hpc_root() {
  local dir=$1 extra=()
  shift
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  local hpc_args
  hpc_bwrap "$dir" "${extra[@]}" --
  bwrap "${hpc_args[@]}" "$@"
}

# hpc_daemon DIR PIDFILE LOG [BWRAP-OPTION...] -- COMMAND...: start COMMAND (which stays in the foreground) in
# the background; PIDFILE gets its host pid (the shell in the root execs it, so its $$ is the daemon's pid).
# bwrap stays as its parent and exits with it.
hpc_daemon() {
  local dir=$1 pidfile=$2 log=$3 extra=() _
  shift 3
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  local hpc_args
  hpc_bwrap "$dir" "${extra[@]}" --
  rm -f "$pidfile"
  (cd / && exec bwrap "${hpc_args[@]}" sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@") >> "$log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do [ -s "$pidfile" ] && return 0; sleep 0.1; done
  die "$(basename "$pidfile" .pid) did not start; read $log"
}

# replace FILE by stdin atomically: running daemons and clients (an sbatch on a login node while a test runs 'up')
# read these files at any time, and must never see them half written
write_atomic() {
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  cat > "$tmp" && chmod "${2:-0644}" "$tmp" && mv -f "$tmp" "$1"
}

# uid/gid of a user of the root filesystem's own passwd (mysql, munge)
hpc_uid() { awk -F: -v u="$1" '$1 == u {print $3 ":" $4}' "$hpc_rootfs/etc/passwd"; }

# DIR/rootfs-etc: the root filesystem's passwd/group/shadow plus the lab's users (home DIR/home/USER)
hpc_write_etc() {
  local dir=$1 e="$1/rootfs-etc" u uid name
  mkdir -p "$e"
  install -d -m 0755 "$dir/home"
  for u in "${hpc_users[@]}"; do
    uid=${u%%:*} name=${u#*:}
    install -d -o "$uid" -g "$uid" -m 0700 "$dir/home/$name"
  done
  { cat "$hpc_rootfs/etc/passwd"
    for u in "${hpc_users[@]}"; do echo "${u#*:}:x:${u%%:*}:${u%%:*}:lab user:$dir/home/${u#*:}:/bin/bash"; done
  } | write_atomic "$e/passwd"
  { cat "$hpc_rootfs/etc/group"; for u in "${hpc_users[@]}"; do echo "${u#*:}:x:${u%%:*}:"; done; } | write_atomic "$e/group"
  # '*': no password, yet not locked (sshd refuses accounts whose password starts with '!')
  { cat "$hpc_rootfs/etc/shadow"; for u in "${hpc_users[@]}"; do echo "${u#*:}:*:20000:0:99999:7:::"; done; } \
    | write_atomic "$e/shadow" 0640
}

hpc_start_munge() {
  local dir=$1 m="$1/munge-trixie" pid owner
  if pid=$(live_pid "$m/munged.lab.pid"); then say "munged (24.11) already running (pid $pid)"; return 0; fi
  owner=$(hpc_uid munge)
  install -d -o "${owner%:*}" -g "${owner#*:}" -m 0755 "$m"
  if [ ! -s "$m/munge.key" ]; then
    hpc_root "$dir" -- setpriv --reuid=munge --regid=munge --init-groups mungekey --create --keyfile="$m/munge.key" \
      || die "mungekey --create --keyfile=$m/munge.key (in the root filesystem) failed"
  fi
  rm -f "$m/munged.sock" "$m/munged.sock.lock"
  # the lab's munge folder is /run/munge in the root too: sacctmgr/sacct reach slurmdbd through munge's
  # default socket, ignoring AuthInfo=socket= in slurm.conf
  ln -sfn munged.sock "$m/munge.socket.2"
  hpc_daemon "$dir" "$m/munged.lab.pid" "$m/munged.out" -- setpriv --reuid=munge --regid=munge --init-groups \
    munged -F --num-threads=10 --socket="$m/munged.sock" --key-file="$m/munge.key" \
    --pid-file="$m/munged.pid" --log-file="$m/munged.log" --seed-file="$m/munged.seed"
  local _
  for _ in $(seq 1 50); do
    hpc_root "$dir" -- sh -c 'munge -S "$0" -n | unmunge -S "$0"' "$m/munged.sock" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "munged (24.11) does not answer on $m/munged.sock; read $m/munged.log"
}

hpc_write_conf() {
  local dir=$1 c=$2 host=$3 cd="$1/$2" ctld name port nodes
  ctld=$(hpc_ctld_port "$c")
  nodes=$(hpc_node_list "$c" | cut -d' ' -f1 | paste -sd,)
  {
    cat <<EOF
# Written by suanwang scripts/slurm-lab.sh up (Slurm 24.11, in the Debian 13 root filesystem); regenerated on every 'up'.
ClusterName=$c
SlurmctldHost=$host($addr)
SlurmctldPort=$ctld
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge-trixie/munged.sock
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
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=10
SlurmdParameters=config_overrides
ReturnToService=2
MessageTimeout=30
SlurmctldTimeout=120
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
Waittime=0
EOF
    if hpc_accounting "$c"; then
      # The controller forgets a finished job after 10 s (300 elsewhere): past that only accounting knows it, which
      # is what the engine must then read. job_comment keeps the comment (the dispatch token) in accounting.
      cat <<EOF
MinJobAge=10
AccountingStoreFlags=job_comment
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=$host
AccountingStoragePort=$(hpc_dbd_port "$c")
AccountingStorageTRES=gres/gpu
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
EOF
    else
      echo "MinJobAge=300"
      echo "AccountingStorageType=accounting_storage/none"
      echo "JobAcctGatherType=jobacct_gather/none"
    fi
    case "$c" in hpc-a) echo "GresTypes=gpu" ;; esac
    while read -r name port; do
      case "$c" in
        hpc-a) echo "NodeName=$name NodeHostname=$host NodeAddr=$addr Port=$port CPUs=32 RealMemory=256000 Gres=gpu:a100:4 Feature=a100,gpu,ib State=UNKNOWN" ;;
        hpc-b) echo "NodeName=$name NodeHostname=$host NodeAddr=$addr Port=$port CPUs=64 RealMemory=128000 Feature=cpu State=UNKNOWN" ;;
      esac
    done < <(hpc_node_list "$c")
    case "$c" in
      hpc-a) echo "PartitionName=gpu Nodes=ALL Default=YES MaxTime=7-00:00:00 State=UP" ;;
      hpc-b) echo "PartitionName=batch Nodes=ALL Default=YES MaxTime=7-00:00:00 State=UP" ;;
    esac
    echo "PartitionName=debug Nodes=${nodes%%,*} MaxTime=00:30:00 State=UP"
  } | write_atomic "$cd/slurm.conf"
  # slurmd cannot use cgroups on a kernel/container without a writable cgroup hierarchy
  printf '# Written by suanwang scripts/slurm-lab.sh up\nCgroupPlugin=disabled\n' | write_atomic "$cd/cgroup.conf"
  if [ "$c" = hpc-a ]; then
    local g
    mkdir -p "$cd/fakedev"
    for g in 0 1 2 3; do : > "$cd/fakedev/gpu$g"; done
    printf '# Written by suanwang scripts/slurm-lab.sh up: fake devices (empty files)\nAutoDetect=off\nNodeName=%s Name=gpu Type=a100 File=%s/fakedev/gpu[0-3]\n' \
      "$nodes" "$cd" | write_atomic "$cd/gres.conf"
  fi
  if hpc_accounting "$c"; then
    ( umask 0077
      write_atomic "$cd/slurmdbd.conf" 0600 <<EOF
# Written by suanwang scripts/slurm-lab.sh up; slurmdbd wants it mode 0600, owned by SlurmUser
AuthType=auth/munge
AuthInfo=socket=$dir/munge-trixie/munged.sock
DbdHost=$host
DbdAddr=$addr
DbdPort=$(hpc_dbd_port "$c")
# not in slurmdbd.conf(5) for 24.11, but slurmdbd reads it into the same setting slurmctld uses: without it
# slurmdbd listens on 0.0.0.0
CommunicationParameters=NoInAddrAny
SlurmUser=root
PidFile=$cd/run/slurmdbd.pid
LogFile=$cd/log/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=root
StorageLoc=slurm_acct_db
EOF
    )
  fi
}

# MariaDB for hpc-a's slurmdbd: a unix socket only (skip-networking). slurmdbd dials "localhost", which the
# client library turns into /run/mysqld/mysqld.sock, so slurmdbd's namespace gets DIR/hpc-a/db/sock there;
# root's unix_socket login needs no password.
hpc_start_mariadb() {
  local dir=$1 c=$2 db="$1/$2/db" pid owner _
  if pid=$(live_pid "$db/mariadbd.pid"); then say "$c: mariadbd already running (pid $pid)"; return 0; fi
  owner=$(hpc_uid mysql)
  install -d -o "${owner%:*}" -g "${owner#*:}" -m 0755 "$db" "$db/sock"
  if [ ! -d "$db/data/mysql" ]; then
    install -d -o "${owner%:*}" -g "${owner#*:}" -m 0750 "$db/data"
    hpc_root "$dir" -- mariadb-install-db --no-defaults --user=mysql --datadir="$db/data" \
      --auth-root-authentication-method=socket --skip-test-db > "$db/install.log" 2>&1 \
      || die "$c: mariadb-install-db failed; read $db/install.log"
  fi
  rm -f "$db/sock/mysqld.sock"
  hpc_daemon "$dir" "$db/mariadbd.pid" "$db/mariadbd.out" -- mariadbd --no-defaults --user=mysql \
    --datadir="$db/data" --socket="$db/sock/mysqld.sock" --skip-networking --log-error="$db/mariadbd.log" \
    --innodb-buffer-pool-size=32M
  for _ in $(seq 1 150); do
    # the database exists before slurmdbd's first start: when slurmdbd 24.11.5 creates it itself, its next query
    # fails with this libmariadb (11.8.9: "Number of columns in result (=1) ... exceeds ... (=0)") and it stops
    [ -S "$db/sock/mysqld.sock" ] && hpc_root "$dir" -- mariadb --socket="$db/sock/mysqld.sock" \
      -e 'create database if not exists slurm_acct_db' >/dev/null 2>&1 && return 0
    live_pid "$db/mariadbd.pid" >/dev/null || die "$c: mariadbd exited; read $db/mariadbd.log"
    sleep 0.2
  done
  die "$c: mariadbd does not answer on $db/sock/mysqld.sock; read $db/mariadbd.log"
}

hpc_start_slurmdbd() {
  local dir=$1 c=$2 cd="$1/$2" pid _
  if pid=$(live_pid "$cd/run/slurmdbd.pid"); then say "$c: slurmdbd already running (pid $pid)"; return 0; fi
  hpc_daemon "$dir" "$cd/run/slurmdbd.pid" "$cd/log/slurmdbd.out" --bind "$cd/db/sock" /run/mysqld \
    --setenv SLURM_CONF "$cd/slurm.conf" -- slurmdbd -D
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/$addr/$(hpc_dbd_port "$c")") 2>/dev/null && return 0
    live_pid "$cd/run/slurmdbd.pid" >/dev/null || die "$c: slurmdbd exited; read $cd/log/slurmdbd.log"
    sleep 0.2
  done
  die "$c: slurmdbd does not listen on $addr:$(hpc_dbd_port "$c"); read $cd/log/slurmdbd.log"
}

# hpc_client DIR CLUSTER COMMAND...: a Slurm 24.11 client against CLUSTER, as root
hpc_client() { local dir=$1 c=$2; shift 2; hpc_root "$dir" --setenv SLURM_CONF "$dir/$c/slurm.conf" --chdir "$dir/$c/out" -- "$@"; }

# the cluster, an account per tenant user and every lab user in the accounting database (no enforcement:
# jobs run without an association too; the accounts are there for --account and sacct)
hpc_seed_accounting() {
  local dir=$1 c=$2 u out
  out=$(hpc_client "$dir" "$c" sacctmgr -n -P list cluster format=cluster 2>&1) || die "$c: sacctmgr list cluster failed: $out"
  grep -qx "$c" <<< "$out" && return 0
  hpc_client "$dir" "$c" sacctmgr -i add cluster "$c" >/dev/null || die "$c: sacctmgr add cluster failed"
  hpc_client "$dir" "$c" sacctmgr -i add account lab,t1,t2 cluster="$c" >/dev/null || die "$c: sacctmgr add account failed"
  hpc_client "$dir" "$c" sacctmgr -i add user root,swlab,swlab2 account=lab cluster="$c" >/dev/null || say "$c: sacctmgr add user root,swlab,swlab2: nothing added"
  hpc_client "$dir" "$c" sacctmgr -i add user swt1 account=t1 cluster="$c" >/dev/null || say "$c: sacctmgr add user swt1: nothing added"
  hpc_client "$dir" "$c" sacctmgr -i add user swt2 account=t2 cluster="$c" >/dev/null || say "$c: sacctmgr add user swt2: nothing added"
}

hpc_start_cluster() {
  local dir=$1 c=$2 host=$3 cd="$1/$2" pid name port
  mkdir -p "$cd/state" "$cd/spool" "$cd/run" "$cd/log" "$cd/out"
  chmod 0755 "$cd" "$cd/run"
  chmod 1777 "$cd/out"
  hpc_write_conf "$dir" "$c" "$host"
  if hpc_accounting "$c"; then
    hpc_start_mariadb "$dir" "$c"
    hpc_start_slurmdbd "$dir" "$c"
    hpc_seed_accounting "$dir" "$c"
  fi
  if pid=$(live_pid "$cd/run/slurmctld.pid"); then
    say "$c: slurmctld already running (pid $pid)"
  else
    hpc_daemon "$dir" "$cd/run/slurmctld.pid" "$cd/log/slurmctld.out" --setenv SLURM_CONF "$cd/slurm.conf" \
      -- slurmctld -D -i -f "$cd/slurm.conf"
  fi
  while read -r name port; do
    if pid=$(live_pid "$cd/run/slurmd-$name.pid"); then say "$c: slurmd $name already running (pid $pid)"; continue; fi
    hpc_daemon "$dir" "$cd/run/slurmd-$name.pid" "$cd/log/slurmd-$name.out" --setenv SLURM_CONF "$cd/slurm.conf" \
      -- slurmd -D -f "$cd/slurm.conf" -N "$name"
  done < <(hpc_node_list "$c")
}

hpc_wait_idle() {
  local dir=$1 c=$2 cd="$1/$2" want got _
  want=$(hpc_node_list "$c" | wc -l)
  for _ in $(seq 1 150); do
    got=$(hpc_client "$dir" "$c" timeout 5 sinfo -h -N -o '%N %t' 2>/dev/null | sort -u | awk '$2 == "idle" || $2 == "mix" || $2 == "alloc"' | wc -l || true)
    [ "$got" -ge "$want" ] && return 0
    live_pid "$cd/run/slurmctld.pid" >/dev/null || die "$c: slurmctld exited; read $cd/log/slurmctld.log and $cd/log/slurmctld.out"
    sleep 0.4
  done
  hpc_client "$dir" "$c" timeout 5 sinfo -N -o '%N %T %E' >&2 || true
  die "$c: nodes not up after 60 s; read $cd/log/slurmctld.log and $cd/log/slurmd-*.log"
}

# hpc_start_rest DIR CLUSTER USER SOCKET PIDFILE: slurmrestd as USER (see start_rest for the why of each part).
# Plugins named: slurmrestd's default set also loads ones that want auth/jwt, which Debian does not build.
# openapi/slurmdbd (/slurmdb/v0.0.42/...) only where slurmdbd runs.
hpc_start_rest() {
  local dir=$1 c=$2 user=$3 sock=$4 pidfile=$5 cd="$1/$2" pid plugins=openapi/slurmctld
  hpc_accounting "$c" && plugins=openapi/slurmctld,openapi/slurmdbd
  if pid=$(live_pid "$pidfile"); then say "$c: slurmrestd for $user already running (pid $pid)"; return 0; fi
  install -d -m 1777 "$cd/rest"
  rm -f "$sock"
  hpc_daemon "$dir" "$pidfile" "$cd/log/slurmrestd-$user.log" --setenv SLURM_CONF "$cd/slurm.conf" -- \
    sh -c 'umask 0000; exec "$@"' sh setpriv --reuid="$user" --regid="$user" --init-groups \
    slurmrestd -a rest_auth/local -s "$plugins" "unix:$sock"
}

hpc_wait_rest() {
  local c=$2 cd="$1/$2" sock=$3 pidfile=$4 _ out
  for _ in $(seq 1 75); do
    if [ -S "$sock" ]; then
      out=$(curl -sS --max-time 10 --unix-socket "$sock" "http://localhost/slurm/$hpc_api/ping" 2>/dev/null || true)
      case "$out" in *'"pings"'*) return 0 ;; esac
    fi
    live_pid "$pidfile" >/dev/null || die "$c: slurmrestd ($sock) exited; read $cd/log/slurmrestd-*.log"
    sleep 0.2
  done
  die "$c: slurmrestd does not answer GET /slurm/$hpc_api/ping on $sock; read $cd/log/slurmrestd-*.log"
}

# keys of the login nodes' users (shared by both clusters, as one site's accounts would be): DIR/keys/USER
# (private, 0600, root's) and DIR/keys/USER.pub; sshd reads DIR/rootfs-etc/authorized_keys/USER
hpc_write_keys() {
  local dir=$1 name
  install -d -m 0700 "$dir/keys"
  install -d -m 0755 "$dir/rootfs-etc/authorized_keys"
  while read -r name; do
    if [ ! -s "$dir/keys/$name" ]; then
      hpc_root "$dir" -- ssh-keygen -q -t ed25519 -N '' -C "$name@slurm-lab" -f "$dir/keys/$name" \
        || die "ssh-keygen for $name failed"
    fi
    chmod 0600 "$dir/keys/$name"
    install -m 0644 "$dir/keys/$name.pub" "$dir/rootfs-etc/authorized_keys/$name"
  done < <(hpc_user_names)
}

hpc_start_sshd() {
  local dir=$1 c=$2 cd="$1/$2" s="$1/$2/ssh" pid port
  port=$(hpc_ssh_port "$c")
  mkdir -p "$s"
  chmod 0755 "$s"
  [ -s "$s/ssh_host_ed25519_key" ] || hpc_root "$dir" -- ssh-keygen -q -t ed25519 -N '' -C "$c-login" -f "$s/ssh_host_ed25519_key" \
    || die "$c: ssh-keygen for the host key failed"
  # known_hosts line a client pins: [127.0.0.1]:PORT KEY
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$s/ssh_host_ed25519_key.pub")" | write_atomic "$s/known_hosts"
  write_atomic "$s/sshd_config" <<EOF
# Written by suanwang scripts/slurm-lab.sh up: the login node of $c
ListenAddress 127.0.0.1:$port
HostKey $s/ssh_host_ed25519_key
PidFile $cd/run/sshd.pid
AuthorizedKeysFile $dir/rootfs-etc/authorized_keys/%u
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
# the lab folder usually lies under the world-writable /tmp, which StrictModes refuses in a key path
StrictModes no
# every session: this cluster's Slurm 24.11 configuration, and the lab's marker for 'down'
SetEnv SLURM_CONF=$cd/slurm.conf $marker=$dir
MaxStartups 100:30:200
MaxSessions 64
Subsystem sftp internal-sftp
LogLevel INFO
EOF
  if pid=$(live_pid "$cd/run/sshd.pid"); then say "$c: sshd already running (pid $pid)"; return 0; fi
  hpc_root "$dir" -- /usr/sbin/sshd -t -f "$s/sshd_config" > "$cd/log/sshd.log" 2>&1 || die "$c: sshd -t refused $s/sshd_config; read $cd/log/sshd.log"
  hpc_daemon "$dir" "$cd/run/sshd.pid" "$cd/log/sshd.log" -- /usr/sbin/sshd -D -e -f "$s/sshd_config"
}

hpc_wait_sshd() {
  local dir=$1 c=$2 cd="$1/$2" _
  for _ in $(seq 1 75); do
    (exec 3<>"/dev/tcp/127.0.0.1/$(hpc_ssh_port "$c")") 2>/dev/null && return 0
    live_pid "$cd/run/sshd.pid" >/dev/null || die "$c: sshd exited; read $cd/log/sshd.log"
    sleep 0.2
  done
  die "$c: sshd does not listen on 127.0.0.1:$(hpc_ssh_port "$c"); read $cd/log/sshd.log"
}

hpc_for_each_rest() {
  local dir=$1 c=$2 fn=$3
  "$fn" "$dir" "$c" "$rest_user" "$dir/$c/rest/slurmrestd.sock" "$dir/$c/run/slurmrestd.pid"
  "$fn" "$dir" "$c" "$second_user" "$dir/$c/rest/$second_user.sock" "$dir/$c/run/slurmrestd-$second_user.pid"
}
hpc_wait_rests() {
  hpc_wait_rest "$1" "$2" "$1/$2/rest/slurmrestd.sock" "$1/$2/run/slurmrestd.pid"
  hpc_wait_rest "$1" "$2" "$1/$2/rest/$second_user.sock" "$1/$2/run/slurmrestd-$second_user.pid"
}

# ports of the 24.11 clusters that no daemon of this lab holds yet
hpc_ports_to_check() {
  local dir=$1 c name port
  for c in "${hpc_clusters[@]}"; do
    live_pid "$dir/$c/run/slurmctld.pid" >/dev/null || echo "$(hpc_ctld_port "$c") $c"
    while read -r name port; do live_pid "$dir/$c/run/slurmd-$name.pid" >/dev/null || echo "$port $c"; done < <(hpc_node_list "$c")
    live_pid "$dir/$c/run/sshd.pid" >/dev/null || echo "$(hpc_ssh_port "$c") $c"
    if hpc_accounting "$c"; then live_pid "$dir/$c/run/slurmdbd.pid" >/dev/null || echo "$(hpc_dbd_port "$c") $c"; fi
  done
}

hpc_up() {
  local dir=$1 host=$2 c
  [ -f "$hpc_rootfs/.suanwang-rootfs-stamp" ] \
    || die "no Slurm 24.11 root filesystem at $hpc_rootfs; run: bash scripts/slurm-lab.sh install"
  bash "$(dirname "${BASH_SOURCE[0]}")/slurm-lab-rootfs.sh" check >/dev/null \
    || die "$(bash "$(dirname "${BASH_SOURCE[0]}")/slurm-lab-rootfs.sh" check)"
  command -v bwrap >/dev/null || die "bwrap missing; run: bash scripts/slurm-lab.sh install"
  # bwrap needs a mount point for DIR; under /tmp, /run and /var/tmp its own tmpfs provides one
  case "$dir/" in /tmp/*|/run/*|/var/tmp/*) ;; *) mkdir -p "$hpc_rootfs$dir" ;; esac
  hpc_write_etc "$dir"
  local owner
  owner=$(hpc_uid munge)
  install -d -o "${owner%:*}" -g "${owner#*:}" -m 0755 "$dir/munge-trixie"   # every bwrap binds it
  hpc_write_keys "$dir"
  hpc_start_munge "$dir"
  for c in "${hpc_clusters[@]}"; do hpc_start_cluster "$dir" "$c" "$host"; done
}

hpc_up_finish() {
  local dir=$1 c
  for c in "${hpc_clusters[@]}"; do hpc_wait_idle "$dir" "$c"; done
  for c in "${hpc_clusters[@]}"; do hpc_for_each_rest "$dir" "$c" hpc_start_rest; hpc_start_sshd "$dir" "$c"; done
  for c in "${hpc_clusters[@]}"; do hpc_wait_rests "$dir" "$c"; hpc_wait_sshd "$dir" "$c"; done
}

hpc_version() { hpc_client "$1" "$2" sinfo -V | awk '{print $2}'; }
hpc_hostkey() { hpc_root "$1" -- ssh-keygen -l -E sha256 -f "$1/$2/ssh/ssh_host_ed25519_key.pub" | awk '{print $2}'; }

# one line per 24.11 cluster, KEY=VALUE fields without spaces (docs/slurm-lab.md)
hpc_print_lines() {
  local dir=$1 c version acct
  version=$(hpc_version "$dir" hpc-a)
  for c in "${hpc_clusters[@]}"; do
    if hpc_accounting "$c"; then acct=slurmdbd; else acct=none; fi
    echo "$c SLURM_CONF=$dir/$c/slurm.conf REST=unix:$dir/$c/rest/slurmrestd.sock VERSION=$version API=$hpc_api" \
      "SSH=127.0.0.1:$(hpc_ssh_port "$c") HOSTKEY=$(hpc_hostkey "$dir" "$c") KNOWN_HOSTS=$dir/$c/ssh/known_hosts" \
      "KEYS=$dir/keys USERS=$(hpc_user_names | paste -sd,) ACCOUNTING=$acct"
  done
}

hpc_write_center_files() {
  local dir=$1 c region pool carbon renewable pue partition hostkey port
  for c in "${hpc_clusters[@]}"; do
    case "$c" in
      hpc-a) region=guizhou; pue=1.18; carbon=498.9; renewable=0.40; partition=gpu
             pool="{ id: gpu, accelerator: a100-80g, acceleratorsPerNode: 4, cpusPerNode: 32, memoryGiBPerNode: 250, nodes: 2, perAcceleratorHourYuan: 9 }" ;;
      hpc-b) region=ningxia; pue=1.15; carbon=642.3; renewable=0.65; partition=batch
             pool="{ id: batch, accelerator: x86-core, cpusPerNode: 64, memoryGiBPerNode: 125, nodes: 2 }" ;;
    esac
    hostkey=$(hpc_hostkey "$dir" "$c")
    port=$(hpc_ssh_port "$c")
    local kind engine
    for kind in rest ssh; do
      if [ "$kind" = rest ]; then
        engine="{ socket: \"$dir/$c/rest/slurmrestd.sock\", workDir: \"$dir/$c/out\" }"
      else
        engine="{ ssh: \"$rest_user@127.0.0.1:$port\", sshKey: \"$dir/keys/$rest_user\", hostKey: \"$hostkey\", workDir: \"$dir/$c/out\", partition.$partition: $partition }"
      fi
      local id="lab-$c"
      [ "$kind" = ssh ] && id="lab-$c-ssh"
      cat > "$dir/centers/$id.yaml" <<YAML
# The lab's Slurm 24.11 cluster '$c' as a Suanwang center reached by $kind (written by slurm-lab.sh up).
# lab-$c.yaml and lab-$c-ssh.yaml are the same cluster: register one of them per broker.
id: $id
name: Lab cluster $c ($kind)
region: $region
backend: slurm
pools:
  - $pool
pricing: { perCpuHourYuan: 0.1 }
energy:
  pue: $pue
  carbon: { annualGramsPerKwh: $carbon, source: "grid factor of the region's hub centers (default network)" }
  renewable: { annualShare: $renewable, source: "the region's hub centers (default network)" }
engine: $engine
YAML
    done
  done
}
