#!/usr/bin/env bash
# What building and testing the linux-arm64 conlink needs on an x64 machine (idempotent; root):
#   - Debian's cross toolchain (gcc-aarch64-linux-gnu, binutils, libc6-dev-arm64-cross): NativeAOT links the
#     static compose utilities with it; its arm64 glibc and libstdc++ (/usr/aarch64-linux-gnu) also let
#     qemu-user run the self-contained arm64 conlink outside any image;
#   - qemu-user-static, registered with the kernel's binfmt_misc (flag F: the handler is opened now, so it
#     works inside chroots and containers too), so arm64 programs run: debootstrap's second stage, the
#     Dockerfile's RUN step and arm64 containers;
#   - local/conlink-base:arm64, the arm64 twin of local/conlink-base (debootstrap, several minutes under
#     emulation), unless SKIP_ARM64_BASE=1 or no Docker engine answers;
#   - /var/cache/conlink-arm64-root, that image's file system, the root qemu-aarch64-static -L gives the
#     self-contained arm64 conlink outside the image: it needs the arm64 libssl (hashing) that the cross
#     toolchain's /usr/aarch64-linux-gnu lacks.
#   scripts/setup-arm64.sh
# Uses the Docker engine for the base image: run it under /run/lock/conlink-docker.lock.
set -euo pipefail
LOG_TAG=setup-arm64
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/base-image.sh"
require_root

BINFMT=/proc/sys/fs/binfmt_misc
ARM64_BASE=local/conlink-base:arm64
ARM64_ROOT=/var/cache/conlink-arm64-root

# the base image's files, as a loader root for arm64 programs run outside any image
export_root() {
  local id
  if [ -e "$ARM64_ROOT/.image-id" ] && [ "$(cat "$ARM64_ROOT/.image-id")" = "$(docker image inspect -f '{{.Id}}' "$ARM64_BASE")" ]; then
    log "$ARM64_ROOT holds $ARM64_BASE already"
    return 0
  fi
  log "exporting $ARM64_BASE into $ARM64_ROOT"
  rm -rf "$ARM64_ROOT.new"
  mkdir -p "$ARM64_ROOT.new"
  id=$(docker create --network none "$ARM64_BASE" /bin/true)
  docker export "$id" | tar -x -C "$ARM64_ROOT.new" --exclude='dev/*' || { docker rm "$id" >/dev/null; die "cannot export $ARM64_BASE"; }
  docker rm "$id" >/dev/null
  docker image inspect -f '{{.Id}}' "$ARM64_BASE" >"$ARM64_ROOT.new/.image-id"
  rm -rf "$ARM64_ROOT"
  mv "$ARM64_ROOT.new" "$ARM64_ROOT"
}

register_binfmt() {
  if [ ! -e "$BINFMT/register" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null ||
      die "cannot mount binfmt_misc at $BINFMT: arm64 programs cannot run here"
  fi
  if [ -e "$BINFMT/qemu-aarch64" ]; then
    grep -q '^flags: .*F' "$BINFMT/qemu-aarch64" ||
      log "WARNING: qemu-aarch64 is registered without the F flag: arm64 programs may not run inside chroots or containers"
    log "binfmt_misc: qemu-aarch64 registered already"
    return 0
  fi
  log "registering qemu-aarch64-static with binfmt_misc"
  # Debian's definition (magic, mask, handler); flags F (open the handler now), P (keep argv[0]), O (credentials)
  sed 's/:[A-Z]*$/:FPO/' /usr/lib/binfmt.d/qemu-aarch64.conf >"$BINFMT/register"
}

apt_ensure qemu-user-static gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross debootstrap
register_binfmt
if [ "$(/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 --version 2>/dev/null | head -n 1)" = "" ]; then
  die "arm64 programs do not run through binfmt_misc (tried the cross glibc's loader)"
fi
if [ "${SKIP_ARM64_BASE:-0}" = 1 ]; then
  log "SKIP_ARM64_BASE=1: $ARM64_BASE not built"
elif ! timeout 10 docker info >/dev/null 2>&1; then
  log "WARNING: no Docker engine answers: $ARM64_BASE not built (scripts/setup-docker.sh starts one)"
else
  build_base_image "$ARM64_BASE" arm64
  export_root
fi
log "arm64 ready: cross gcc $(aarch64-linux-gnu-gcc -dumpversion), qemu $(qemu-aarch64-static --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
