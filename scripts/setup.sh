#!/usr/bin/env bash
# Host prerequisites for building and testing Conlink.NET (idempotent; root).
#   scripts/setup.sh
# Installs the Debian packages the tests use, if missing, and checks the .NET SDK.
# The Docker engine is scripts/setup-docker.sh's job.
set -euo pipefail
LOG_TAG=setup
. "$(dirname "$0")/lib/common.sh"
require_root

# iproute2/iputils-ping/ethtool/iptables/strace: netlink tests and their reference tools
# tini/busybox-static: test containers and local images; graphviz: the `graph` command's output
apt_ensure iproute2 iputils-ping ethtool iptables strace procps util-linux tini busybox-static graphviz tcpdump iperf3

command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (no 'dotnet' on PATH); see https://dot.net"
sdk=$(dotnet --version 2>/dev/null) || die "'dotnet --version' failed; is the .NET SDK installed correctly?"
case "$sdk" in
  10.*) log ".NET SDK $sdk" ;;
  *) die ".NET SDK 10.x is required, found $sdk (https://dot.net)" ;;
esac
