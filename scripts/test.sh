#!/usr/bin/env bash
# Run the test levels and end with exactly one line: "N passed, N failed, N skipped".
#   scripts/test.sh [unit|netlink|actors|kernel|e2e|compat|arm64|vm|all]      (default all)
#
# Levels, by test project folder (globs, so new projects join automatically):
#   netlink  tests/Netlink*      real kernel, root
#   actors   tests/Actors*       the engine with fakes
#   kernel   tests/Kernel*       the real engine on the real kernel, root
#   e2e      tests/E2E*          real Docker engine (and podman beside it): setup.sh, setup-docker.sh, build-image.sh
#                                and setup-podman.sh run first
#   compat   tests/Compat*       compose files in the original conlink's style on the real engine, prepared like e2e
#   arm64    tests/Arm64*        the linux-arm64 build under qemu-user against the x64 one, and the arm64 image:
#                                setup-arm64.sh, build-image.sh --arch amd64|arm64 --publish-only and the
#                                conlink:arm64-test image run first
#   unit     every other tests/*/ with a .csproj (some use the Docker engine: setup-docker.sh runs first;
#            the static utilities are published once first, for tests/Utils*, as CONLINK_UTILS_DIR)
#   vm       Debian's stock kernel in a qemu VM (scripts/vm.sh, one boot): tests/Netlink* whole; tests/Kernel*
#            but for two kinds of test: [Trait("Category", "KernelWithoutFeature")] (what conlink does on a kernel
#            that lacks a feature: the VM's kernel has them all) and [Trait("Category", "EngineProcess")] (engines
#            run as processes of their own: multi-host tunnels, crash recovery, churn, cluster; a .NET process
#            takes about 30 s to start on the emulated CPU, and they need nothing this machine's kernel lacks);
#            from every project but E2E and Compat the tests with [Trait("Category", "KernelFeature")]
#            (they need a kernel feature; on a kernel without it they skip, saying so; an EngineProcess test among
#            them runs too) or [Trait("Category", "KernelVersion")] (kernels differ there, e.g. renaming an up link
#            before 6.2). Built on the host, run inside; a test that skips inside counts as failed. Logs: .test-results/vm/.
# The Docker levels (e2e, compat, arm64) hold /run/lock/conlink-docker.lock while they run (they rebuild the
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

LEVELS=(unit netlink actors kernel e2e compat arm64 vm)
selected=${1:-all}
case "$selected" in
  all) ;;
  unit|netlink|actors|kernel|e2e|compat|arm64|vm) LEVELS=("$selected") ;;
  *) die "usage: $0 [unit|netlink|actors|kernel|e2e|compat|arm64|vm|all]" ;;
esac
[ "$#" -le 1 ] || die "usage: $0 [unit|netlink|actors|kernel|e2e|compat|arm64|vm|all]"

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
    Arm64*) echo arm64 ;;
    *) echo unit ;;
  esac
}

test_projects() {
  local dir project
  for dir in tests/*/; do
    project=$(find "$dir" -maxdepth 1 -name '*.csproj' | sort | head -n 1)
    # Test support libraries (no test SDK) are not test projects.
    [ -n "$project" ] && grep -q 'Microsoft.NET.Test.Sdk' "$project" && echo "$project"
  done
}

projects_of_level() {
  local project
  if [ "$1" = vm ]; then vm_projects; return; fi
  for project in $(test_projects); do [ "$(level_of "$(dirname "$project")")" = "$1" ] && echo "$project"; done
}

# The vm level's projects: netlink and kernel whole, the others only if they have kernel-feature or
# kernel-version tests.
KERNEL_FEATURE_FILTER='Category=KernelFeature|Category=KernelVersion'
KERNEL_VM_FILTER="(Category!=EngineProcess&Category!=KernelWithoutFeature)|$KERNEL_FEATURE_FILTER"
vm_projects() {
  local project
  for project in $(test_projects); do
    case "$(level_of "$(dirname "$project")")" in
      netlink|kernel) echo "$project" ;;
      e2e|compat) ;;
      *) grep -rqsE --include='*.cs' 'Trait\("Category", *"Kernel(Feature|Version)"\)' "$(dirname "$project")" && echo "$project" ;;
    esac
  done
}
vm_filter_of() {
  case "$(level_of "$(dirname "$1")")" in
    netlink) ;;
    kernel) echo "$KERNEL_VM_FILTER" ;;
    *) echo "$KERNEL_FEATURE_FILTER" ;;
  esac
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
    unit|netlink|kernel|e2e|compat|arm64) [ "$(id -u)" = 0 ] || { log "not root: $1 tests that need root will skip"; return 0; } ;;
    vm) [ "$(id -u)" = 0 ] || { log "vm: needs root (it installs qemu and boots a VM)"; return 1; } ;;
  esac
  case "$1" in
    unit) scripts/setup.sh && scripts/setup-docker.sh && publish_utils ;;
    netlink|kernel) scripts/setup.sh ;;
    e2e|compat) scripts/setup.sh && scripts/setup-docker.sh && scripts/build-image.sh && scripts/setup-podman.sh ;;
    arm64) scripts/setup.sh && scripts/setup-docker.sh && scripts/setup-arm64.sh &&
      scripts/build-image.sh --arch amd64 --publish-only && scripts/build-image.sh --arch arm64 --publish-only &&
      IMAGE=conlink:arm64-test scripts/build-image.sh --arch arm64 ;;
    # Open vSwitch's userspace is for the VM (its tests start the daemons there); nothing starts it here.
    vm) scripts/setup.sh && apt_ensure openvswitch-switch && scripts/vm.sh --prepare ;;
  esac
}

# The static utilities are published once, before the unit level's projects run, and handed to
# tests/Utils.Tests as CONLINK_UTILS_DIR: four NativeAOT links are a build, slow on a loaded machine, not
# something a test should wait for. If publishing fails the level goes on without it; the Utils tests then
# publish themselves and fail with the publish error.
publish_utils() {
  grep -q 'tests/Utils' <<<"${level_projects[unit]:-}" || return 0
  local started=$SECONDS out=$PWD/artifacts/utils
  log "unit: publishing the static utilities into $out"
  if scripts/publish-utils.sh "$out" >"$RESULTS/publish-utils.log" 2>&1; then
    export CONLINK_UTILS_DIR=$out
    log "unit: utilities published in $((SECONDS - started)) s"
  else
    log "unit: publishing the utilities failed (log: $RESULTS/publish-utils.log); the Utils tests will try themselves"
  fi
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

# Adds one project's counts from its log to the totals; skips go to $3 (the skipped list, or for the vm
# level a list of its own). Leaves the counts it read in the caller's passed, failed, skipped and found.
# Called directly, never in a subshell (the totals would be lost there).
count_log() { # project log skipped-list
  read -r passed failed skipped found < <(parse_log "$2" "$3")
  total_passed=$((total_passed + passed))
  total_skipped=$((total_skipped + skipped))
  total_failed=$((total_failed + failed))
  failures_of "$(basename "$1" .csproj)" "$2" >>"$FAILED_LIST"
}

# Each failed test of a log as "Project: Test", followed by the first lines of its error message, so that
# the summary at the end of the output (often all of it a CI system keeps) says why, not only what.
failures_of() { # project-name log
  awk -v project="$1" '
    /^ +Failed .+ \[[^]]*\]$/ {
      name = $0; sub(/^ +Failed /, "", name); sub(/ \[[^]]*\]$/, "", name)
      print project ": " name; message = 0; shown = 0; next
    }
    /^ +Error Message:$/ { message = 1; next }
    /^ +Stack Trace:$/ || /^ +(Passed|Failed|Skipped) / { message = 0 }
    message && shown < 4 && $0 !~ /^ *$/ {
      line = $0; sub(/^ +/, "", line)
      if (length(line) > 300) line = substr(line, 1, 300) "..."
      print "      " line; shown++
    }
  ' "$2"
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
  count_log "$project" "$log" "$SKIPPED_LIST"
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

# -------------------------------------------------------------------- the vm level
# One boot for every project: scripts/lib/vm-tests.sh runs the prebuilt assemblies inside, then each log is
# counted here. Inside the VM nothing may skip: a skip there is counted as a failure, with its reason.
# The VM's CPU is emulated, and there the JIT is what costs most (measured: 9 engine tests took 19 min
# JIT-compiled), so each project is published once more for the VM, ReadyToRun (precompiled), into
# artifacts/vm (its own obj and bin, kept between runs: the host's build is left alone) and run from there.
VM_TIMEOUT=${VM_TIMEOUT:-1800}
vm_publish() { # project -> prints the published test assembly
  local name out
  name=$(basename "$1" .csproj)
  out=$PWD/artifacts/vm/publish/$name
  dotnet publish "$1" -r linux-x64 --self-contained false -p:PublishReadyToRun=true -nologo -v quiet \
      --artifacts-path "$PWD/artifacts/vm" -o "$out" >"$RESULTS/vm-publish-$name.log" 2>&1 || return 1
  [ -f "$out/$name.dll" ] && echo "$out/$name.dll"
}

run_vm_level() { # projects...
  local io=$PWD/$RESULTS/vm project name dll specs=() rc started=$SECONDS passed failed skipped found inside_skips
  mkdir -p "$io"
  log "vm: publishing ${#@} test projects ReadyToRun for the VM"
  for project in "$@"; do
    name=$(basename "$project" .csproj)
    is_broken "$project" && { count_failure "$project" "does not build (log: $RESULTS/build-$name.log)"; continue; }
    dll=$(vm_publish "$project") ||
      { grep -E ': error ' "$RESULTS/vm-publish-$name.log" | sort -u | head -n 20 >&2
        count_failure "$project" "vm: cannot publish it for the VM (log: $RESULTS/vm-publish-$name.log)"; continue; }
    specs+=("$name=$dll=$(vm_filter_of "$project")")
  done
  log "vm: published in $((SECONDS - started)) s"
  [ "${#specs[@]}" -gt 0 ] || return 0
  log "vm: ${#specs[@]} test assemblies, one boot (VM output: $RESULTS/vm/console.log)"
  scripts/vm.sh --io "$io" --timeout "$VM_TIMEOUT" -- bash scripts/lib/vm-tests.sh "$io" "${specs[@]}" 2>&1 |
    tee "$io/console.log" | grep --line-buffered -E '^(vm|vm-tests|\[vm\])[: ]'
  rc=${PIPESTATUS[0]}
  for spec in "${specs[@]}"; do
    name=${spec%%=*}
    project=$(printf '%s\n' "$@" | grep -m 1 "/$name.csproj$")
    if [ ! -f "$io/$name.rc" ]; then
      [ ! -s "$io/$name.log" ] || show_progress <"$io/$name.log"
      count_failure "$project" "vm: no result: the VM run ended before this project's tests did (scripts/vm.sh exit code $rc; log: $RESULTS/vm/$name.log)"
      continue
    fi
    show_progress <"$io/$name.log"
    inside_skips=$io/$name.skipped
    : >"$inside_skips"
    count_log "$project" "$io/$name.log" "$inside_skips"
    # A skip inside the VM is a failure of the level (what the VM is for is the tests that skip elsewhere).
    total_skipped=$((total_skipped - skipped))
    total_failed=$((total_failed + skipped))
    sed "s/^/$name: skipped inside the VM: /" "$inside_skips" >>"$FAILED_LIST"
    if [ "$found" = 0 ]; then
      count_failure "$project" "vm: test run ended without a result (exit code $(cat "$io/$name.rc"); log: $RESULTS/vm/$name.log)"
    elif [ "$(cat "$io/$name.rc")" != 0 ] && [ "$failed" = 0 ] && [ "$skipped" = 0 ]; then
      count_failure "$project" "vm: test run crashed or was aborted (exit code $(cat "$io/$name.rc"); log: $RESULTS/vm/$name.log)"
    else
      log "vm: $name: $passed passed, $failed failed, $skipped skipped inside (counted as failed)"
    fi
  done
  if [ "$rc" != 0 ]; then
    local why
    why=$(grep -E '^vm: ' "$io/console.log" | tail -n 1 | sed 's/^vm: //')
    count_failure vm "${why:-the VM run ended early} (scripts/vm.sh exit code $rc; log: $RESULTS/vm/console.log)"
  fi
  log "vm: level done in $((SECONDS - started)) s"
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

is_docker_level() { [ "$1" = e2e ] || [ "$1" = compat ] || [ "$1" = arm64 ]; }

# The last Docker level with test projects: the lock is released after it.
last_docker_level=
for level in "${LEVELS[@]}"; do
  is_docker_level "$level" && [ -n "${level_projects[$level]}" ] && last_docker_level=$level
done

docker_locked=0 docker_prepared=
for level in "${LEVELS[@]}"; do
  [ -n "${level_projects[$level]}" ] || { log "$level: no test projects"; continue; }
  if is_docker_level "$level" && [ "$docker_locked" = 0 ]; then take_docker_lock; docker_locked=1; fi
  # Under one hold of the lock the image another level just built is still ours: prepare once
  # (arm64 prepares its own builds and image).
  if is_docker_level "$level" && [ "$level" != arm64 ] && [ -n "$docker_prepared" ]; then
    log "$level: engine and image prepared for $docker_prepared"
  elif ! prepare_level "$level" 9>&-; then
    for project in ${level_projects[$level]}; do count_failure "$project" "$level preparation failed (see above)"; done
    if [ "$level" = "$last_docker_level" ]; then release_docker_lock; docker_locked=0; fi
    continue
  elif is_docker_level "$level" && [ "$level" != arm64 ]; then
    docker_prepared=$level
  fi
  if [ "$level" = vm ]; then
    # shellcheck disable=SC2086 # project paths have no spaces
    run_vm_level ${level_projects[$level]} 9>&-
  else
    for project in ${level_projects[$level]}; do run_project "$level" "$project" 9>&-; done
  fi
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
