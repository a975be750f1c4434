#!/usr/bin/env bash
# The real itops stack on loopback, for local runs and tests:
#   PostgreSQL (Debian package), Apache Kafka in KRaft mode (jars from Maven Central)
#   and a Samba 4 Active Directory domain controller (Debian package).
#
# Usage: deploy/local/stack.sh up|down|status [postgres|kafka|samba ...]
#
# State lives in $ITOPS_STATE (default <repo>/.itops): data, logs/*.log, run/*.pid and
# stack.env with the connection settings. Every process started here is recorded by pid and
# stopped by that pid. See deploy/local/README.md.
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin # samba lives in /usr/sbin, which is not on a normal user's PATH

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

STATE=${ITOPS_STATE:-$REPO_ROOT/.itops}
[[ $STATE == /* ]] || STATE=$PWD/$STATE
LOG_DIR=$STATE/logs
RUN_DIR=$STATE/run
STACK_ENV=$STATE/stack.env

START_TIMEOUT=${ITOPS_STACK_TIMEOUT:-120} # seconds per readiness wait
STOP_TIMEOUT=${ITOPS_STACK_STOP_TIMEOUT:-60} # seconds before a stop escalates to KILL

PG_HOST=127.0.0.1
PG_PORT=${ITOPS_PG_PORT:-55432}
PG_USER=itops
PG_PASSWORD=itops
PG_DATABASES=(itops_hr_feed itops_identity itops_licence itops_device itops_metering itops_billing itops_test)
PG_DIR=$STATE/pg

KAFKA_HOST=127.0.0.1
KAFKA_PORT=${ITOPS_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${ITOPS_KAFKA_CONTROLLER_PORT:-59093}
KAFKA_HEAP=${ITOPS_KAFKA_HEAP:-512m}
KAFKA_POM=$SCRIPT_DIR/kafka/pom.xml
KAFKA_DIR=$STATE/kafka

AD_REALM=ITOPS.TEST
AD_DOMAIN=ITOPS
AD_HOST_NAME=itops-dc # fixed, so the machine's own hostname never matters
AD_BASE_DN=DC=itops,DC=test
AD_MANAGED_OU=OU=itops,$AD_BASE_DN
AD_ADMIN_DN=CN=Administrator,CN=Users,$AD_BASE_DN
AD_ADMIN_UPN=Administrator@itops.test
AD_ADMIN_PASSWORD=${ITOPS_AD_ADMIN_PASSWORD:-Itops-Admin-2026!}
AD_LDAPS_PORT=636
AD_LDAP_PORTS=(389 636 3268 3269) # the Samba ldap service always binds all four
SAMBA_DIR=$STATE/samba
SAMBA_CONF=$SAMBA_DIR/etc/smb.conf

ALL_COMPONENTS=(postgres kafka samba)

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

say() { printf 'stack: %s\n' "$*"; }
die() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}
is_root() { [[ $(id -u) -eq 0 ]]; }

# shellcheck source=deploy/local/daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

usage() {
  cat <<EOF
Usage: $(basename "$0") up|down|status [component ...]

  up      start the stack (idempotent) and write $STACK_ENV
  down    stop what up started, by recorded pid (TERM, wait, then KILL)
  status  one line per component; exit code 0 when all are up, 3 otherwise

Components: ${ALL_COMPONENTS[*]} (default: all)
State folder: $STATE (set ITOPS_STATE to move it)
EOF
}

# wait_for <what> <name> <marker> <log> <command ...>: polls the command once a second until
# it succeeds, the process dies, or START_TIMEOUT passes.
wait_for() {
  local what=$1 name=$2 marker=$3 log=$4
  shift 4
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ! live_pid "$name" "$marker" >/dev/null; then
      die "$name exited while waiting for $what; see $log"
    fi
    if ((SECONDS >= deadline)); then
      die "$name: $what not ready after ${START_TIMEOUT}s (ITOPS_STACK_TIMEOUT); see $log"
    fi
    sleep 1
  done
}

# Refuses to start when a port we need is taken by a process we did not start.
require_free_ports() {
  local name=$1 port
  shift
  for port in "$@"; do
    if port_open "$port"; then
      die "$name: port $port on 127.0.0.1 is already in use by another process; stop it or choose another port (see deploy/local/README.md)"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Host packages
# ---------------------------------------------------------------------------------------------

pg_bin_dir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && printf '%s' "$dir"
}

missing_packages() {
  local component missing=()
  for component in "$@"; do
    case $component in
      postgres) pg_bin_dir >/dev/null || missing+=(postgresql) ;;
      kafka)
        command -v java >/dev/null || missing+=(default-jre-headless)
        command -v mvn >/dev/null || missing+=(maven)
        ;;
      samba)
        { command -v samba >/dev/null && command -v samba-tool >/dev/null; } || missing+=(samba samba-ad-dc)
        command -v ldapsearch >/dev/null || missing+=(ldap-utils)
        ;;
    esac
  done
  printf '%s\n' "${missing[@]}"
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@" | sed '/^$/d')
  ((${#missing[@]} == 0)) && return 0
  if ! is_root; then
    printf 'stack: error: missing Debian packages: %s\n' "${missing[*]}" >&2
    printf 'stack: install them as root, then rerun:\n  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]} (log: $LOG_DIR/apt.log)"
  {
    DEBIAN_FRONTEND=noninteractive apt-get update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  } >>"$LOG_DIR/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed; see $LOG_DIR/apt.log"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

# Runs a command as the owner of the PostgreSQL cluster: user postgres when we are root
# (initdb and postgres refuse to run as root), ourselves otherwise.
as_pg_owner() {
  if is_root; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

pg_psql() {
  "$(pg_bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/run" -p "$PG_PORT" -U "$PG_USER" "$@"
}

pg_init() {
  local bin=$1 log=$LOG_DIR/postgres.log pwfile
  mkdir -p "$PG_DIR/run"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "postgres: user 'postgres' does not exist (it comes with Debian's postgresql package)"
    chmod o+x "$STATE"
    chown postgres:postgres "$PG_DIR" "$PG_DIR/run"
    as_pg_owner test -w "$PG_DIR" ||
      die "postgres: user 'postgres' cannot write $PG_DIR; make every parent folder traversable (chmod o+x) or set ITOPS_STATE to a folder such as /var/tmp/itops"
  fi
  chmod 700 "$PG_DIR/run"
  [[ -f $PG_DIR/data/PG_VERSION ]] && return 0

  rm -rf "$PG_DIR/data" # left over from an interrupted initdb
  is_root && chown -R postgres:postgres "$PG_DIR"
  say "postgres: creating cluster in $PG_DIR/data"
  pwfile=$PG_DIR/.pwfile
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
  is_root && chown postgres:postgres "$pwfile"
  if ! as_pg_owner "$bin/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >>"$log" 2>&1; then
    rm -f "$pwfile"
    die "postgres: initdb failed; see $log"
  fi
  rm -f "$pwfile"
}

pg_create_databases() {
  local db existing
  existing=$(pg_psql -d postgres -At -c 'SELECT datname FROM pg_database')
  for db in "${PG_DATABASES[@]}"; do
    if ! grep -qx -- "$db" <<<"$existing"; then
      pg_psql -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
      say "postgres: created database $db"
    fi
  done
}

postgres_up() {
  local bin log=$LOG_DIR/postgres.log version pid
  bin=$(pg_bin_dir) || die "postgres: no PostgreSQL server found under /usr/lib/postgresql"
  if [[ -f $PG_DIR/data/PG_VERSION ]]; then
    version=$(<"$PG_DIR/data/PG_VERSION")
    [[ -x /usr/lib/postgresql/$version/bin/postgres ]] ||
      die "postgres: $PG_DIR/data was created by PostgreSQL $version, which is not installed; reset it (see deploy/local/README.md)"
    bin=/usr/lib/postgresql/$version/bin
  fi

  if pid=$(live_pid postgres "postgres -D $PG_DIR/data"); then
    say "postgres: already running (pid $pid)"
  else
    require_free_ports postgres "$PG_PORT"
    pg_init "$bin"
    say "postgres: starting on $PG_HOST:$PG_PORT"
    local server=("$bin/postgres" -D "$PG_DIR/data" -c listen_addresses="$PG_HOST" -c port="$PG_PORT"
      -c unix_socket_directories="$PG_DIR/run" -c max_connections=200)
    # setpriv execs, so the recorded pid is the postmaster itself.
    is_root && server=(setpriv --reuid=postgres --regid=postgres --init-groups -- "${server[@]}")
    start_daemon postgres "$log" "${server[@]}"
  fi
  wait_for "PostgreSQL readiness (pg_isready)" postgres "postgres -D $PG_DIR/data" "$log" \
    "$bin/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres
  pg_create_databases
  say "postgres: up at $PG_HOST:$PG_PORT"
}

postgres_down() {
  # SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them.
  stop_daemon postgres "postgres -D $PG_DIR/data" INT
}

postgres_status() {
  local pid
  if pid=$(live_pid postgres "postgres -D $PG_DIR/data"); then
    if port_open "$PG_PORT"; then
      printf '%-9s %-8s %-24s pid %-8s data %s\n' postgres up "$PG_HOST:$PG_PORT" "$pid" "$PG_DIR/data"
      return 0
    fi
    printf '%-9s %-8s %-24s pid %-8s not answering; see %s\n' postgres starting "$PG_HOST:$PG_PORT" "$pid" "$LOG_DIR/postgres.log"
    return 1
  fi
  printf '%-9s %-8s %s\n' postgres down "$PG_HOST:$PG_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Kafka (KRaft, one node that is both broker and controller)
# ---------------------------------------------------------------------------------------------

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM"; }

kafka_require_java() {
  local major
  major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
  if [[ -z $major ]] || ((major < 17)); then
    die "kafka: Kafka 4 needs Java 17 or newer, found '${major:-none}' (apt-get install default-jre-headless)"
  fi
}

# Copies the broker's class path from Maven Central (through ~/.m2) unless the libs folder
# already holds exactly what the current pom.xml asks for.
kafka_fetch_libs() {
  local libs=$KAFKA_DIR/libs log=$LOG_DIR/kafka-fetch.log stamp
  stamp=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if [[ -f $libs/.complete ]] && [[ $(<"$libs/.complete") == "$stamp" ]]; then
    return 0
  fi
  say "kafka: fetching Kafka $(kafka_version) jars with Maven (log: $log)"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -B -q -f "$KAFKA_POM" dependency:copy-dependencies -DoutputDirectory="$libs" >>"$log" 2>&1 ||
    die "kafka: fetching jars with Maven failed (is Maven Central reachable?); see $log"
  printf '%s\n' "$stamp" >"$libs/.complete"
}

kafka_write_config() {
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/local/stack.sh on every start; edit the script, not this file.
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
log.dirs=$KAFKA_DIR/data
auto.create.topics.enable=true
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

# Formats the storage once, as a standalone (single voter) dynamic KRaft quorum.
kafka_format() {
  local libs=$KAFKA_DIR/libs log=$LOG_DIR/kafka.log cluster_id
  [[ -f $KAFKA_DIR/data/meta.properties ]] && return 0
  if [[ ! -s $KAFKA_DIR/cluster-id ]]; then
    # A cluster id is 16 random bytes in URL-safe base64 without padding.
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$KAFKA_DIR/cluster-id"
  fi
  cluster_id=$(<"$KAFKA_DIR/cluster-id")
  say "kafka: formatting storage in $KAFKA_DIR/data (cluster id $cluster_id)"
  rm -rf "$KAFKA_DIR/data"
  java -cp "$libs/*" -Dlog4j2.configurationFile="$SCRIPT_DIR/kafka/log4j2.properties" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
    >>"$log" 2>&1 || die "kafka: formatting storage failed; see $log"
}

# A real metadata round trip through the admin client (describeCluster + listTopics).
kafka_metadata_ok() {
  java -cp "$KAFKA_DIR/libs/*" "$SCRIPT_DIR/kafka/ClusterCheck.java" "$KAFKA_HOST:$KAFKA_PORT"
}

kafka_log_since() { tail -c "+$(($1 + 1))" "$LOG_DIR/kafka.log" | grep -q "$2"; }

kafka_up() {
  local log=$LOG_DIR/kafka.log pid offset
  if pid=$(live_pid kafka kafka.Kafka); then
    say "kafka: already running (pid $pid)"
    wait_for "broker port $KAFKA_PORT" kafka kafka.Kafka "$log" port_open "$KAFKA_PORT"
  else
    require_free_ports kafka "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
    kafka_require_java
    mkdir -p "$KAFKA_DIR"
    kafka_fetch_libs
    kafka_write_config
    kafka_format
    say "kafka: starting Kafka $(kafka_version) on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT)"
    touch "$log"
    offset=$(stat -c %s "$log")
    (
      cd "$KAFKA_DIR"
      start_daemon kafka "$log" java -Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -Djava.awt.headless=true -Dlog4j2.configurationFile="$SCRIPT_DIR/kafka/log4j2.properties" \
        -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$KAFKA_DIR/server.properties"
    )
    wait_for "broker port $KAFKA_PORT" kafka kafka.Kafka "$log" port_open "$KAFKA_PORT"
    wait_for "broker start-up ('Kafka Server started' in the log)" kafka kafka.Kafka "$log" \
      kafka_log_since "$offset" 'Kafka Server started'
    wait_for "a metadata request" kafka kafka.Kafka "$log" kafka_metadata_ok
  fi
  say "kafka: up at $KAFKA_HOST:$KAFKA_PORT"
}

kafka_down() { stop_daemon kafka kafka.Kafka TERM; }

kafka_status() {
  local pid
  if pid=$(live_pid kafka kafka.Kafka); then
    if port_open "$KAFKA_PORT"; then
      printf '%-9s %-8s %-24s pid %-8s Kafka %s, controller %s\n' kafka up "$KAFKA_HOST:$KAFKA_PORT" "$pid" "$(kafka_version)" "$KAFKA_HOST:$KAFKA_CONTROLLER_PORT"
      return 0
    fi
    printf '%-9s %-8s %-24s pid %-8s not answering; see %s\n' kafka starting "$KAFKA_HOST:$KAFKA_PORT" "$pid" "$LOG_DIR/kafka.log"
    return 1
  fi
  printf '%-9s %-8s %s\n' kafka down "$KAFKA_HOST:$KAFKA_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Samba 4 Active Directory domain controller
# ---------------------------------------------------------------------------------------------

samba_ldap() {
  local tool=$1
  shift
  LDAPTLS_REQCERT=never "$tool" -H "ldaps://127.0.0.1:$AD_LDAPS_PORT" -x -D "$AD_ADMIN_UPN" -w "$AD_ADMIN_PASSWORD" "$@"
}

samba_bind_ok() { samba_ldap ldapsearch -LLL -b "$AD_BASE_DN" -s base dn; }

samba_provision() {
  local log=$LOG_DIR/samba-provision.log
  [[ -f $SAMBA_DIR/.provisioned ]] && return 0
  say "samba: provisioning domain $AD_REALM into $SAMBA_DIR (log: $log)"
  rm -rf "$SAMBA_DIR" # left over from an interrupted provision
  mkdir -p "$SAMBA_DIR"
  samba-tool domain provision --targetdir="$SAMBA_DIR" \
    --realm="$AD_REALM" --domain="$AD_DOMAIN" --server-role=dc --dns-backend=NONE \
    --host-name="$AD_HOST_NAME" --adminpass="$AD_ADMIN_PASSWORD" \
    --option="interfaces=lo" --option="bind interfaces only=yes" >>"$log" 2>&1 ||
    die "samba: provisioning failed (a too weak ITOPS_AD_ADMIN_PASSWORD is a common cause); see $log"
  touch "$SAMBA_DIR/.provisioned"
}

# Replaces the provisioned smb.conf with a minimal one: loopback only, only the LDAP service
# (LDAP, LDAPS, global catalog), every path inside the state folder. Nothing touches the
# host's /etc/samba, /etc/krb5.conf or resolver.
samba_write_config() {
  mkdir -p "$SAMBA_DIR/etc" "$SAMBA_DIR/cache" "$SAMBA_DIR/run" "$SAMBA_DIR/log"
  cat >"$SAMBA_CONF" <<EOF
# Written by deploy/local/stack.sh on every start; edit the script, not this file.
[global]
	netbios name = ${AD_HOST_NAME^^}
	realm = $AD_REALM
	workgroup = $AD_DOMAIN
	server role = active directory domain controller
	server services = ldap
	interfaces = lo
	bind interfaces only = yes
	tls enabled = yes
	log level = 1
	private dir = $SAMBA_DIR/private
	binddns dir = $SAMBA_DIR/bind-dns
	state directory = $SAMBA_DIR/state
	cache directory = $SAMBA_DIR/cache
	lock directory = $SAMBA_DIR
	pid directory = $SAMBA_DIR/run
	ncalrpc dir = $SAMBA_DIR/run/ncalrpc
	winbindd socket directory = $SAMBA_DIR/run/winbindd
	ntp signd socket directory = $SAMBA_DIR/run/ntp_signd
	log file = $SAMBA_DIR/log/log.%m

[sysvol]
	path = $SAMBA_DIR/state/sysvol
	read only = no

[netlogon]
	path = $SAMBA_DIR/state/sysvol/itops.test/scripts
	read only = no
EOF
}

# The managed tree: everything itops creates in AD lives under this OU.
samba_ensure_managed_ou() {
  local rc=0
  samba_ldap ldapsearch -LLL -b "$AD_MANAGED_OU" -s base dn >/dev/null 2>&1 || rc=$?
  case $rc in
    0) return 0 ;;
    32) ;; # noSuchObject
    *) die "samba: looking up $AD_MANAGED_OU failed (ldapsearch exit $rc); see $LOG_DIR/samba.log" ;;
  esac
  samba_ldap ldapadd >/dev/null <<EOF || die "samba: creating $AD_MANAGED_OU failed; see $LOG_DIR/samba.log"
dn: $AD_MANAGED_OU
objectClass: organizationalUnit
ou: itops
description: Managed by itops
EOF
  say "samba: created $AD_MANAGED_OU"
}

samba_up() {
  local log=$LOG_DIR/samba.log pid
  if pid=$(live_pid samba samba); then
    say "samba: already running (pid $pid)"
  else
    require_free_ports samba "${AD_LDAP_PORTS[@]}"
    samba_provision
    samba_write_config
    say "samba: starting AD DC for $AD_REALM (ldaps://127.0.0.1:$AD_LDAPS_PORT)"
    # One process (-M single) in the foreground, so the recorded pid is the whole server.
    start_daemon samba "$log" samba -s "$SAMBA_CONF" --foreground --no-process-group --debug-stdout -M single
  fi
  wait_for "an LDAPS bind as $AD_ADMIN_UPN" samba samba "$log" samba_bind_ok
  samba_ensure_managed_ou
  say "samba: up at ldaps://127.0.0.1:$AD_LDAPS_PORT"
}

samba_down() { stop_daemon samba samba TERM; }

samba_status() {
  local pid
  if pid=$(live_pid samba samba); then
    if port_open "$AD_LDAPS_PORT"; then
      printf '%-9s %-8s %-24s pid %-8s realm %s\n' samba up "ldaps://127.0.0.1:$AD_LDAPS_PORT" "$pid" "$AD_REALM"
      return 0
    fi
    printf '%-9s %-8s %-24s pid %-8s not answering; see %s\n' samba starting "ldaps://127.0.0.1:$AD_LDAPS_PORT" "$pid" "$LOG_DIR/samba.log"
    return 1
  fi
  printf '%-9s %-8s %s\n' samba down "ldaps://127.0.0.1:$AD_LDAPS_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Connection settings
# ---------------------------------------------------------------------------------------------

write_stack_env() {
  cat >"$STACK_ENV" <<EOF
ITOPS_PG_HOST=$PG_HOST
ITOPS_PG_PORT=$PG_PORT
ITOPS_PG_USER=$PG_USER
ITOPS_PG_PASSWORD=$PG_PASSWORD
ITOPS_KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT
ITOPS_LDAP_URL=ldaps://127.0.0.1:$AD_LDAPS_PORT
ITOPS_LDAP_BIND_DN=$AD_ADMIN_DN
ITOPS_LDAP_BIND_PASSWORD=$AD_ADMIN_PASSWORD
ITOPS_LDAP_BASE_DN=$AD_BASE_DN
ITOPS_LDAP_CA_FILE=$SAMBA_DIR/private/tls/ca.pem
ITOPS_LDAP_TLS_SERVERNAME=${AD_HOST_NAME^^}.${AD_REALM,,}
EOF
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

prepare_state() { mkdir -p "$STATE" "$LOG_DIR" "$RUN_DIR"; }

# Serialises up and down so two callers (say, two test runs) do not start things twice.
take_lock() {
  exec 9>"$RUN_DIR/stack.lock"
  if ! flock -n 9; then
    say "another stack.sh up/down is running; waiting for it (up to ${START_TIMEOUT}s)"
    flock -w "$START_TIMEOUT" 9 || die "could not get $RUN_DIR/stack.lock"
  fi
}

cmd_up() {
  local component started=$SECONDS
  ensure_packages "$@"
  # Fail before starting anything rather than half way through.
  if [[ " $* " == *" samba "* ]] && ! is_root && ! live_pid samba samba >/dev/null; then
    die "samba: the AD domain controller must run as root (it binds ports 389/636 and keeps NT ACLs); rerun as root, or bring up only: $0 up postgres kafka"
  fi
  for component in "$@"; do "${component}_up"; done
  write_stack_env
  say "ready in $((SECONDS - started))s; connection settings (also in $STACK_ENV):"
  sed 's/^/  /' "$STACK_ENV"
}

cmd_down() {
  local i
  for ((i = $# ; i >= 1 ; i--)); do "${!i}_down"; done
}

cmd_status() {
  local component rc=0
  for component in "$@"; do "${component}_status" || rc=3; done
  return "$rc"
}

main() {
  local command=${1:-} component
  [[ -n $command ]] || {
    usage >&2
    exit 2
  }
  shift
  local components=("$@")
  ((${#components[@]} > 0)) || components=("${ALL_COMPONENTS[@]}")
  for component in "${components[@]}"; do
    [[ " ${ALL_COMPONENTS[*]} " == *" $component "* ]] || die "unknown component '$component' (expected: ${ALL_COMPONENTS[*]})"
  done

  # Canonical order whatever order the components were given in: up starts them in this
  # order, down stops them in reverse.
  local ordered=()
  for component in "${ALL_COMPONENTS[@]}"; do
    [[ " ${components[*]} " == *" $component "* ]] && ordered+=("$component")
  done

  case $command in
    up)
      prepare_state
      take_lock
      cmd_up "${ordered[@]}"
      ;;
    down)
      prepare_state
      take_lock
      cmd_down "${ordered[@]}"
      ;;
    status)
      prepare_state
      cmd_status "${ordered[@]}"
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
