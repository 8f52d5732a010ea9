#!/usr/bin/env bash
# The Docker engine the end-to-end tests and the demo run on (idempotent; root).
#   scripts/setup-docker.sh         install what is missing, start dockerd unless one answers, build local images
#   scripts/setup-docker.sh stop    stop the dockerd this script started
#
# dockerd runs with no default bridge and no NAT: containers use network_mode none and
# conlink wires them, so no test container can reach anything outside the host.
# Local images (there is no registry to pull from):
#   local/busybox        busybox-static rootfs: test nodes (ip, ping, nc, wget, httpd, sh)
#   local/conlink-base   Debian bookworm minbase plus conlink's run-time needs, the base of the
#                        conlink image; packages come in at debootstrap time since containers
#                        have no network for a Dockerfile RUN apt-get.
# Env: DOCKER_STORAGE_DRIVER (overlay2; vfs is tried when it fails), DOCKERD_LOG, DEBIAN_MIRROR.
set -euo pipefail
LOG_TAG=setup-docker
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/base-image.sh"
require_root

DOCKER_STORAGE_DRIVER="${DOCKER_STORAGE_DRIVER:-overlay2}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/conlink-dockerd.log}"
PIDFILE=/run/conlink-dockerd.pid
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
BUSYBOX_IMAGE=local/busybox
BASE_IMAGE=local/conlink-base

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

# running, not a zombie, and the expected program (a PID file can outlive its process)
process_alive() {
  local state
  state=$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}

stop_engine() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -z "$pid" ] || ! process_alive "$pid" dockerd; then
    log "no dockerd started by this script is running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do process_alive "$pid" dockerd || break; sleep 0.2; done
  process_alive "$pid" dockerd && die "dockerd (pid $pid) did not stop within 20 s"
  rm -f "$PIDFILE"
  log "dockerd stopped"
}

install_compose_v2() {
  if docker compose version >/dev/null 2>&1; then log "docker compose v2 present"; return 0; fi
  # The compose v2 plugin is packaged in Debian trixie only; its binary is static, so download
  # that one package with a private apt configuration, leaving the machine's sources untouched.
  log "installing the docker compose v2 plugin (Debian trixie package docker-compose)"
  local tmp
  tmp=$(mktemp -d)
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) trixie main" > "$tmp/sources.list"
  local apt_private=(-o Dir::Etc::sourcelist="$tmp/sources.list" -o Dir::Etc::sourceparts=/nonexistent
                     -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o APT::Sandbox::User=root)
  if apt-get "${apt_private[@]}" update -qq >"$tmp/apt.log" 2>&1 &&
     (cd "$tmp" && apt-get "${apt_private[@]}" download -qq docker-compose >>"$tmp/apt.log" 2>&1) &&
     dpkg-deb -x "$tmp"/docker-compose_*.deb "$tmp/root" &&
     "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" version >/dev/null 2>&1; then
    install -D -m 755 "$tmp/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
    rm -rf "$tmp"
  else
    tail -n 20 "$tmp/apt.log" >&2 || true
    rm -rf "$tmp"
    die "could not install the docker compose v2 plugin"
  fi
}

# PID files left by a daemon that was killed make a new dockerd refuse to start
remove_stale_pid_files() {
  local entry file name pid
  for entry in /var/run/docker.pid:dockerd /var/run/docker/containerd/containerd.pid:containerd "$PIDFILE":dockerd; do
    file=${entry%:*} name=${entry##*:}
    [ -f "$file" ] || continue
    pid=$(cat "$file" 2>/dev/null || true)
    if [ -z "$pid" ] || ! process_alive "$pid" "$name"; then rm -f "$file"; fi
  done
}

start_dockerd() {
  local driver=$1 pid
  log "starting dockerd (storage driver $driver; log $DOCKERD_LOG)"
  # own session, no inherited descriptors (a caller's pipe, our lock, one `flock FILE CMD` holds): it outlives this script
  setsid bash -c "$EXEC_WITHOUT_INHERITED_FDS" dockerd dockerd --bridge=none --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
      --storage-driver="$driver" --log-level=warn >>"$DOCKERD_LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" > "$PIDFILE"
  for _ in $(seq 1 150); do
    if engine_answers; then log "dockerd answers (pid $pid)"; return 0; fi
    process_alive "$pid" dockerd || break
    sleep 0.2
  done
  log "dockerd with $driver did not come up; its last log lines:"
  tail -n 15 "$DOCKERD_LOG" >&2 || true
  if process_alive "$pid" dockerd; then kill -TERM "$pid"; sleep 2; fi
  rm -f "$PIDFILE"
  return 1
}

start_engine() {
  if engine_answers; then log "docker engine answers already"; return 0; fi
  remove_stale_pid_files
  if [ -f /var/run/docker.pid ]; then
    local pid
    pid=$(cat /var/run/docker.pid)
    log "dockerd (pid $pid) is starting; waiting up to 15 s for it"
    for _ in $(seq 1 75); do engine_answers && return 0; process_alive "$pid" dockerd || break; sleep 0.2; done
    engine_answers && return 0
    process_alive "$pid" dockerd && die "dockerd (pid $pid) runs but does not answer; see its log or stop it"
    rm -f /var/run/docker.pid
  fi
  start_dockerd "$DOCKER_STORAGE_DRIVER" && return 0
  [ "$DOCKER_STORAGE_DRIVER" != vfs ] && start_dockerd vfs && return 0
  die "could not start dockerd; see $DOCKERD_LOG"
}

case "${1:-}" in ""|stop) ;; *) die "usage: $0 [stop]" ;; esac
# one run at a time: two runs at once would each start a dockerd
exec 9>/run/conlink-setup-docker.lock
flock 9
if [ "${1:-}" = stop ]; then stop_engine; exit 0; fi

apt_ensure docker.io containerd runc docker-compose busybox-static tini debootstrap
install_compose_v2
start_engine
import_busybox_image "$BUSYBOX_IMAGE" docker || die "could not import $BUSYBOX_IMAGE"
build_base_image "$BASE_IMAGE"
docker run --rm --network none "$BUSYBOX_IMAGE" true || die "a $BUSYBOX_IMAGE container does not run"
log "engine $(docker version --format '{{.Server.Version}}'), compose $(docker compose version --short), images: $(docker images --filter dangling=false --format '{{.Repository}}' | sort -u | tr '\n' ' ')"
