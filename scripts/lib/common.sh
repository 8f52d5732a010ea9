# Shared helpers for the scripts in scripts/: sourced, never run.
# Each script sets LOG_TAG before sourcing, so its progress lines say who is talking.

LOG_TAG="${LOG_TAG:-conlink}"
export DEBIAN_FRONTEND=noninteractive

log() { echo "[$LOG_TAG] $*" >&2; }
die() { echo "[$LOG_TAG] ERROR: $*" >&2; exit 1; }

require_root() { [ "$(id -u)" = 0 ] || die "must run as root (try: sudo $0 $*)"; }

# The Debian mirror this machine already uses, read from its apt sources, so that the
# scripts name no mirror host themselves. DEBIAN_MIRROR overrides it.
debian_mirror() {
  local mirror="${DEBIAN_MIRROR:-}"
  [ -n "$mirror" ] || mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit } $1 == "deb" { print $3; exit }' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || die "cannot find the Debian mirror in /etc/apt/sources.list{,.d/debian.sources}; set DEBIAN_MIRROR"
  echo "$mirror"
}

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# Install the Debian packages among "$@" that are missing; quiet, one progress line.
# Package maintainer scripts may not start services (policy-rc.d): the scripts start
# what they need themselves, with the options they need.
apt_ensure() {
  local missing=() pkg
  for pkg in "$@"; do package_installed "$pkg" || missing+=("$pkg"); done
  if [ "${#missing[@]}" = 0 ]; then log "packages present: $*"; return 0; fi

  log "installing packages: ${missing[*]}"
  local made_policy=0 out
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  # other processes may hold the apt/dpkg locks: wait for them rather than fail
  out=$( { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
           apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"; } 2>&1 ) ||
    { [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d; echo "$out" | tail -n 20 >&2; die "apt-get install ${missing[*]} failed"; }
  [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
}

# A minimal image from Debian's busybox-static (these machines reach no registry), imported with the docker
# command given (`docker`, or a function aiming it at another engine). Present already: nothing to do.
import_busybox_image() { # image docker-command...
  local image=$1 root
  shift
  if "$@" image inspect "$image" >/dev/null 2>&1; then log "image $image present"; return 0; fi
  log "building $image from busybox-static"
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,var/tmp,proc,sys,dev,root,run,mnt}
  cp /bin/busybox "$root/bin/busybox"
  chroot "$root" /bin/busybox --install -s
  chmod 1777 "$root/tmp" "$root/var/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  tar --numeric-owner -C "$root" -c . |
    "$@" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' - "$image" >/dev/null
  local rc=$?
  rm -rf "$root"
  return "$rc"
}

# For `setsid bash -c "$EXEC_WITHOUT_INHERITED_FDS" NAME COMMAND [ARG...] &`: runs COMMAND (as the same
# process) with every descriptor above 2 closed. A daemon that outlives its script must not keep one it
# inherited: a lock such as the one `flock FILE CMD` passes down, whatever its number, stays held while it runs.
# shellcheck disable=SC2016 # expanded by the bash it is given to
EXEC_WITHOUT_INHERITED_FDS='for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -le 2 ] || eval "exec $fd>&-" 2>/dev/null; done; exec "$@"'
