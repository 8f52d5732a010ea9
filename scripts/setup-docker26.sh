#!/usr/bin/env bash
# A second Docker engine, Debian trixie's docker.io (Docker 26), beside the main one, for the test that
# follows a newer engine than bookworm's 20.10 (idempotent; root).
#   scripts/setup-docker26.sh         fetch trixie's dockerd unless cached, start it unless it answers,
#                                     build local/busybox in it
#   scripts/setup-docker26.sh stop    stop it and remove its data, run-time folders and socket
#   scripts/setup-docker26.sh purge   stop, and remove the cached dockerd as well
#
# Only trixie's dockerd is taken (one package, downloaded with a private apt configuration as
# setup-docker.sh does for the compose plugin; the machine's sources stay untouched). The docker CLI,
# containerd, runc and docker-init are bookworm's, the ones the main engine uses. The daemon has its own
# socket, data root, exec root (its own managed containerd lives there) and pid file, and, like the main
# one, no bridge, iptables or forwarding, so the two cannot clash.
# Its one image, local/busybox, is built into it from busybox-static as setup-docker.sh does; it needs
# nothing of the main engine. Run it under /run/lock/conlink-docker.lock like the other engine scripts.
# Env: DOCKER26_LOG (/var/log/conlink-docker26.log), DOCKER_STORAGE_DRIVER (overlay2; vfs is tried when it fails).
set -euo pipefail
LOG_TAG=setup-docker26
. "$(dirname "$0")/lib/common.sh"
require_root

SOCKET=/run/conlink-docker26.sock
DATA_ROOT=/var/lib/conlink-docker26
EXEC_ROOT=/run/conlink-docker26
PIDFILE=/run/conlink-docker26.pid
CACHE=/var/cache/conlink-docker26
DOCKERD="$CACHE/dockerd"
DOCKER26_LOG="${DOCKER26_LOG:-/var/log/conlink-docker26.log}"
DOCKER_STORAGE_DRIVER="${DOCKER_STORAGE_DRIVER:-overlay2}"
BUSYBOX_IMAGE=local/busybox

docker26() { DOCKER_HOST="unix://$SOCKET" docker "$@"; }
engine_answers() { [ -S "$SOCKET" ] && timeout 10 env DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1; }

process_alive() {
  local state
  state=$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ]
}

stop_engine() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && process_alive "$pid"; then
    log "stopping dockerd 26 (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 100); do process_alive "$pid" || break; sleep 0.2; done
    process_alive "$pid" && die "dockerd 26 (pid $pid) did not stop within 20 s"
  fi
  # its managed containerd goes with it; mounts under the data root must be gone before it is removed
  local mount
  for mount in $(awk -v a="$DATA_ROOT" -v b="$EXEC_ROOT" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$DATA_ROOT" "$EXEC_ROOT"
  rm -f "$PIDFILE" "$SOCKET"
  log "dockerd 26 stopped; $DATA_ROOT, $EXEC_ROOT and $SOCKET removed"
}

fetch_dockerd() {
  if [ -x "$DOCKERD" ] && "$DOCKERD" --version >/dev/null 2>&1; then log "$("$DOCKERD" --version) cached in $CACHE"; return 0; fi
  log "fetching dockerd from Debian trixie's docker.io"
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) trixie main" > "$tmp/sources.list"
  local apt_private=(-o Dir::Etc::sourcelist="$tmp/sources.list" -o Dir::Etc::sourceparts=/nonexistent
                     -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o APT::Sandbox::User=root)
  if timeout 300 apt-get "${apt_private[@]}" update -qq >"$tmp/apt.log" 2>&1 &&
     (cd "$tmp" && timeout 300 apt-get "${apt_private[@]}" download -qq docker.io >>"$tmp/apt.log" 2>&1) &&
     dpkg-deb -x "$tmp"/docker.io_*.deb "$tmp/root" &&
     "$tmp/root/usr/sbin/dockerd" --version >/dev/null 2>&1; then
    install -D -m 755 "$tmp/root/usr/sbin/dockerd" "$DOCKERD"
    rm -rf "$tmp"
    log "$("$DOCKERD" --version) cached in $CACHE"
  else
    tail -n 20 "$tmp/apt.log" >&2 || true
    rm -rf "$tmp"
    die "could not fetch trixie's docker.io (dockerd)"
  fi
}

start_dockerd() {
  local driver=$1 pid
  log "starting dockerd 26 at unix://$SOCKET (storage driver $driver; log $DOCKER26_LOG)"
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  # own session, no inherited descriptors (a caller's pipe, a lock such as the one `flock FILE CMD` passes
  # down, whatever its number): it outlives this script
  setsid bash -c "$EXEC_WITHOUT_INHERITED_FDS" \
      dockerd "$DOCKERD" --host "unix://$SOCKET" --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
      --bridge=none --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
      --storage-driver="$driver" --log-level=warn >>"$DOCKER26_LOG" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 150); do
    if engine_answers; then log "dockerd 26 answers (pid $pid)"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break  # (bash until it execs dockerd: no name check here)
    sleep 0.2
  done
  log "dockerd 26 with $driver did not come up; its last log lines:"
  tail -n 15 "$DOCKER26_LOG" >&2 || true
  if process_alive "$pid"; then kill -TERM "$pid"; sleep 2; fi
  stop_engine >/dev/null 2>&1 || true
  return 1
}

start_engine() {
  if engine_answers; then log "dockerd 26 answers already at $SOCKET"; return 0; fi
  local old
  old=$(cat "$PIDFILE" 2>/dev/null || true)
  [ -n "$old" ] && process_alive "$old" && die "dockerd 26 (pid $old) runs but does not answer at $SOCKET; stop it: $0 stop"
  rm -f "$PIDFILE" "$SOCKET"
  start_dockerd "$DOCKER_STORAGE_DRIVER" && return 0
  [ "$DOCKER_STORAGE_DRIVER" != vfs ] && start_dockerd vfs && return 0
  die "could not start dockerd 26; see $DOCKER26_LOG"
}

case "${1:-}" in ""|stop|purge) ;; *) die "usage: $0 [stop|purge]" ;; esac
exec 7>/run/conlink-setup-docker26.lock
flock 7
case "${1:-}" in
  stop) stop_engine; exit 0 ;;
  purge) stop_engine; rm -rf "$CACHE"; log "$CACHE removed"; exit 0 ;;
esac

command -v docker >/dev/null && command -v containerd >/dev/null && command -v runc >/dev/null && [ -x /bin/busybox ] ||
  die "docker, containerd, runc (bookworm's) or busybox-static are missing: run scripts/setup-docker.sh"
fetch_dockerd
start_engine
import_busybox_image "$BUSYBOX_IMAGE" docker26 || die "could not import $BUSYBOX_IMAGE into dockerd 26"
docker26 run --rm --network none local/busybox true 7>&- || die "a local/busybox container does not run on dockerd 26"
log "engine $(docker26 version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') at unix://$SOCKET"
