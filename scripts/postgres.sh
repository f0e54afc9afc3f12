#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for tests, on loopback only.
#
#   bash scripts/postgres.sh install          # Debian's postgresql package, if no server binaries yet
#   bash scripts/postgres.sh start DIR [PORT] # cluster in DIR; prints postgres://USER:PASSWORD@127.0.0.1:PORT/suanwang
#   bash scripts/postgres.sh stop DIR         # fast shutdown; no error when not running
#
# start: when POSTGRES_SH_WATCH_PID is set, a detached watcher stops the server as soon as that
# process is gone (and, with POSTGRES_SH_WATCH_REMOVE=1, then deletes DIR), so a test process that
# is killed (vstest kills its test host soon after the run) leaves no server and no files behind.
#
# Authentication (a choice, not an accident): the bootstrap superuser "suanwang" gets a random
# password (kept in DIR/password, mode 600) and TCP connections, accepted on 127.0.0.1 only, need it
# (scram-sha-256). "trust on 127.0.0.1" would let every local user of a shared machine in as a
# superuser; a password costs nothing since the URL carries it anyway. The Unix socket lives in DIR
# (mode 700, owned by the server's user) with peer authentication, so only that user can use it.
# Durability settings (fsync, synchronous_commit, full_page_writes) keep their defaults.
set -euo pipefail

readonly superuser=suanwang
readonly database=suanwang

die() { echo "postgres.sh: $*" >&2; exit 1; }

# The highest installed server version's binaries (never the wrappers some machines put in /usr/local/bin).
bindir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin; run: bash scripts/postgres.sh install"
  dirname "$initdb"
}

# Runs a server-side command as the cluster's owner: the postgres system user when we are root
# (initdb and postgres refuse to run as root), else the current user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

cmd_install() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return 0; fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
    sudo=(sudo -n)
  fi
  # Keep the package from creating (and, where an init system runs, starting) its default "main"
  # cluster on port 5432: postgresql-common reads createcluster.d/*.conf when the server package is
  # configured. The drop-in is removed again afterwards so later manual installs behave as usual.
  # (A main cluster some earlier install left running is no obstacle either: ours picks its own
  # port, above 20000, and its own socket directory.)
  dropin=/etc/postgresql-common/createcluster.d/00-suanwang-no-main-cluster.conf
  "${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  printf '# written by suanwang scripts/postgres.sh install; removed when it finishes\ncreate_main_cluster = false\n' \
    | "${sudo[@]}" tee "$dropin" >/dev/null
  trap '"${sudo[@]}" rm -f "$dropin"' EXIT  # sudo and dropin are globals: the trap runs after we return
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  if ! "${apt[@]}" install -y --no-install-recommends postgresql; then
    "${apt[@]}" update
    "${apt[@]}" install -y --no-install-recommends postgresql
  fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb"
}

# The port of the server running in DIR (4th line of postmaster.pid).
running_port() { sed -n 4p "$1/data/postmaster.pid"; }

is_running() {
  local dir=$1 bin
  bin=$(bindir)
  [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

create_database() {
  local bin=$1 port=$2 password=$3 exists
  exists=$(PGPASSWORD=$password "$bin/psql" -X -q -A -t -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$database'") || return 1
  [ "$exists" = 1 ] && return 0
  PGPASSWORD=$password "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE $database" >/dev/null
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd_start() {
  [ $# -ge 1 ] && [ $# -le 2 ] || die "usage: postgres.sh start DIR [PORT]"
  local dir=$1 port=${2:-} bin
  [ -z "$port" ] || [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number: $port"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # Unix socket paths are limited to 107 bytes.
  [ ${#dir} -le 90 ] || die "DIR path too long for the server's Unix socket (max 90 characters): $dir"
  bin=$(bindir)

  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "running as root needs the postgres system user (created by Debian's postgresql package)"
    chown postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "the postgres user cannot reach $dir (a parent directory is closed to it; use a DIR under /tmp)"
  else
    chmod 700 "$dir"
  fi

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # Initialise into data.new and rename it when complete, so an interrupted start never leaves a
    # half-configured cluster behind.
    rm -rf "$dir/data" "$dir/data.new"
    ( umask 077; od -An -tx1 -N18 /dev/urandom | tr -d ' \n' >"$dir/password" )
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/password"
    as_owner "$bin/initdb" -D "$dir/data.new" --username="$superuser" --pwfile="$dir/password" \
      --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data.new"; }
    # Loopback only; socket in DIR. max_connections is raised because every test database gets its
    # own connection pool; nothing here weakens durability.
    as_owner tee -a "$dir/data.new/postgresql.conf" >/dev/null <<EOF

# --- suanwang scripts/postgres.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
EOF
    # Only IPv4 loopback, with the password; the Unix socket (in DIR, mode 700) by peer.
    as_owner tee "$dir/data.new/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 peer
host    all       all   127.0.0.1/32  scram-sha-256
EOF
    as_owner mv "$dir/data.new" "$dir/data"
  fi
  [ -s "$dir/password" ] || die "$dir/password is missing; remove $dir and start again"
  local password
  password=$(cat "$dir/password")

  local started=no
  if is_running "$dir"; then
    local current
    current=$(running_port "$dir")
    [ -z "$port" ] || [ "$port" = "$current" ] || die "already running in $dir on port $current, not $port"
    port=$current
  else
    # Pick a port below Linux's ephemeral range; retry on a lost race for the port.
    local attempt
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      local try=$port
      if [ -z "$try" ]; then
        try=$((20000 + RANDOM % 12000))
        if port_answers "$try"; then continue; fi
      fi
      local before=0
      [ ! -f "$dir/server.log" ] || before=$(wc -c <"$dir/server.log")
      if as_owner "$bin/pg_ctl" start -w -t 120 -D "$dir/data" -l "$dir/server.log" -o "-p $try" >/dev/null 2>&1; then
        port=$try started=yes
        break
      fi
      local log=""
      [ ! -f "$dir/server.log" ] || log=$(tail -c +"$((before + 1))" "$dir/server.log")
      if [ -z "$port" ] && grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' <<<"$log"; then
        continue
      fi
      printf '%s\n' "$log" >&2
      die "the server in $dir did not start (log: $dir/server.log)"
    done
    [ "$started" = yes ] || die "no free port found for the server in $dir"
  fi

  # The database the URL names (connecting over TCP with the password, as any client would).
  if ! create_database "$bin" "$port" "$password"; then
    [ "$started" = no ] || cmd_stop "$dir"
    die "could not create database $database on the server in $dir (log: $dir/server.log)"
  fi

  if [ -n "${POSTGRES_SH_WATCH_PID:-}" ]; then
    local self
    self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
                    bash "$2" stop "$3" && if [ "$4" = 1 ]; then rm -rf "$3"; fi' \
      postgres-watch "$POSTGRES_SH_WATCH_PID" "$self" "$dir" "${POSTGRES_SH_WATCH_REMOVE:-0}" </dev/null >/dev/null 2>&1 &
  fi

  echo "postgres://$superuser:$password@127.0.0.1:$port/$database"
}

cmd_stop() {
  [ $# -eq 1 ] || die "usage: postgres.sh stop DIR"
  local dir=$1 bin
  [ -f "$dir/data/postmaster.pid" ] || return 0
  bin=$(bindir)
  if as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" stop -w -t 60 -m fast -D "$dir/data" >/dev/null
  fi
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *) die "usage: postgres.sh install | start DIR [PORT] | stop DIR" ;;
esac
