#!/usr/bin/env bash
# Run one command as root inside a qemu VM that boots Debian's stock kernel (linux-image-amd64), which has
# what this machine's kernel may lack: sch_netem, dummy, 8021q, ipvlan/ipvtap, geneve, openvswitch...
#
#   scripts/vm.sh [--mem MB] [--cpus N] [--timeout SECONDS] [--io DIR] -- COMMAND [ARG...]
#   scripts/vm.sh --prepare          install qemu, fetch and unpack the kernel, build the initramfs; no boot
#
# The VM's root file system is this machine's / (shared read-only over 9p) under an overlay whose writes
# live in the VM's memory and vanish at poweroff, so every installed program (dotnet included) is there and
# the current directory is the same inside. DIR (--io; default: a temporary folder, removed afterwards) is
# shared read-write at the same path, for what must come back. COMMAND runs with bash as root, loopback up;
# modules load on demand (`modprobe NAME`). Its output is this script's output, and its exit code is this
# script's exit code.
#
# Exit codes: COMMAND's own; 125 when the VM could not be started or booted, or COMMAND did not finish in
# time (one line saying which, starting "vm:"); 2 for usage errors.
# Every wait has a limit: the lock (VM_LOCK_TIMEOUT, default 3600 s), the boot up to the command
# (VM_BOOT_TIMEOUT, default 300 s), and the command (--timeout, default 3600 s). The VM is killed when the
# script ends, however it ends, and nothing it made is left but the cache.
# Only one VM runs at a time on this machine: the script holds /run/lock/conlink-vm.lock while it boots.
# KVM is used when /dev/kvm works, else qemu emulates the CPU (about 10 to 50 times slower).
# Env: VM_CACHE (default /var/cache/conlink-vm) keeps the unpacked kernel and the initramfs between runs.
set -uo pipefail
LOG_TAG=vm
. "$(dirname "$0")/lib/common.sh"

usage() { echo "usage: $0 [--mem MB] [--cpus N] [--timeout SECONDS] [--io DIR] -- COMMAND [ARG...] | $0 --prepare" >&2; exit 2; }
# The one line a failed boot gets (and its exit code), so callers can tell it from a failed command.
fail() { echo "vm: $*" >&2; exit 125; }

mem=4096 cpus=$(nproc) command_timeout=3600 io= prepare_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --mem) [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
    --cpus) [ $# -ge 2 ] || usage; cpus=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || usage; command_timeout=$2; shift 2 ;;
    --io) [ $# -ge 2 ] || usage; io=$2; shift 2 ;;
    --prepare) prepare_only=1; shift ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
for n in "$mem" "$cpus" "$command_timeout"; do [[ $n =~ ^[1-9][0-9]*$ ]] || usage; done
[ "$prepare_only" = 1 ] || [ $# -gt 0 ] || usage
[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages, and the command runs as root)"

cache=${VM_CACHE:-/var/cache/conlink-vm}
lock=/run/lock/conlink-vm.lock
boot_timeout=${VM_BOOT_TIMEOUT:-300}
lock_timeout=${VM_LOCK_TIMEOUT:-3600}

# ------------------------------------------------------------------ cleanup: nothing outlives the script
# $run holds qemu's pid file and log (and the io folder unless --io names one); $scratch is a half-made cache entry.
scratch= run= console_pid=
stop_qemu() {
  local pid
  pid=$(cat "$run/qemu.pid" 2>/dev/null) || pid=
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null
  fi
  if [ -n "$console_pid" ]; then
    kill "$console_pid" 2>/dev/null
    wait "$console_pid" 2>/dev/null
    console_pid=
  fi
}
cleanup() {
  [ -z "$run" ] || stop_qemu
  [ -z "$scratch" ] || rm -rf "$scratch"
  [ -z "$io" ] || rm -f "$io/.vm-run" "$io/.vm-rc" "$io/.vm-started"
  [ -z "$run" ] || rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ one VM at a time
mkdir -p "$(dirname "$lock")"
exec {lock_fd}>"$lock"
if ! flock -n "$lock_fd"; then
  log "waiting for $lock (another VM is running; up to $lock_timeout s)"
  flock -w "$lock_timeout" "$lock_fd" || fail "$lock still held after $lock_timeout s; is another VM stuck? (fuser -v $lock)"
fi

# A run killed with SIGKILL cannot clean up: with the lock held no other run is alive, so every run folder
# left is stale; its qemu (if still running) is killed and the folder removed. Only folders this script
# makes count (root's own, mktemp's, not a link): /tmp is anyone's, and a pid file planted there must not
# have root kill a process.
for stale in /tmp/conlink-vm.*; do
  [ -d "$stale" ] && [ ! -L "$stale" ] && [ -O "$stale" ] || continue
  pid=$(cat "$stale/qemu.pid" 2>/dev/null) || pid=
  if [ -n "$pid" ] && grep -qs qemu-system "/proc/$pid/cmdline"; then
    log "killing the VM a killed run left behind (pid $pid)"
    kill -9 "$pid" 2>/dev/null
  fi
  rm -rf "$stale"
done

# ------------------------------------------------------------------ qemu and the tools to build the initramfs
( apt_ensure qemu-system-x86 kmod cpio busybox-static ) || fail "cannot install qemu (apt-get install qemu-system-x86 failed, see above)"

# ------------------------------------------------------------------ Debian's kernel, unpacked once per version
kernel_package() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'; }
package=$(kernel_package)
if [ -z "$package" ]; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1
  package=$(kernel_package)
fi
[ -n "$package" ] || fail "the kernel package is not served: apt-cache finds no linux-image-* behind linux-image-amd64"
version=${package#linux-image-}
kernel_dir=$cache/$version
if [ ! -f "$kernel_dir/lib/modules/$version/modules.dep" ]; then
  log "fetching $package"
  mkdir -p "$cache"
  scratch=$(mktemp -d "$cache/.fetch.XXXXXX")
  (cd "$scratch" && apt-get download "$package" >download.log 2>&1) ||
    fail "cannot download $package: $(tail -n 1 "$scratch/download.log")"
  rm -rf "$kernel_dir.new"
  dpkg-deb -x "$scratch"/*.deb "$kernel_dir.new" || fail "cannot unpack $package"
  depmod -b "$kernel_dir.new" "$version" || fail "depmod failed for $version"
  rm -rf "$kernel_dir" && mv "$kernel_dir.new" "$kernel_dir"
  rm -rf "$scratch"; scratch=
fi
vmlinuz=$kernel_dir/boot/vmlinuz-$version
modules=$kernel_dir/lib/modules/$version
[ -f "$vmlinuz" ] || fail "$package has no /boot/vmlinuz-$version"

# ------------------------------------------------------------------ the initramfs
# A busybox init that mounts the host's root read-only under a writable overlay, then runs the command
# with chroot. The file name carries a hash of the init script, so a changed script builds a new one.
read -r -d '' init_script <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /modules.order); do insmod "/modules/$m" || echo "vm: cannot load $m"; done
mkdir -p /lower /upper /root
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower || { echo "vm: cannot mount the host's root"; poweroff -f; }
mount -t tmpfs -o mode=0755 upper /upper && mkdir -p /upper/data /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work /root || { echo "vm: cannot mount the overlay"; poweroff -f; }
for d in proc sys dev; do mount --move /$d /root/$d; done
mkdir -p /root/dev/pts /root/dev/shm
mount -t devpts devpts /root/dev/pts; mount -t tmpfs shm /root/dev/shm
mount -t tmpfs tmp /root/tmp; mount -t tmpfs run /root/run; mkdir -p /root/run/lock
mkdir -p "/root/lib/modules/$KV" && mount -t 9p -o trans=virtio,version=9p2000.L,ro kmods "/root/lib/modules/$KV"
mkdir -p "/root$IO" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 io "/root$IO" || { echo "vm: cannot mount $IO"; poweroff -f; }
# The kernel loads modules on demand by running its modprobe helper, looked up in this initramfs: run the
# real modprobe inside the root.
printf '#!/bin/busybox sh\nexec /bin/busybox chroot /root /sbin/modprobe "$@"\n' > /sbin-modprobe && chmod 755 /sbin-modprobe
echo /sbin-modprobe > /root/proc/sys/kernel/modprobe
cut -d" " -f1 /root/proc/uptime > "/root$IO/.vm-started"
chroot /root /bin/bash "$IO/.vm-run"
sync
poweroff -f
INIT
initrd=$cache/initrd-$version-$(printf '%s' "$init_script" | sha256sum | cut -c1-12).gz
if [ ! -f "$initrd" ]; then
  log "building the initramfs for $version"
  scratch=$(mktemp -d "$cache/.initrd.XXXXXX")
  root=$scratch/root
  mkdir -p "$root"/{bin,modules,proc,sys,dev}
  cp /bin/busybox "$root/bin/busybox" || fail "no /bin/busybox (busybox-static)"
  # virtio, 9p and overlayfs, each after the modules it depends on (modules.dep lists them)
  order=()
  add_module() {
    local entry path dep
    entry=$(grep -E "(^|/)$1\.ko(\.[a-z]+)?:" "$modules/modules.dep" | head -n 1)
    [ -n "$entry" ] || return 0 # built in
    path=${entry%%:*}
    for dep in ${entry#*:}; do add_module "$(basename "$dep" | sed -E 's/\.ko(\.[a-z]+)?$//')"; done
    case " ${order[*]-} " in *" $path "*) ;; *) order+=("$path") ;; esac
  }
  for m in virtio_pci 9pnet_virtio 9p overlay; do add_module "$m"; done
  for path in "${order[@]}"; do cp "$modules/$path" "$root/modules/" && basename "$path"; done >"$root/modules.order"
  printf '%s\n' "$init_script" >"$root/init" && chmod 755 "$root/init"
  (cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$initrd.new" || fail "cannot build the initramfs"
  mv "$initrd.new" "$initrd"
  rm -rf "$scratch"; scratch=
fi

[ "$prepare_only" = 0 ] || { log "ready: $package, $(basename "$initrd")"; exit 0; }

# ------------------------------------------------------------------ the command, run inside from the io folder
run=$(mktemp -d /tmp/conlink-vm.XXXXXX) || { run=; fail "cannot make a temporary folder"; }
if [ -z "$io" ]; then
  io=$run/io && mkdir "$io"
else
  mkdir -p "$io" && io=$(cd "$io" && pwd) || fail "cannot use $io"
fi
rm -f "$io/.vm-rc" "$io/.vm-started"
{
  printf 'export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb LANG=C.UTF-8\n'
  # vstest talks to its test host over loopback, which starts down
  printf 'ip link set lo up\n'
  printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
  printf '%q ' "$@"; printf '\n'
  printf 'echo $? > %q/.vm-rc\n' "$io"
} >"$io/.vm-run"

# KVM when the CPU offers virtualisation and /dev/kvm is ours; a KVM guest that has not booted within
# VM_KVM_BOOT_TIMEOUT (a working one boots in seconds) is given up for emulation.
accel=(-accel tcg -cpu max)
if [ "${VM_KVM:-1}" = 1 ] && [ -c /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
  accel=(-accel kvm -cpu host)
fi
# qemu writes its pid to $run/qemu.pid; the console goes through tr (CRLF to LF) in the background.
start_qemu() {
  rm -f "$run/qemu.pid"
  qemu-system-x86_64 "${accel[@]}" -m "$mem" -smp "$cpus" -nographic -nodefaults -no-reboot \
    -pidfile "$run/qemu.pid" -serial stdio -fw_cfg name=etc/sercon-port,string=0 -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 KV=$version IO=$io" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs local,path="$modules",mount_tag=kmods,security_model=none,readonly=on \
    -virtfs local,path="$io",mount_tag=io,security_model=none \
    </dev/null {lock_fd}>&- 2>"$run/qemu.log" | sed -u 's/\r$//' &
  console_pid=$!
}
qemu_message() { grep -v 'warning: host doesn.t support requested feature' "$run/qemu.log" 2>/dev/null | head -n 1; }
console_running() { [ -n "$console_pid" ] && kill -0 "$console_pid" 2>/dev/null; }

# Waits while the VM runs; 0 when it stopped by itself, 1 when it did not boot within $1 s.
watch_vm() {
  local boot_limit=$1 booted=0
  while console_running; do
    if [ "$booted" = 0 ] && [ -e "$io/.vm-started" ]; then booted=1; command_started=$SECONDS; fi
    [ "$booted" = 1 ] || [ $((SECONDS - started)) -lt "$boot_limit" ] || return 1
    if [ "$booted" = 1 ] && [ $((SECONDS - command_started)) -ge "$command_timeout" ]; then
      fail "the command did not finish within $command_timeout s; the VM was killed"
    fi
    sleep 1
  done
}

started=$SECONDS command_started=$SECONDS
log "booting Debian's kernel $version (${accel[1]}, $cpus CPUs, $mem MB)"
start_qemu
if [ "${accel[1]}" = kvm ] && ! watch_vm "${VM_KVM_BOOT_TIMEOUT:-30}"; then
  stop_qemu
  log "the KVM guest did not boot within ${VM_KVM_BOOT_TIMEOUT:-30} s; emulating the CPU instead"
  accel=(-accel tcg -cpu max) started=$SECONDS
  start_qemu
fi
watch_vm "$boot_timeout" || fail "the VM did not boot within $boot_timeout s (kernel $version; qemu: $(qemu_message))"
wait "$console_pid" 2>/dev/null; console_pid=
[ -e "$io/.vm-started" ] || fail "the VM stopped before it ran the command (kernel $version; qemu: $(qemu_message))"
[ -s "$io/.vm-rc" ] || fail "the command did not finish: the VM stopped while it ran"
rc=$(cat "$io/.vm-rc")
log "VM done in $((SECONDS - started)) s (booted in $((command_started - started)) s, $(cat "$io/.vm-started") s of them in the kernel and init), exit code $rc"
exit "$rc"
