#!/usr/bin/env bash
# The chat on one server against the same chat on two servers joined by Redis, under the same load:
# client.jar bench --mode chat joins MEMBERS members to #bench and sends RATE messages a second in all, for
# ROUNDS alternating rounds, and prints each round and the medians. Scenarios:
#   one        one server, MEMBERS members
#   one+redis  one server with --redis, MEMBERS members (what going through Redis costs)
#   two        two servers on one Redis, the members spread over both
# Needs redis-server (Debian package) and the built jars.
#
#   bench/redis.sh                      # 200 members, 200 messages/s, 3 rounds of 5 s
#   MEMBERS=200 RATE=400 bench/redis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
MEMBERS=${MEMBERS:-200}
RATE=${RATE:-200}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
command -v redis-server >/dev/null || { echo "bench/redis.sh: redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
[ -f target/server.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT


redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
pids+=($!)
wait_port "$redis_port"

chat() {  # chat PORT [--redis options...]
  local port=$1; shift
  java -jar target/server.jar chat --no-prompt --host 127.0.0.1 --port "$port" --flood-rate 100000 \
    --flood-burst 100000 --max-per-address 0 --log-file "$work/chat-$port.log" "$@" >/dev/null &
  pids+=($!)
  wait_port "$port"
}
one=$(free_port); chat "$one"
solo=$(free_port); chat "$solo" --redis "redis://127.0.0.1:$redis_port" --redis-namespace solo
twoa=$(free_port); chat "$twoa" --redis "redis://127.0.0.1:$redis_port" --redis-namespace two
twob=$(free_port); chat "$twob" --redis "redis://127.0.0.1:$redis_port" --redis-namespace two

declare -A results
for round in $(seq "$ROUNDS"); do
  for scenario in one one+redis two; do
    case $scenario in
      one) args=(-p "$one") ;;
      one+redis) args=(-p "$solo") ;;
      two) args=(-p "$twoa" --more-ports "$twob") ;;
    esac
    json=$(java -jar target/client.jar bench --mode chat -H 127.0.0.1 "${args[@]}" -c "$MEMBERS" --rate "$RATE" \
      -d "$DURATION" --warmup 2 --json || true)
    line=$(bench_figures "$json")
    echo "round $round $scenario: deliveries/s p50_us p99_us errors = $line"
    results[$scenario]+="$line;"
  done
done
for scenario in one one+redis two; do
  bench_medians "$scenario" "${results[$scenario]}"
done
