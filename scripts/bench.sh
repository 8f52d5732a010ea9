#!/usr/bin/env bash
# Runs a benchmark from benchmarks/Conlink.Benchmarks in a Release build.
#   scripts/bench.sh netlink [N]   netlink convergence: N links (default 100) three ways; needs root
#   scripts/bench.sh engine [N]    engine convergence: N containers (default 100), start events to All links connected; needs root
#   scripts/bench.sh docker N      conlink as the sidecar for N replicas on the Docker engine: burst,
#                                  restart, CPU; needs root, the engine and the images (CONLINK_IMAGE,
#                                  default conlink; NODE_IMAGE, default local/busybox)
#   scripts/bench.sh ethtool [N]   veth tx offload off on N veths, in-process vs an ethtool process each; needs root
#   scripts/bench.sh churn [N]     N seeded container start/stop/restart/scale operations (default 10000) against
#                                  the engine, invariants checked: ops/s and the engine's RSS; needs root.
#                                  CONLINK_CHURN_SEED replays a seed.
#   scripts/bench.sh load          config loading under hostile generated input (huge, deeply nested, special
#                                  files): time per MB and peak RSS of each, in the loader and through the CLI
#                                  published as the image ships it (GNU time measures it); needs no root
#   scripts/bench.sh metrics [N]   N links up (default 100): one Prometheus scrape (median of 20), then capture throughput
#                                  on one veth under iperf3 load, conlink's in-process capture vs tcpdump; needs root,
#                                  iperf3 and tcpdump (scripts/setup.sh installs them)
#   scripts/bench.sh cluster N     cluster mode with N hosts (namespaces on one switch, a conlink each, one node each
#                                  on a spanned bridge): converge, leave (kill -9), rejoin, RSS per member; needs root
#   scripts/bench.sh control [N]   N link down/up requests over the control socket (default 200), timed to the
#                                  carrier change seen by a netlink monitor, and an apply changing 100 links; needs root
# The in-process benchmarks name their bridge namespace clbench-NAME; CONLINK_BENCH_PREFIX goes in front
# (CONLINK_BENCH_PREFIX=me- gives me-clbench-metrics), so that runs side by side do not share or delete it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    echo "usage: scripts/bench.sh netlink [N] | engine [N] | docker N | ethtool [N] | churn [N] | metrics [N] | control [N] | load | cluster N" >&2
    exit 2
fi
if ! log=$(dotnet build benchmarks/Conlink.Benchmarks -c Release -nologo -v quiet 2>&1); then
    echo "$log" >&2
    exit 1
fi
if [ "$1" = load ]; then
    echo "publishing the CLI as the image ships it (artifacts/bench/conlink)..." >&2
    if ! log=$(dotnet publish src/Cli -c Release -r linux-x64 --self-contained -o artifacts/bench/conlink -nologo -v quiet 2>&1); then
        echo "$log" >&2
        exit 1
    fi
    export CONLINK_BENCH_CLI="$PWD/artifacts/bench/conlink/conlink"
fi
exec dotnet benchmarks/Conlink.Benchmarks/bin/Release/net10.0/Conlink.Benchmarks.dll "$@"
