#!/usr/bin/env bash
# Runs a benchmark from benchmarks/Conlink.Benchmarks in a Release build.
#   scripts/bench.sh netlink [N]   netlink convergence: N links (default 100) three ways; needs root
#   scripts/bench.sh ethtool [N]   veth tx offload off on N veths, in-process vs an ethtool process each; needs root
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    echo "usage: scripts/bench.sh netlink|ethtool [N]" >&2
    exit 2
fi
if ! log=$(dotnet build benchmarks/Conlink.Benchmarks -c Release -nologo -v quiet 2>&1); then
    echo "$log" >&2
    exit 1
fi
exec dotnet benchmarks/Conlink.Benchmarks/bin/Release/net10.0/Conlink.Benchmarks.dll "$@"
