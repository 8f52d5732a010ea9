# The offline base image of the conlink image: sourced by setup-docker.sh (the host's architecture)
# and setup-arm64.sh (arm64, debootstrap's second stage run through qemu-user's binfmt handler).
# Needs log/die/debian_mirror from common.sh.

BASE_PACKAGES=iptables,ethtool,iproute2,ca-certificates,libstdc++6,libgcc-s1,zlib1g,libssl3,tini

# build_base_image IMAGE [DEBIAN_ARCH]: Debian bookworm minbase plus conlink's run-time needs, imported
# as IMAGE; packages come in at debootstrap time since containers have no network for a RUN apt-get.
build_base_image() {
  local image=$1 arch=${2:-} root debootstrap_log=/var/log/conlink-base-debootstrap${2:+-$2}.log
  if docker image inspect "$image" >/dev/null 2>&1; then log "image $image present"; return 0; fi
  log "building $image with debootstrap${arch:+ for $arch} (about a minute${arch:+, several under emulation})"
  root=$(mktemp -d /var/tmp/conlink-base.XXXXXX)
  # shellcheck disable=SC2064 # expand $root now
  trap "umount -R '$root/proc' '$root/sys' 2>/dev/null; rm -rf '$root'" EXIT
  if [ -z "$arch" ]; then
    debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$root" "$(debian_mirror)" >"$debootstrap_log" 2>&1 ||
      { tail -n 20 "$debootstrap_log" >&2; die "debootstrap failed; full log in $debootstrap_log"; }
  else
    # a foreign architecture: unpack here, configure inside the root, where qemu-user runs its programs
    { debootstrap --arch="$arch" --foreign --variant=minbase --include="$BASE_PACKAGES" bookworm "$root" "$(debian_mirror)" &&
      chroot "$root" /debootstrap/debootstrap --second-stage; } >"$debootstrap_log" 2>&1 ||
      { tail -n 20 "$debootstrap_log" >&2; die "debootstrap ($arch) failed; full log in $debootstrap_log"; }
  fi
  # documentation and translations are a third of a minbase and nobody reads them in a sidecar
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log \
         "$root"/usr/share/{doc,man,info,locale}/*
  tar --numeric-owner -C "$root" -c . |
    docker import ${arch:+--platform "linux/$arch"} -c 'CMD ["/bin/bash"]' - "$image" >/dev/null
  rm -rf "$root"
  trap - EXIT
}
