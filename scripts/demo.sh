#!/usr/bin/env bash
# Show conlink at work: bring up examples/router (three hosts on three bridges, joined by a
# router), wait until conlink has connected every link, show each node's interfaces and ping
# from h1 to h3 across the router. Installs and builds what is missing first (root).
#   scripts/demo.sh
# Env: DEMO_TIMEOUT (seconds to wait for "All links connected"; 60)
set -euo pipefail
LOG_TAG=demo
. "$(dirname "$0")/lib/common.sh"
require_root
cd "$(dirname "$0")/.."

EXAMPLE=examples/router
DEMO_TIMEOUT="${DEMO_TIMEOUT:-60}"
export NODE_IMAGE=local/busybox CONLINK_IMAGE=conlink
TEARDOWN="cd $EXAMPLE && NODE_IMAGE=$NODE_IMAGE CONLINK_IMAGE=$CONLINK_IMAGE docker compose down"

[ -n "$(ls "$EXAMPLE"/{compose,docker-compose}.{yaml,yml} 2>/dev/null)" ] || die "$EXAMPLE has no compose file"
scripts/setup.sh
scripts/setup-docker.sh
scripts/build-image.sh

cd "$EXAMPLE"
log "docker compose up -d (in $EXAMPLE)"
docker compose up -d

log "waiting up to $DEMO_TIMEOUT s for 'All links connected' in the log of the network service"
deadline=$((SECONDS + DEMO_TIMEOUT))
until docker compose logs --no-color network 2>&1 | grep -q 'All links connected'; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    docker compose logs --no-color --tail 40 network >&2 || true
    die "conlink did not report 'All links connected' within $DEMO_TIMEOUT s (its log is above); tear down with: $TEARDOWN"
  fi
  sleep 0.5
done
log "all links connected"

for service in $(docker compose config --services | grep -vx network); do
  echo
  echo "=== $service: ip addr"
  docker compose exec -T "$service" ip addr
done

h3_ip=$(docker compose exec -T h3 ip -4 addr show dev eth0 2>/dev/null | awk '/inet / { split($2, a, "/"); print a[1]; exit }' || true)
[ -n "$h3_ip" ] || die "h3 has no IPv4 address on eth0; tear down with: $TEARDOWN"
echo
echo "=== h1: ping h3 ($h3_ip) across the router"
docker compose exec -T h1 ping -c 3 -W 2 "$h3_ip" || die "h1 cannot reach h3 at $h3_ip; tear down with: $TEARDOWN"

echo
log "the demo is still running; tear it down with:"
echo "    $TEARDOWN"
