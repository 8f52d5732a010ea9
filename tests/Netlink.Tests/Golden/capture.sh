#!/usr/bin/env bash
# Regenerates the golden captures in this directory: what iproute2 sends to the kernel for each
# command, recorded with strace. Each capture's first line is the exact strace command line.
# Commands run in a scratch namespace where veth0 has ifindex 2 and veth1 ifindex 3, the indices
# the tests put in our own requests. Needs root, iproute2 and strace. The kernel may reject a
# request (this one lacks dummy, geneve, vlan, ipvlan and netem): the request is captured anyway.
# With arguments, only the captures of those names are made again: capture.sh fdb-append addr-add-v6
set -euo pipefail
only=" $* "
cd "$(dirname "$0")"
ns=golden-capture
ip netns del "$ns" 2>/dev/null || true
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add veth1 type veth peer veth0
ip -n "$ns" link add vx0 type vxlan id 42 dstport 4789
ip -n "$ns" link add br0 type bridge
ip -n "$ns" link set vx0 master br0
ip -n "$ns" link add vx6 type vxlan id 43 dstport 4789 local fd00::1
index() { ip -n "$ns" -j link show dev "$1" | grep -o '"ifindex":[0-9]*' | cut -d: -f2; }
for dev in veth0:2 vx0:4 br0:5 vx6:6; do
    [ "$(index "${dev%:*}")" = "${dev#*:}" ] || { echo "${dev%:*} is not ifindex ${dev#*:}" >&2; exit 1; }
done

capture() {
    local name=$1; shift
    [ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || return 0
    local trace=(strace -f -X raw -e trace=sendmsg -e write=all -xx -s 65535)
    { echo "# ${trace[*]} $*"; "${trace[@]}" "$@" 2>&1 >/dev/null || true; } > "$name.strace"
}

capture link-dummy ip -n "$ns" link add d0 type dummy
capture link-dummy-settings ip -n "$ns" link add d1 address 02:00:00:00:00:01 mtu 1400 up type dummy
capture link-geneve ip -n "$ns" link add g0 type geneve id 42 remote 10.9.0.2
capture link-geneve-port ip -n "$ns" link add g1 type geneve id 5000 remote 10.9.0.2 dstport 6082
capture link-vlan ip -n "$ns" link add link veth0 name v5 type vlan id 5
capture link-vlan-mtu ip -n "$ns" link add link veth0 name v6 mtu 1400 type vlan id 6
capture link-ipvlan ip -n "$ns" link add link veth0 name iv0 type ipvlan mode l2
capture link-ipvlan-defaults ip -n "$ns" link add link veth0 name iv1 type ipvlan
capture link-ipvtap ip -n "$ns" link add link veth0 name ivt0 type ipvtap mode l3 private
capture link-macvlan ip -n "$ns" link add link veth0 name mv0 type macvlan mode bridge
capture link-veth ip -n "$ns" link add a0 mtu 1500 up type veth peer a1 address 02:00:00:00:00:0a mtu 1400

capture addr-add ip -n "$ns" addr add 10.0.1.1/24 dev veth0
capture route-add ip -n "$ns" route add 10.5.0.0/16 via 10.0.0.1 metric 5 src 10.0.0.2 table 1000 onlink dev veth0
capture route-default ip -n "$ns" route add default via 10.0.0.1 dev veth0

capture addr-add-v6-nodad ip -n "$ns" -6 addr add fd00::1/64 dev veth0 nodad
capture addr-add-v6-flags ip -n "$ns" -6 addr add fd00::3/64 dev veth0 noprefixroute nodad
capture addr-del-v6 ip -n "$ns" -6 addr del fd00::1/64 dev veth0
capture route-add-v6 ip -n "$ns" -6 route add fd00:2::/64 via fd00:1::1 dev veth0
capture route-default-v6 ip -n "$ns" -6 route add default via fd00:1::1 dev veth0
capture route-replace-v6 ip -n "$ns" -6 route replace fd00:2::/64 via fd00:1::1 dev veth0 metric 10
capture route-del-v6 ip -n "$ns" -6 route del fd00:2::/64 via fd00:1::1 dev veth0

capture fdb-append bridge -n "$ns" fdb append 00:00:00:00:00:00 dev vx0 dst 10.9.0.2
capture fdb-append-v6 bridge -n "$ns" fdb append 00:00:00:00:00:00 dev vx6 dst fd00::2
capture fdb-add-remote bridge -n "$ns" fdb add 02:00:00:00:00:0b dev vx0 dst 10.9.0.3 vni 100 port 4790 via veth0
capture fdb-add-master-static bridge -n "$ns" fdb add 02:00:00:00:00:0c dev vx0 master static
capture fdb-replace bridge -n "$ns" fdb replace 02:00:00:00:00:0b dev vx0 dst 10.9.0.4
capture fdb-del bridge -n "$ns" fdb del 00:00:00:00:00:00 dev vx0 dst 10.9.0.2

capture netem-delay tc -n "$ns" qdisc add dev veth0 root netem delay 100ms
capture netem-delay-distribution tc -n "$ns" qdisc add dev veth0 root netem delay 100ms 10ms 25% distribution normal
capture netem-loss tc -n "$ns" qdisc add dev veth0 root netem loss random 1% 25%
capture netem-reorder-duplicate-corrupt tc -n "$ns" qdisc add dev veth0 root netem delay 10ms reorder 25% 50% gap 5 duplicate 1% corrupt 0.1%
capture netem-rate tc -n "$ns" qdisc add dev veth0 root netem rate 10mbit 20 100 -5 limit 5000
capture netem-rate64 tc -n "$ns" qdisc add dev veth0 root netem rate 50gbit
capture netem-slot tc -n "$ns" qdisc add dev veth0 root netem slot 10ms 20ms packets 5 bytes 1500
capture netem-ecn tc -n "$ns" qdisc add dev veth0 root netem loss 5% ecn
capture netem-replace tc -n "$ns" qdisc replace dev veth0 root netem rate 10mbit delay 40ms

capture tbf tc -n "$ns" qdisc add dev veth0 root tbf rate 1mbit burst 4096 latency 400ms
capture ingress tc -n "$ns" qdisc replace dev veth0 ingress
capture mirred tc -n "$ns" filter replace dev veth0 parent ffff: protocol all u32 match u8 0 0 action mirred egress redirect dev veth1
