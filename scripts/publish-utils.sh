#!/usr/bin/env bash
# Publishes the compose utilities into OUTDIR, ready to be mounted or copied at /utils in a container:
#   wait, copy, echo, mdc   NativeAOT executables, statically linked (they run in busybox or scratch images)
#   wait.sh, copy.sh        the POSIX sh versions
# Idempotent: publishing again replaces the files. Installs the Debian build dependencies it lacks.
set -euo pipefail

out=${1:?usage: $0 OUTDIR [linux-x64|linux-arm64]}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

case $(uname -m) in
  x86_64) host_rid=linux-x64 ;;
  aarch64) host_rid=linux-arm64 ;;
  *) echo "publish-utils: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
rid=${2:-$host_rid}
case $rid in linux-x64|linux-arm64) ;; *) echo "publish-utils: unsupported runtime $rid (linux-x64, linux-arm64)" >&2; exit 2 ;; esac

# NativeAOT links with the system C toolchain; a static executable needs glibc's libc.a (libc6-dev).
# For the other architecture it links with Debian's cross toolchain (its gcc, binutils and libc.a).
missing=()
cross=()
if [ "$rid" = "$host_rid" ]; then
  command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(gcc)
  command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
  dpkg-query -W -f='${Status}' libc6-dev 2>/dev/null | grep -q 'ok installed' || missing+=(libc6-dev)
else
  case $rid in
    linux-arm64) triple=aarch64-linux-gnu debian_arch=arm64 ;;
    linux-x64) triple=x86_64-linux-gnu debian_arch=amd64 ;;
  esac
  command -v "$triple-gcc" >/dev/null 2>&1 || missing+=("gcc-$triple")
  command -v "$triple-objcopy" >/dev/null 2>&1 || missing+=("binutils-$triple")
  dpkg-query -W -f='${Status}' "libc6-dev-$debian_arch-cross" 2>/dev/null | grep -q 'ok installed' || missing+=("libc6-dev-$debian_arch-cross")
  # src/Utils/Directory.Build.targets drops the clang-only --target flag for a cross gcc
  cross=(-p:CppCompilerAndLinker="$triple-gcc" -p:ObjCopyName="$triple-objcopy")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "publish-utils: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$out"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

for project in Wait Copy Echo Mdc; do
  tool=${project,,}
  # The linker warns that glibc's NSS functions want shared libraries at run time; the utilities only
  # resolve host names, which static glibc does on its own (files and dns), so those warnings are dropped.
  if ! dotnet publish "$repo/src/Utils/$project" -c Release -r "$rid" -o "$staging/$tool" "${cross[@]}" \
      --nologo -v:q -clp:NoSummary >"$staging/$tool.log" 2>&1; then
    grep -v "in statically linked applications requires at runtime" "$staging/$tool.log" >&2
    echo "publish-utils: publishing $tool failed" >&2
    exit 1
  fi
  install -m 0755 "$staging/$tool/$tool" "$out/$tool"
done
install -m 0755 "$repo/src/Utils/sh/wait.sh" "$repo/src/Utils/sh/copy.sh" "$out/"

for file in wait copy echo mdc wait.sh copy.sh; do
  printf '%-8s %9d bytes\n' "$file" "$(stat -c %s "$out/$file")"
done
