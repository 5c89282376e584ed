#!/usr/bin/env bash
# The chat's IRC door and ngircd under the same IRC load, side by side: client.jar bench --mode irc joins
# MEMBERS members to #bench on each server and sends RATE messages a second in all, ROUNDS alternating
# rounds, and prints each round and the medians. Needs ngircd (Debian package) and the built jars.
#
#   bench/irc.sh                        # 100 members, 100 messages/s, 3 rounds of 5 s
#   MEMBERS=200 RATE=400 bench/irc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

tcpkit_port=$(free_port)
java -jar target/server.jar chat --no-prompt --host 127.0.0.1 --port 0 --irc-port "$tcpkit_port" \
  --flood-rate 100000 --flood-burst 100000 --max-per-address 0 --log-file "$work/tcpkit.log" >/dev/null &
pids+=($!)
ngircd_port=$(free_port)
cat > "$work/ngircd.conf" <<CONF
[Global]
    Name = bench.local
    Info = bench
    Listen = 127.0.0.1
    Ports = $ngircd_port
[Limits]
    MaxConnections = 0
    MaxConnectionsIP = 0
    MaxJoins = 0
    MaxNickLength = 16
    MaxPenaltyTime = 0
    PingTimeout = 300
[Options]
    DNS = no
    Ident = no
    PAM = no
CONF
ngircd --nodaemon --config "$work/ngircd.conf" >/dev/null 2>&1 &
pids+=($!)
wait_port "$tcpkit_port" && wait_port "$ngircd_port"

declare -A results
for round in $(seq "$ROUNDS"); do
  for server in tcpkit ngircd; do
    port=tcpkit_port; [ "$server" = ngircd ] && port=ngircd_port
    json=$(java -jar target/client.jar bench --mode irc -H 127.0.0.1 -p "${!port}" -c "$MEMBERS" --rate "$RATE" \
      -d "$DURATION" --warmup 2 --json || true)
    line=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); l=r["latencyMicros"]; print("%.0f %.0f %.0f %d" % (r["messagesPerSecond"], l["p50"], l["p99"], r["errors"]))' "$json" 2>/dev/null || echo "0 0 0 -1")
    echo "round $round $server: deliveries/s p50_us p99_us errors = $line"
    results[$server]+="$line;"
  done
done
for server in tcpkit ngircd; do
  python3 - "$server" "${results[$server]}" <<'PY'
import statistics, sys
rows = [list(map(float, r.split())) for r in sys.argv[2].split(";") if r]
med = [statistics.median(c) for c in zip(*rows)]
print("median %s: %.0f deliveries/s, p50 %.0f us, p99 %.0f us, errors %d" % (sys.argv[1], med[0], med[1], med[2], max(r[3] for r in rows)))
PY
done
