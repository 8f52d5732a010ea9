#!/bin/sh
# POSIX sh version of the `wait` utility, with the same options and messages (see docs/utils.md).
# Every condition is checked in the order given and re-checked every WAIT_SLEEP seconds until it holds;
# then the command after `--` replaces this shell.

usage() {
  cat <<'USAGE'
Usage: wait.sh [OPTION...] [-- COMMAND [ARG...]]

Waits for each condition in the order given, checking again every WAIT_SLEEP seconds (default 1),
then replaces itself with COMMAND.

  -f, --file FILE              FILE exists
  -i, --if, --intf IFACE       network interface IFACE exists
  -I, --ip IFACE               IFACE has an IP address (a route through it)
  -t, --tcp HOST:PORT          HOST accepts TCP connections on PORT
  -c, --cmd, --command CMD     CMD succeeds when run by 'sh -c'
  -s, --sleep SECONDS          retry interval for the conditions that follow
  -u, --umask MASK             set the file-creation mask (octal) for COMMAND
  -h, --help                   show this help

USAGE
}

die() { code=$1; shift; echo "wait: $*" >&2; exit "$code"; }
usage_error() { echo "wait: $*" >&2; usage >&2; exit 2; }

is_seconds() { case $1 in '' | . | *[!0-9.]* | *.*.*) return 1 ;; esac; }

# nc_has OPTION: does this machine's nc list OPTION in its help? (nc flavours differ: busybox has -e, not -z)
nc_has() { nc -h 2>&1 | grep -q "^[[:space:]]*$1[[:space:]]"; }

# tcp_accepts HOST PORT: does a TCP connection open? Only the connection counts: nothing is sent.
tcp_accepts() {
  if command -v nc >/dev/null 2>&1 && nc_has -z; then
    nc -z -w 2 "$1" "$2" >/dev/null 2>&1
  elif command -v nc >/dev/null 2>&1 && nc_has -e; then
    nc -w 2 "$1" "$2" -e true >/dev/null 2>&1
  elif command -v socat >/dev/null 2>&1; then
    socat -u /dev/null "TCP:$1:$2,connect-timeout=2" >/dev/null 2>&1
  elif command -v bash >/dev/null 2>&1; then
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' bash "$1" "$2" >/dev/null 2>&1
  else
    die 1 "--tcp needs nc (with -z or -e), socat or bash, and none is installed"
  fi
}

route_through() {
  awk -v ifname="$1" 'NR > 1 && $1 == ifname { found = 1 } END { exit !found }' /proc/net/route 2>/dev/null
}

# holds KIND ARG: is the condition true now?
holds() {
  case $1 in
    file) [ -e "$2" ] ;;
    intf) [ -e "/sys/class/net/$2" ] ;;
    ip) route_through "$2" ;;
    tcp) tcp_accepts "$host" "$port" ;;
    cmd) sh -c "$2" ;;
  esac
}

# await KIND ARG AWAITED REACHED
await() {
  if ! holds "$1" "$2"; then
    echo "wait: waiting for $3 (checking every ${WAIT_SLEEP}s)" >&2
    until sleep "$WAIT_SLEEP" && holds "$1" "$2"; do :; done
  fi
  echo "wait: $4" >&2
}

split_endpoint() {
  host=${1%:*}
  port=${1##*:}
  case $1 in *:*) ;; *) host= ;; esac
  case $host in \[*\]) host=${host#\[}; host=${host%\]} ;; esac
  case $port in '' | *[!0-9]*) return 1 ;; esac
  [ -n "$host" ] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ]
}

# step MODE OPTION ARG: with MODE=check only validate, with MODE=run carry the option out.
step() {
  case $2 in
    -f | --file) [ "$1" = run ] && await file "$3" "file '$3' to exist" "file '$3' exists" ;;
    -i | --if | --intf) [ "$1" = run ] && await intf "$3" "interface '$3' to exist" "interface '$3' exists" ;;
    -I | --ip) [ "$1" = run ] && await ip "$3" "interface '$3' to have an IP/route" "interface '$3' has IP/routing" ;;
    -t | --tcp)
      split_endpoint "$3" || usage_error "--tcp expects HOST:PORT, got '$3'"
      [ "$1" = run ] && await tcp "$3" "TCP listener at '$3'" "TCP listener is reachable at '$3'" ;;
    -c | --cmd | --command) [ "$1" = run ] && await cmd "$3" "command to succeed: $3" "command successful: $3" ;;
    -s | --sleep)
      is_seconds "$3" || usage_error "$2 expects a number of seconds, got '$3'"
      [ "$1" = run ] && WAIT_SLEEP=$3 && echo "wait: retry interval is now ${3}s" >&2 ;;
    -u | --umask)
      case $3 in '' | ????? | *[!0-7]*) usage_error "--umask expects an octal mask such as 022, got '$3'" ;; esac
      [ "$1" = run ] && umask "$3" && echo "wait: umask is now $3" >&2 ;;
  esac
  return 0
}

# process MODE ARGS...: walk the command line; in run mode, end by exec'ing the command after `--`.
process() {
  mode=$1
  shift
  while [ $# -gt 0 ]; do
    option=$1
    shift
    case $option in
      --)
        [ "$mode" = run ] || return 0
        [ $# -gt 0 ] || exit 0
        command -v "$1" >/dev/null 2>&1 || die 1 "command not found: $1"
        echo "wait: running: $*" >&2
        exec "$@"
        ;;
      -h | --help) usage; exit 0 ;;
      -f | --file | -i | --if | --intf | -I | --ip | -t | --tcp | -c | --cmd | --command | -s | --sleep | -u | --umask)
        { [ $# -gt 0 ] && [ "$1" != "--" ]; } || usage_error "option '$option' needs an argument"
        step "$mode" "$option" "$1"
        shift
        ;;
      *) usage_error "unknown option '$option'" ;;
    esac
  done
}

WAIT_SLEEP=${WAIT_SLEEP:-1}
is_seconds "$WAIT_SLEEP" || usage_error "WAIT_SLEEP expects a number of seconds, got '$WAIT_SLEEP'"
process check "$@"
process run "$@"
