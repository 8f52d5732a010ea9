#!/bin/sh
# POSIX sh version of the `copy` utility, with the same options and messages (see docs/utils.md).
# Copies the regular files under SRC_DIR into DST_DIR keeping their permission bits (never writing through a
# symbolic link in DST_DIR; setuid/setgid dropped when the owner changes); with -T, replaces each
# {{VAR}} by the value of the environment variable VAR when it is defined. Then the command replaces this shell.

usage() {
  cat <<'USAGE'
Usage: copy.sh [-T|--template] SRC_DIR DST_DIR [-- COMMAND [ARG...]]

Copies the regular files under SRC_DIR into DST_DIR, creating directories and keeping
permissions, then replaces itself with COMMAND.

  -T, --template    replace each {{VAR}} in the copied files by the value of the environment
                    variable VAR (only when VAR is defined)
  -h, --help        show this help

USAGE
}

die() { code=$1; shift; echo "copy: $*" >&2; exit "$code"; }
usage_error() { echo "copy: $*" >&2; usage >&2; exit 2; }

# render FILE: FILE with each {{NAME}} of a defined environment variable replaced, bytes otherwise unchanged.
render() {
  trailing_newline=1
  [ -z "$(tail -c 1 "$1")" ] || trailing_newline=0
  awk -v trailing_newline="$trailing_newline" '
    {
      rest = $0
      out = ""
      while (match(rest, /[{][{][^}[:space:]]+[}][}]/)) {
        name = substr(rest, RSTART + 2, RLENGTH - 4)
        if (name in ENVIRON) {
          out = out substr(rest, 1, RSTART - 1) ENVIRON[name]
          replaced[name] = 1
        } else {
          out = out substr(rest, 1, RSTART + RLENGTH - 1)
        }
        rest = substr(rest, RSTART + RLENGTH)
      }
      printf "%s%s", separator, out rest
      separator = "\n"
    }
    END {
      if (NR > 0 && trailing_newline) printf "\n"
      for (name in replaced) printf "copy: replaced '\''{{%s}}'\'' in '\''%s'\''\n", name, destination > "/dev/stderr"
    }' destination="$2" "$1"
}

template=
directories=0
while [ $# -gt 0 ] && [ "$directories" -lt 2 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    -T | --template) template=1 ;;
    --) usage_error "expected SRC_DIR and DST_DIR before '--'" ;;
    -?*) usage_error "unknown option '$1'" ;;
    *)
      if [ "$directories" -eq 0 ]; then src_dir=$1; else dst_dir=$1; fi
      directories=$((directories + 1))
      ;;
  esac
  shift
done
[ "$directories" -eq 2 ] || usage_error "expected SRC_DIR and DST_DIR"
[ "$1" = "--" ] && shift

[ -d "$src_dir" ] || usage_error "not a directory: '$src_dir'"
[ -d "$dst_dir" ] || usage_error "not a directory: '$dst_dir'"

# FIFOs, sockets and devices would hang the copy or never end: skipped, with a warning.
(cd "$src_dir" && find . \( -type p -o -type s -o -type b -o -type c \)) | sort | while IFS= read -r relative; do
  echo "copy: skipping '$src_dir/${relative#./}': not a regular file (a FIFO, socket or device)" >&2
done

# make_dirs RELATIVE_FILE: the directories of RELATIVE_FILE under DST_DIR, a symbolic link in the way replaced, not followed.
make_dirs() {
  dir=$dst_dir
  parents=$(dirname "$1")
  [ "$parents" = . ] && return 0
  set -f
  old_ifs=$IFS
  IFS=/
  for part in $parents; do
    dir=$dir/$part
    if [ -L "$dir" ]; then rm -f "$dir" || return 1; fi
    [ -d "$dir" ] || mkdir "$dir" || return 1
  done
  IFS=$old_ifs
  set +f
}

# Each copy is made under a temporary name (created 0600 by mktemp), given its mode, then renamed over
# whatever had its name: a symbolic link there is replaced, never written through. A copy whose owner or
# group differs from its source's (root copying another user's file) loses the setuid or setgid bit.
(cd "$src_dir" && find . -type f) | sort | while IFS= read -r relative; do
  relative=${relative#./}
  from=$src_dir/$relative
  to=$dst_dir/$relative
  echo "copy: '$from' -> '$to'" >&2
  make_dirs "$relative" || die 1 "cannot create the directory of '$to'"
  tmp=$(mktemp "$(dirname "$to")/.copy-XXXXXX") || die 1 "cannot create a file next to '$to'"
  if [ -n "$template" ]; then
    render "$from" "$to" >"$tmp"
  else
    cat "$from" >"$tmp"
  fi || { rm -f "$tmp"; die 1 "cannot copy '$from' to '$to'"; }
  mode=$((0$(stat -c %a "$from")))
  [ "$(stat -c %u "$from")" = "$(stat -c %u "$tmp")" ] || mode=$((mode & ~04000))
  [ "$(stat -c %g "$from")" = "$(stat -c %g "$tmp")" ] || mode=$((mode & ~02000))
  chmod "$(printf %o "$mode")" "$tmp" || { rm -f "$tmp"; die 1 "cannot set the permissions of '$to'"; }
  if [ -L "$to" ]; then rm -f "$to"; fi
  mv -f -T "$tmp" "$to" || { rm -f "$tmp"; die 1 "cannot copy '$from' to '$to'"; }
done || exit 1

[ $# -gt 0 ] || exit 0
command -v "$1" >/dev/null 2>&1 || die 1 "command not found: $1"
echo "copy: running: $*" >&2
exec "$@"
