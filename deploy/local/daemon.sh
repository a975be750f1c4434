# shellcheck shell=bash
# Process handling shared by stack.sh and services.sh: pid files in $RUN_DIR, daemons in their
# own session with output appended to a log, stop by recorded pid (signal, wait, then KILL).
# The sourcing script defines say, die, RUN_DIR and STOP_TIMEOUT first.

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# Prints the recorded pid of <name> if that process is alive and its command line contains
# <marker>; a stale pid file (dead process, or pid reused by something else) is removed.
# Only the pid file counts: a process someone else started from this checkout (a spec's own
# dev issuer, a service run by hand) is never taken for ours, nor stopped by down.
live_pid() {
  local name=$1 marker=$2 file pid
  file=$(pid_file "$name")
  pid=$(cat "$file" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    printf '%s' "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# Starts a long-running command in its own session with output appended to <log>. The
# daemon writes its own pid file (the inner shell execs into the command), so the pid is
# right even when setsid has to fork because the caller made us a process-group leader.
start_daemon() {
  local name=$1 log=$2 file tries=0
  shift 2
  file=$(pid_file "$name")
  rm -f "$file"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >>"$log"
  # 9>&-: the daemon must not inherit (and so keep holding) the lock.
  # shellcheck disable=SC2016 # $$ and $0 belong to the inner shell
  setsid bash -c 'printf "%s\n" "$$" >"$0" && exec "$@"' "$file" "$@" </dev/null >>"$log" 2>&1 9>&- &
  until [[ -s $file ]]; do
    ((tries++ < 100)) || die "$name: did not start (no pid in $file after 10s); see $log"
    sleep 0.1
  done
}

# stop_daemon <name> <marker> [first signal, default TERM]: signal, wait up to STOP_TIMEOUT, then KILL.
stop_daemon() {
  local name=$1 marker=$2 signal=${3:-TERM} pid deadline
  if ! pid=$(live_pid "$name" "$marker"); then
    say "$name: not running"
    return 0
  fi
  say "$name: stopping pid $pid (SIG$signal)"
  kill "-$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while [[ -d /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.5; done
  if [[ -d /proc/$pid ]]; then
    say "$name: still running after ${STOP_TIMEOUT}s, sending SIGKILL to pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    while [[ -d /proc/$pid ]]; do sleep 0.2; done
  fi
  rm -f "$(pid_file "$name")"
  say "$name: stopped"
}

log_size() { stat -c %s "$1" 2>/dev/null || echo 0; }
