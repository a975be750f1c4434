#!/usr/bin/env bash
# The itops services on the local stack (run deploy/local/stack.sh up first):
#   the dev OIDC issuer (deploy/local/dev-issuer), then for each service its migrations
#   (dist/apps/<svc>/src/migrate.js) and the service itself (dist/apps/<svc>/src/main.js),
#   each waited for until /health/ready answers 200.
#
# Usage: deploy/local/services.sh up|down|status
#   ITOPS_SERVICES="metering billing"   only these services (default: all six)
#
# Same conventions as stack.sh: state in $ITOPS_STATE (default <repo>/.itops), logs/<name>.log,
# run/<name>.pid; every process started here is recorded by pid and stopped by that pid.
# Needs Node.js 24 on PATH; bin/itops (`itops stack up`) puts it there.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)

STATE=${ITOPS_STATE:-$REPO_ROOT/.itops}
[[ $STATE == /* ]] || STATE=$PWD/$STATE
LOG_DIR=$STATE/logs
RUN_DIR=$STATE/run
STACK_ENV=$STATE/stack.env

START_TIMEOUT=${ITOPS_SERVICES_TIMEOUT:-90} # seconds each service may take to become ready
STOP_TIMEOUT=${ITOPS_SERVICES_STOP_TIMEOUT:-30} # seconds before a stop escalates to KILL
NODE_MAJOR=24

# The services' configs default to these ports and to the issuer's address; they are set
# explicitly anyway so this table is the one place that says where each service listens.
ISSUER_PORT=59100
ISSUER_SCRIPT=$REPO_ROOT/deploy/local/dev-issuer/dev-issuer.mjs
ALL_SERVICES=(hr-feed identity licence device metering billing)
declare -A PORTS=([hr-feed]=3101 [identity]=3102 [licence]=3103 [device]=3104 [metering]=3105 [billing]=3106)

# ---------------------------------------------------------------------------------------------
# Helpers (as in stack.sh)
# ---------------------------------------------------------------------------------------------

say() { printf 'services: %s\n' "$*"; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
Usage: $(basename "$0") up|down|status

  up      start the dev issuer and the services (idempotent): build, migrate, start, wait
          until each answers /health/ready
  down    stop the services, then the dev issuer (by recorded pid: TERM, wait, then KILL)
  status  one line per process; exit code 0 when all are up, 3 otherwise

Services: ${ALL_SERVICES[*]} (ITOPS_SERVICES="metering billing" limits the list)
State folder: $STATE (set ITOPS_STATE to move it)
EOF
}

# shellcheck source=deploy/local/daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

# True when GET <url> answers 200 within 2 seconds.
http_ok() {
  [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null) == 200 ]]
}

# The end of what a log got since <offset>, shown when something does not come up, so the
# reason is on screen and not an earlier run's lines.
show_log_tail() {
  local log=$1 offset=${2:-0}
  [[ -s $log ]] || return 0
  printf 'services: last lines of %s:\n' "$log" >&2
  tail -c "+$((offset + 1))" "$log" | tail -n 15 | sed 's/^/  | /' >&2
}

# wait_until_ready <name> <marker> <log> <url> [log offset]: polls the URL once a second
# until it answers 200, the process dies, or START_TIMEOUT passes.
wait_until_ready() {
  local name=$1 marker=$2 log=$3 url=$4 offset=${5:-0}
  local deadline=$((SECONDS + START_TIMEOUT))
  until http_ok "$url"; do
    if ! live_pid "$name" "$marker" >/dev/null; then
      show_log_tail "$log" "$offset"
      die "$name exited before $url answered 200; see $log"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$log" "$offset"
      die "$name: $url did not answer 200 within ${START_TIMEOUT}s (ITOPS_SERVICES_TIMEOUT); see $log"
    fi
    sleep 1
  done
}


# ---------------------------------------------------------------------------------------------
# What to run
# ---------------------------------------------------------------------------------------------

SERVICES=()

# ITOPS_SERVICES as a list (spaces or commas), checked and put in the canonical order.
select_services() {
  local wanted service
  wanted=$(tr ',' ' ' <<<"${ITOPS_SERVICES:-${ALL_SERVICES[*]}}")
  for service in $wanted; do
    [[ " ${ALL_SERVICES[*]} " == *" $service "* ]] ||
      die "ITOPS_SERVICES: unknown service '$service' (expected some of: ${ALL_SERVICES[*]})"
  done
  for service in "${ALL_SERVICES[@]}"; do
    [[ " $wanted " == *" $service "* ]] && SERVICES+=("$service")
  done
  ((${#SERVICES[@]} > 0)) || die "ITOPS_SERVICES names no service (expected some of: ${ALL_SERVICES[*]})"
}

database_of() { printf 'itops_%s' "${1//-/_}"; }
main_js() { printf '%s/dist/apps/%s/src/main.js' "$REPO_ROOT" "$1"; }
migrate_js() { printf '%s/dist/apps/%s/src/migrate.js' "$REPO_ROOT" "$1"; }
ready_url() { printf 'http://127.0.0.1:%s/health/ready' "${PORTS[$1]}"; }

require_node() {
  local have
  command -v node >/dev/null || die "node is not on PATH; run through bin/itops (itops stack up), which installs Node.js $NODE_MAJOR"
  have=$(node -p 'process.versions.node.split(".")[0]')
  [[ $have == "$NODE_MAJOR" ]] ||
    die "node on PATH is $(node --version), the services need Node.js $NODE_MAJOR; run through bin/itops (itops stack up), which puts Node.js $NODE_MAJOR on PATH"
}

require_stack_env() {
  [[ -f $STACK_ENV ]] || die "$STACK_ENV is missing: the infrastructure is not up; run deploy/local/stack.sh up (or itops stack up) first"
}

# Every selected service must be written and built before anything starts, rather than the
# stack coming up half way.
require_built() {
  local service missing=() ready=()
  for service in "${SERVICES[@]}"; do
    if [[ -f $REPO_ROOT/apps/$service/src/main.ts && -f $REPO_ROOT/apps/$service/src/migrate.ts &&
      -f $(main_js "$service") && -f $(migrate_js "$service") ]]; then
      ready+=("$service")
    else
      missing+=("$service")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  local hint="nothing else is selected"
  ((${#ready[@]} > 0)) && hint="start only the others with ITOPS_SERVICES=\"${ready[*]}\""
  die "cannot start ${missing[*]}: apps/<service>/src/main.ts and migrate.ts are not written yet, so there is nothing to run; $hint"
}

# ---------------------------------------------------------------------------------------------
# Dev issuer
# ---------------------------------------------------------------------------------------------

issuer_up() {
  local log=$LOG_DIR/dev-issuer.log pid url=http://127.0.0.1:$ISSUER_PORT/jwks.json offset
  offset=$(log_size "$log")
  if pid=$(live_pid dev-issuer "$ISSUER_SCRIPT"); then
    say "dev-issuer: already running (pid $pid)"
  elif http_ok "$url"; then
    # Started by hand from this checkout; it signs with the same key in the state folder.
    say "dev-issuer: already answering on 127.0.0.1:$ISSUER_PORT (not started by this script); using it"
    return 0
  else
    port_open "$ISSUER_PORT" && die "dev-issuer: port $ISSUER_PORT on 127.0.0.1 is in use by another process; stop it"
    say "dev-issuer: starting on 127.0.0.1:$ISSUER_PORT (log: $log)"
    start_daemon dev-issuer "$log" env ITOPS_STATE="$STATE" ITOPS_DEV_ISSUER_PORT="$ISSUER_PORT" node "$ISSUER_SCRIPT"
  fi
  wait_until_ready dev-issuer "$ISSUER_SCRIPT" "$log" "$url" "$offset"
  say "dev-issuer: up at http://127.0.0.1:$ISSUER_PORT"
}

issuer_down() { stop_daemon dev-issuer "$ISSUER_SCRIPT"; }

issuer_status() {
  local pid
  if pid=$(live_pid dev-issuer "$ISSUER_SCRIPT"); then
    if http_ok "http://127.0.0.1:$ISSUER_PORT/jwks.json"; then
      printf '%-10s %-8s %-24s pid %s\n' dev-issuer up "127.0.0.1:$ISSUER_PORT" "$pid"
      return 0
    fi
    printf '%-10s %-8s %-24s pid %-8s not answering; see %s\n' dev-issuer starting "127.0.0.1:$ISSUER_PORT" "$pid" "$LOG_DIR/dev-issuer.log"
    return 1
  fi
  if http_ok "http://127.0.0.1:$ISSUER_PORT/jwks.json"; then
    printf '%-10s %-8s %-24s not started by services.sh\n' dev-issuer up "127.0.0.1:$ISSUER_PORT"
    return 0
  fi
  printf '%-10s %-8s %s\n' dev-issuer down "127.0.0.1:$ISSUER_PORT"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------

service_up() {
  local service=$1 log=$LOG_DIR/$1.log pid marker database port offset
  offset=$(log_size "$log")
  marker=$(main_js "$service")
  database=$(database_of "$service")
  port=${PORTS[$service]}
  if pid=$(live_pid "$service" "$marker"); then
    say "$service: already running (pid $pid)"
  else
    port_open "$port" && die "$service: port $port on 127.0.0.1 is in use by another process; stop it"
    say "$service: migrating $database (log: $log)"
    printf '\n===== %s: migrating %s =====\n' "$(date -Is)" "$database" >>"$log"
    if ! ITOPS_PG_DATABASE=$database node "$(migrate_js "$service")" >>"$log" 2>&1; then
      show_log_tail "$log" "$offset"
      die "$service: migrations of $database failed; see $log"
    fi
    say "$service: starting on 127.0.0.1:$port"
    local traces=()
    # ITOPS_TRACE_DIR: each service writes its finished spans, one JSON line each, to <dir>/<service>.jsonl.
    if [[ -n ${ITOPS_TRACE_DIR:-} ]]; then
      mkdir -p "$ITOPS_TRACE_DIR"
      traces=(ITOPS_TRACE_FILE="$ITOPS_TRACE_DIR/$service.jsonl")
    fi
    start_daemon "$service" "$log" env ITOPS_PG_DATABASE="$database" ITOPS_HTTP_PORT="$port" "${traces[@]}" node "$marker"
  fi
  wait_until_ready "$service" "$marker" "$log" "$(ready_url "$service")" "$offset"
  say "$service: up at http://127.0.0.1:$port"
}

service_down() { stop_daemon "$1" "$(main_js "$1")"; }

service_status() {
  local service=$1 pid port=${PORTS[$1]}
  if pid=$(live_pid "$service" "$(main_js "$service")"); then
    if http_ok "$(ready_url "$service")"; then
      printf '%-10s %-8s %-24s pid %-8s log %s\n' "$service" up "127.0.0.1:$port" "$pid" "$LOG_DIR/$service.log"
      return 0
    fi
    printf '%-10s %-8s %-24s pid %-8s not ready; see %s\n' "$service" starting "127.0.0.1:$port" "$pid" "$LOG_DIR/$service.log"
    return 1
  fi
  printf '%-10s %-8s %s\n' "$service" down "127.0.0.1:$port"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

prepare_state() { mkdir -p "$STATE" "$LOG_DIR" "$RUN_DIR"; }

# Serialises up and down (a lock of its own: stack.sh holds stack.lock only while it runs).
take_lock() {
  exec 9>"$RUN_DIR/services.lock"
  if ! flock -n 9; then
    say "another services.sh up/down is running; waiting for it (up to ${START_TIMEOUT}s)"
    flock -w "$START_TIMEOUT" 9 || die "could not get $RUN_DIR/services.lock"
  fi
}

cmd_up() {
  local service started=$SECONDS
  require_node
  require_stack_env
  say "building (node tools/build.mjs)"
  (cd "$REPO_ROOT" && node tools/build.mjs --quiet) || die "the build failed (see the messages above)"
  require_built
  # The services' connection settings: PostgreSQL, Kafka, LDAP.
  set -a
  # shellcheck disable=SC1090
  . "$STACK_ENV"
  set +a
  export ITOPS_STATE=$STATE
  issuer_up
  for service in "${SERVICES[@]}"; do service_up "$service"; done
  say "ready in $((SECONDS - started))s: ${SERVICES[*]}"
}

cmd_down() {
  local i service pid others=()
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do service_down "${SERVICES[i]}"; done
  # The issuer stays while a service left out of ITOPS_SERVICES still runs: it serves its keys.
  for service in "${ALL_SERVICES[@]}"; do
    if pid=$(live_pid "$service" "$(main_js "$service")"); then others+=("$service"); fi
  done
  if ((${#others[@]} > 0)); then
    say "dev-issuer: left running for ${others[*]}"
  else
    issuer_down
  fi
}

cmd_status() {
  local service rc=0
  issuer_status || rc=3
  for service in "${SERVICES[@]}"; do service_status "$service" || rc=3; done
  return "$rc"
}

main() {
  local command=${1:-}
  [[ -n $command ]] || {
    usage >&2
    exit 2
  }
  case $command in
    up)
      select_services
      prepare_state
      take_lock
      cmd_up
      ;;
    down)
      select_services
      prepare_state
      take_lock
      cmd_down
      ;;
    status)
      select_services
      prepare_state
      cmd_status
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
