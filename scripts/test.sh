#!/usr/bin/env bash
# Run the test levels and end with exactly one line: "N passed, N failed, N skipped".
#   scripts/test.sh [unit|netlink|actors|kernel|e2e|compat|all]      (default all)
#
# Levels, by test project folder (globs, so new projects join automatically):
#   netlink  tests/Netlink*      real kernel, root
#   actors   tests/Actors*       the engine with fakes
#   kernel   tests/Kernel*       the real engine on the real kernel, root
#   e2e      tests/E2E*          real Docker engine: setup.sh, setup-docker.sh and build-image.sh run first
#   compat   tests/Compat*       compose files in the original conlink's style on the real engine, prepared like e2e
#   unit     every other tests/*/ with a .csproj (some use the Docker engine: setup-docker.sh runs first)
# The Docker levels (e2e, compat) hold /run/lock/conlink-docker.lock while they run (they rebuild the
# shared conlink image and restart dockerd), so runs from several checkouts on one machine take turns.
# When both run, the lock is held from the first to the end of the last and the image is built once.
# Builds once, then runs each project with `dotnet test --no-build`. A project that fails to build
# or whose test run crashes counts as failed. Logs and results: .test-results/.
# Env: VERBOSE=1 also shows every passing test.
set -uo pipefail
LOG_TAG=test
. "$(dirname "$0")/lib/common.sh"
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

LEVELS=(unit netlink actors kernel e2e compat)
selected=${1:-all}
case "$selected" in
  all) ;;
  unit|netlink|actors|kernel|e2e|compat) LEVELS=("$selected") ;;
  *) die "usage: $0 [unit|netlink|actors|kernel|e2e|compat|all]" ;;
esac
[ "$#" -le 1 ] || die "usage: $0 [unit|netlink|actors|kernel|e2e|compat|all]"

RESULTS=.test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
SKIPPED_LIST="$RESULTS/skipped.txt"
FAILED_LIST="$RESULTS/failed.txt"
: >"$SKIPPED_LIST"
: >"$FAILED_LIST"
total_passed=0 total_failed=0 total_skipped=0

# -------------------------------------------------------------------- discovery
level_of() {
  case "$(basename "$1")" in
    Netlink*) echo netlink ;;
    Actors*) echo actors ;;
    Kernel*) echo kernel ;;
    E2E*) echo e2e ;;
    Compat*) echo compat ;;
    *) echo unit ;;
  esac
}

projects_of_level() {
  local dir project
  for dir in tests/*/; do
    project=$(find "$dir" -maxdepth 1 -name '*.csproj' | sort | head -n 1)
    # Test support libraries (no test SDK) are not test projects.
    [ -n "$project" ] && grep -q 'Microsoft.NET.Test.Sdk' "$project" && [ "$(level_of "$dir")" = "$1" ] && echo "$project"
  done
}

# -------------------------------------------------------------------- bookkeeping
count_failure() { # project reason
  total_failed=$((total_failed + 1))
  echo "$(basename "$1" .csproj): $2" >>"$FAILED_LIST"
  log "FAILED $(basename "$1" .csproj): $2"
}

# -------------------------------------------------------------------- preparation
# Installing needs root; without it the tests that need root or the engine skip, saying why.
prepare_level() {
  case "$1" in
    unit|netlink|kernel|e2e|compat) [ "$(id -u)" = 0 ] || { log "not root: $1 tests that need root will skip"; return 0; } ;;
  esac
  case "$1" in
    unit) scripts/setup.sh && scripts/setup-docker.sh ;;
    netlink|kernel) scripts/setup.sh ;;
    e2e|compat) scripts/setup.sh && scripts/setup-docker.sh && scripts/build-image.sh ;;
  esac
}

# -------------------------------------------------------------------- build
broken_projects=()

build_all() { # projects...
  log "building Conlink.sln"
  local started=$SECONDS project in_solution
  in_solution=$(dotnet sln Conlink.sln list 2>/dev/null)
  if ! dotnet build Conlink.sln -nologo -v quiet >"$RESULTS/build.log" 2>&1; then
    log "the solution does not build; building each test project alone to find the broken ones"
    grep -E ': error ' "$RESULTS/build.log" | sort -u | head -n 30 >&2
    for project in "$@"; do
      dotnet build "$project" -nologo -v quiet >"$RESULTS/build-$(basename "$project" .csproj).log" 2>&1 ||
        broken_projects+=("$project")
    done
  else
    for project in "$@"; do # test projects someone forgot to add to the solution
      grep -qxF "$project" <<<"$in_solution" && continue
      log "$project is not in Conlink.sln; building it alone"
      dotnet build "$project" -nologo -v quiet >"$RESULTS/build-$(basename "$project" .csproj).log" 2>&1 ||
        broken_projects+=("$project")
    done
  fi
  log "build done in $((SECONDS - started)) s"
}

is_broken() { local p; for p in "${broken_projects[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

# -------------------------------------------------------------------- run and parse
# What the console shows while a project runs: failures, skips and test output; passes only if VERBOSE.
show_progress() {
  if [ "${VERBOSE:-0}" = 1 ]; then cat; return; fi
  grep --line-buffered -vE '^\s+Passed |^\[xUnit\.net [^]]*\]\s+(Discovering|Discovered|Starting|Finished):|^\[xUnit\.net [^]]*\] xUnit\.net VSTest Adapter|^A total of [0-9]+ test files? matched|^Test run for |^Data collector .Blame. message: All tests finished|^Additionally, path to test adapters' || true
}

# Prints "passed failed skipped found" from a dotnet test log, accepting the summary of either
# console verbosity ("Passed! - Failed: F, Passed: P, Skipped: S, Total: T" or the
# "Total tests:" block), and appends "Test: reason" for each skipped test to $2.
parse_log() { # log skipped-list
  awk -v skipped="$2" '
    function number(s) { gsub(/[^0-9]/, "", s); return s + 0 }
    function strip(s) { sub(/^\[xUnit\.net [^]]*\] +/, "", s); return s }
    /^(Passed|Failed)! +- Failed: / {
      found = 1; n = split($0, parts, ",")
      for (i = 1; i <= n; i++) {
        if (parts[i] ~ /Failed: *[0-9]+$/) failed = number(parts[i])
        else if (parts[i] ~ /Passed: *[0-9]+$/) passed = number(parts[i])
        else if (parts[i] ~ /Skipped: *[0-9]+$/) skip = number(parts[i])
      }
    }
    /^Total tests: *[0-9]+$/ { found = 1 }
    /^ +Passed: *[0-9]+$/ { passed = number($0) }
    /^ +Failed: *[0-9]+$/ { failed = number($0) }
    /^ +Skipped: *[0-9]+$/ { skip = number($0) }
    /^\[xUnit\.net [^]]*\] +.* \[SKIP\]$/ {
      name = strip($0); sub(/ \[SKIP\]$/, "", name)
      reason = ""
      if ((getline line) > 0 && line ~ /^\[xUnit\.net /) reason = strip(line)
      print name ": " reason >> skipped
    }
    END { print passed + 0, failed + 0, skip + 0, found + 0 }
  ' "$1"
}

run_project() { # level project
  local level=$1 project=$2 name started rc passed failed skipped found log
  name=$(basename "$project" .csproj)
  log="$RESULTS/$name.log"
  if is_broken "$project"; then
    grep -E ': error ' "$RESULTS/build-$name.log" | sort -u | head -n 20 >&2
    count_failure "$project" "does not build (log: $RESULTS/build-$name.log)"
    return
  fi
  log "$level: $name"
  started=$SECONDS
  dotnet test "$project" --no-build --logger "console;verbosity=normal" \
      --results-directory "$RESULTS/$name" --blame-hang-timeout 10m --blame-hang-dump-type none \
      2>&1 | tee "$log" | show_progress
  rc=${PIPESTATUS[0]}
  read -r passed failed skipped found < <(parse_log "$log" "$SKIPPED_LIST")
  total_passed=$((total_passed + passed))
  total_skipped=$((total_skipped + skipped))
  total_failed=$((total_failed + failed))
  sed -nE "s/^\s+Failed (.+) \[[^]]*\]$/$name: \1/p" "$log" >>"$FAILED_LIST"
  if [ "$found" = 0 ] && [ "$rc" = 0 ] && grep -q '^No test is available' "$log"; then
    log "WARNING $name has no tests"
  elif [ "$found" = 0 ]; then
    count_failure "$project" "test run ended without a result (exit code $rc; log: $log)"
  elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
    count_failure "$project" "test run crashed or was aborted (exit code $rc; log: $log)"
  else
    log "$level: $name: $passed passed, $failed failed, $skipped skipped ($((SECONDS - started)) s)"
  fi
}

# -------------------------------------------------------------------- main
declare -A level_projects
all_projects=()
for level in "${LEVELS[@]}"; do
  level_projects[$level]=$(projects_of_level "$level")
  # shellcheck disable=SC2206 # project paths have no spaces
  all_projects+=(${level_projects[$level]})
done
[ "${#all_projects[@]}" -gt 0 ] || die "no test projects found under tests/ for: ${LEVELS[*]}"

build_all "${all_projects[@]}"

# The Docker lock is held on fd 9 by this shell alone: every command of the level runs with fd 9
# closed, so no dockerd or conlink started meanwhile inherits it and holds it after we are done.
DOCKER_LOCK=/run/lock/conlink-docker.lock
take_docker_lock() {
  [ "$(id -u)" = 0 ] || return 0
  mkdir -p "$(dirname "$DOCKER_LOCK")"
  exec 9>"$DOCKER_LOCK"
  flock -n 9 && return 0
  log "waiting for $DOCKER_LOCK (another checkout's e2e run is using the Docker engine)"
  flock -w 3600 9 || die "$DOCKER_LOCK still held after an hour"
}
release_docker_lock() { exec 9>&-; }

is_docker_level() { [ "$1" = e2e ] || [ "$1" = compat ]; }

# The last Docker level with test projects: the lock is released after it.
last_docker_level=
for level in "${LEVELS[@]}"; do
  is_docker_level "$level" && [ -n "${level_projects[$level]}" ] && last_docker_level=$level
done

docker_locked=0 docker_prepared=
for level in "${LEVELS[@]}"; do
  [ -n "${level_projects[$level]}" ] || { log "$level: no test projects"; continue; }
  if is_docker_level "$level" && [ "$docker_locked" = 0 ]; then take_docker_lock; docker_locked=1; fi
  # Under one hold of the lock the image another level just built is still ours: prepare once.
  if is_docker_level "$level" && [ -n "$docker_prepared" ]; then
    log "$level: engine and image prepared for $docker_prepared"
  elif ! prepare_level "$level" 9>&-; then
    for project in ${level_projects[$level]}; do count_failure "$project" "$level preparation failed (see above)"; done
    if [ "$level" = "$last_docker_level" ]; then release_docker_lock; docker_locked=0; fi
    continue
  elif is_docker_level "$level"; then
    docker_prepared=$level
  fi
  for project in ${level_projects[$level]}; do run_project "$level" "$project" 9>&-; done
  if [ "$level" = "$last_docker_level" ]; then release_docker_lock; docker_locked=0; fi
done

if [ -s "$SKIPPED_LIST" ]; then
  echo
  echo "Skipped tests and why:"
  sed 's/^/  /' "$SKIPPED_LIST"
fi
if [ -s "$FAILED_LIST" ]; then
  echo
  echo "Failures:"
  sed 's/^/  /' "$FAILED_LIST"
fi
echo
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" = 0 ]
