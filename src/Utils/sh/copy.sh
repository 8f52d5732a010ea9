#!/bin/sh
# POSIX sh version of the `copy` utility, with the same options and messages (see docs/utils.md).
# Copies the regular files under SRC_DIR into DST_DIR keeping their permission bits; with -T, replaces each
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

(cd "$src_dir" && find . -type f) | sort | while IFS= read -r relative; do
  relative=${relative#./}
  from=$src_dir/$relative
  to=$dst_dir/$relative
  echo "copy: '$from' -> '$to'" >&2
  mkdir -p "$(dirname "$to")" || die 1 "cannot create the directory of '$to'"
  if [ -n "$template" ]; then
    render "$from" "$to" >"$to.copy-tmp" && mv -f "$to.copy-tmp" "$to"
  else
    cp "$from" "$to"
  fi || die 1 "cannot copy '$from' to '$to'"
  chmod "$(stat -c %a "$from")" "$to" || die 1 "cannot set the permissions of '$to'"
done || exit 1

[ $# -gt 0 ] || exit 0
command -v "$1" >/dev/null 2>&1 || die 1 "command not found: $1"
echo "copy: running: $*" >&2
exec "$@"
