#!/usr/bin/env bash
# Podman beside Docker, for the podman end-to-end tests (idempotent; root).
#   scripts/setup-podman.sh          install what is missing, start podman's Docker-compatible API
#                                    service unless one answers, load the local images into podman
#   scripts/setup-podman.sh stop     stop the API service this script started
#
# - Debian's podman (4.3) and catatonit (podman's init for `init: true`); the OCI runtime is the runc
#   that docker.io brings.
# - These machines refuse podman's default open-file limit (1048576), so /etc/containers/containers.conf
#   gets default_ulimits nofile and nproc 4096 for `podman run`. `docker compose` against podman's socket
#   does not use that setting: compose services there need `ulimits:` (nofile and nproc 4096) themselves.
# - The API service: `podman system service --time=0 unix:///run/podman/podman.sock` (conlink's
#   --podman-socket default is /var/run/podman/podman.sock, the same place).
# - Images: there is no registry, so the images named in PODMAN_IMAGES are copied from the Docker
#   engine's store (docker save | podman load) when Docker has them and podman lacks that same image id.
#   This uses the Docker engine: run it under /run/lock/conlink-docker.lock like the other engine scripts.
# Env: PODMAN_IMAGES ("local/busybox conlink:latest"), PODMAN_LOG (/var/log/conlink-podman.log).
set -euo pipefail
LOG_TAG=setup-podman
. "$(dirname "$0")/lib/common.sh"
require_root

PODMAN_SOCKET=/run/podman/podman.sock
PODMAN_LOG="${PODMAN_LOG:-/var/log/conlink-podman.log}"
PODMAN_IMAGES="${PODMAN_IMAGES:-local/busybox conlink:latest}"
PIDFILE=/run/conlink-podman.pid
CONTAINERS_CONF=/etc/containers/containers.conf
ULIMITS='default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]'

service_answers() {
  [ -S "$PODMAN_SOCKET" ] &&
    [ "$(curl -s -m 5 --unix-socket "$PODMAN_SOCKET" http://podman/_ping 2>/dev/null)" = OK ]
}

process_alive() {
  local state
  state=$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = podman ]
}

stop_service() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -z "$pid" ] || ! process_alive "$pid"; then
    log "no podman API service started by this script is running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping the podman API service (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 50); do process_alive "$pid" || break; sleep 0.2; done
  process_alive "$pid" && die "podman (pid $pid) did not stop within 10 s"
  rm -f "$PIDFILE"
  log "podman API service stopped"
}

# default_ulimits in the [containers] table, leaving any other setting of the file alone
configure_ulimits() {
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  if [ -f "$CONTAINERS_CONF" ] && grep -qE '^[[:space:]]*default_ulimits[[:space:]]*=' "$CONTAINERS_CONF"; then
    log "$CONTAINERS_CONF sets default_ulimits already: $(grep -E '^[[:space:]]*default_ulimits' "$CONTAINERS_CONF" | head -n 1)"
    return 0
  fi
  log "setting $ULIMITS in $CONTAINERS_CONF"
  if [ -f "$CONTAINERS_CONF" ] && grep -qE '^[[:space:]]*\[containers\]' "$CONTAINERS_CONF"; then
    local tmp
    tmp=$(mktemp "$CONTAINERS_CONF.XXXXXX")
    awk -v line="$ULIMITS" '{ print } /^[[:space:]]*\[containers\]/ && !done { print line; done = 1 }' "$CONTAINERS_CONF" >"$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$CONTAINERS_CONF"
  else
    # a new [containers] table at the end (TOML allows tables in any order)
    { [ -s "$CONTAINERS_CONF" ] && echo; printf '[containers]\n%s\n' "$ULIMITS"; } >>"$CONTAINERS_CONF"
  fi
}

start_service() {
  if service_answers; then log "podman API answers already at $PODMAN_SOCKET"; return 0; fi
  local old pid
  old=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$old" ] && process_alive "$old"; then
    die "podman (pid $old) runs but does not answer at $PODMAN_SOCKET; stop it: $0 stop"
  fi
  mkdir -p "$(dirname "$PODMAN_SOCKET")"
  rm -f "$PODMAN_SOCKET"
  log "starting podman system service at unix://$PODMAN_SOCKET (log $PODMAN_LOG)"
  # own session, no inherited descriptors (a caller's pipe or lock): it outlives this script
  setsid bash -c "$EXEC_WITHOUT_INHERITED_FDS" podman podman system service --time=0 "unix://$PODMAN_SOCKET" >>"$PODMAN_LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PIDFILE"
  for _ in $(seq 1 100); do
    if service_answers; then log "podman API answers (pid $pid)"; return 0; fi
    process_alive "$pid" || break
    sleep 0.2
  done
  tail -n 15 "$PODMAN_LOG" >&2 || true
  if process_alive "$pid"; then kill -TERM "$pid"; fi
  rm -f "$PIDFILE"
  die "the podman API service did not come up; see $PODMAN_LOG"
}

# Docker names local/busybox docker.io/local/busybox, podman localhost/local/busybox; compose run
# against podman's socket asks for the Docker form, `podman run` finds either.
load_images() {
  if ! timeout 10 docker info >/dev/null 2>&1; then
    log "WARNING: no Docker engine answers: no images copied into podman ($PODMAN_IMAGES)"
    return 0
  fi
  local image id tar
  for image in $PODMAN_IMAGES; do
    id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
    if [ -z "$id" ]; then log "WARNING: Docker has no image $image: not copied into podman"; continue; fi
    if [ "$(podman image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)" = "${id#sha256:}" ]; then
      log "podman has $image (${id:7:12}) already"
    else
      log "copying $image from Docker into podman"
      tar=$(mktemp /var/tmp/conlink-podman-image.XXXXXX)
      docker save -o "$tar" "$image" && podman load -q -i "$tar" >/dev/null ||
        { rm -f "$tar"; die "could not copy $image into podman"; }
      rm -f "$tar"
    fi
    # the name Docker's API uses too (docker.io/...), so compose against podman's socket finds it
    case "$image" in
      */*/*|*.*/*|localhost/*) ;;
      */*) podman tag "${id#sha256:}" "docker.io/$image" ;;
      *) podman tag "${id#sha256:}" "docker.io/library/$image" ;;
    esac
  done
}

case "${1:-}" in ""|stop) ;; *) die "usage: $0 [stop]" ;; esac
exec 8>/run/conlink-setup-podman.lock
flock 8
if [ "${1:-}" = stop ]; then stop_service; exit 0; fi

apt_ensure podman catatonit runc curl
configure_ulimits
start_service
load_images
if podman image exists local/busybox; then
  podman run --rm --network none local/busybox true 8>&- || die "a local/busybox container does not run under podman"
fi
log "$(podman --version) (API $(curl -s -m 5 --unix-socket "$PODMAN_SOCKET" http://podman/version | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p')), socket $PODMAN_SOCKET, images: $(podman images --format '{{.Repository}}:{{.Tag}}' | sort -u | tr '\n' ' ')"
