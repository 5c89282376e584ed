#!/usr/bin/env bash
# The chat's IRC door and ngircd under the same IRC load, side by side: client.jar bench --mode irc joins
# MEMBERS members to #bench on each server and sends RATE messages a second in all, ROUNDS alternating
# rounds, and prints each round and the medians. Needs ngircd (Debian package) and the built jars.
#
#   bench/irc.sh                        # 100 members, 100 messages/s, 3 rounds of 5 s
#   MEMBERS=200 RATE=400 bench/irc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
MEMBERS=${MEMBERS:-100}
RATE=${RATE:-100}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
command -v ngircd >/dev/null || { echo "bench/irc.sh: ngircd is not installed (apt-get install ngircd)" >&2; exit 1; }
[ -f target/server.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT


tcpkit_port=$(free_port)
java -jar target/server.jar chat --no-prompt --host 127.0.0.1 --port 0 --irc-port "$tcpkit_port" \
  --flood-rate 100000 --flood-burst 100000 --max-per-address 0 --log-file "$work/tcpkit.log" >/dev/null &
pids+=($!)
ngircd_port=$(free_port)
ngircd_conf "$ngircd_port" > "$work/ngircd.conf"
ngircd --nodaemon --config "$work/ngircd.conf" >/dev/null 2>&1 &
pids+=($!)
wait_port "$tcpkit_port" && wait_port "$ngircd_port"

declare -A results
for round in $(seq "$ROUNDS"); do
  for server in tcpkit ngircd; do
    port=tcpkit_port; [ "$server" = ngircd ] && port=ngircd_port
    json=$(java -jar target/client.jar bench --mode irc -H 127.0.0.1 -p "${!port}" -c "$MEMBERS" --rate "$RATE" \
      -d "$DURATION" --warmup 2 --json || true)
    line=$(bench_figures "$json")
    echo "round $round $server: deliveries/s p50_us p99_us errors = $line"
    results[$server]+="$line;"
  done
done
for server in tcpkit ngircd; do
  bench_medians "$server" "${results[$server]}"
done
