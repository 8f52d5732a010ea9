#!/usr/bin/env bash
# Inside the VM (scripts/vm.sh runs it for scripts/test.sh vm): runs prebuilt test assemblies, each
# with its own `dotnet test` process, all at once, and leaves in IO for the host:
#   NAME.log (the console log, normal verbosity), NAME.rc (dotnet test's exit code), NAME/ (results)
#   scripts/lib/vm-tests.sh IO NAME=DLL[=FILTER]...
# Never run it on a host: it expects the VM's fresh /run and modules that load on demand.
set -uo pipefail
io=$1
shift
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 CONLINK_IN_VM=1
# The emulated CPU starts a .NET process in about 30 s: the tests' waits for an engine get 4 times as long
# (tests/Support/Patience.cs), what they measure stays as it is.
export CONLINK_TEST_PATIENCE=${CONLINK_TEST_PATIENCE:-4}
# vstest waits 90 s for its test host by default, less than the emulated CPU may need to start one.
export VSTEST_CONNECTION_TIMEOUT=${VSTEST_CONNECTION_TIMEOUT:-900}
# The assemblies are ReadyToRun; profile-guided re-JIT would only add JIT work the emulated CPU pays dearly for.
export DOTNET_TieredPGO=0
# A test (or the discovery) that takes longer than this is taken for hung and its test host killed. 5 min
# was too little on a machine shared with other work: discovery alone took over 5 min there.
hang_timeout=${VM_HANG_TIMEOUT:-20m}

echo "vm-tests: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) " MB" }' /proc/meminfo)"
started=$(date +%s)
pids=()
for spec in "$@"; do
  IFS='=' read -r name dll filter <<<"$spec"
  args=(test "$dll" --logger "console;verbosity=normal" --results-directory "$io/$name"
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none)
  [ -z "$filter" ] || args+=(--filter "$filter")
  (
    begun=$(date +%s)
    echo "vm-tests: $name started${filter:+ (only $filter)}"
    dotnet "${args[@]}" >"$io/$name.log" 2>&1
    rc=$?
    echo "$rc" >"$io/$name.rc"
    echo "vm-tests: $name done in $(($(date +%s) - begun)) s, exit code $rc"
  ) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
echo "vm-tests: all done in $(($(date +%s) - started)) s"
