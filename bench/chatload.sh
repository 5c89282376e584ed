#!/usr/bin/env bash
# Chat fan-out measured with the C generator chatload (../shared/tools/chatload.c): MEMBERS members of one
# room (every one reading everything) and one more that never reads, RATE lines a second in all, SECS s a run,
# through the IRC protocol, against tcpkit's IRC door on each JDK and ngircd (when installed). Every server is
# started fresh for each run and warmed up first by an uncounted run of WARMUP s at the same rate (a JVM
# compiles its hot code in its first seconds: measured, half the server's CPU in a cold 5-s run); servers
# alternate within a round, ROUNDS rounds; prints each run and the medians.
#
#   bench/chatload.sh                          # rates 1000 2000 4000 6000 8000 10000, 3 rounds
#   RATES="1000 8000" ROUNDS=1 bench/chatload.sh
#   OUT=results.txt bench/chatload.sh          # also keep the raw lines
#
# JDKS: Java homes to run tcpkit on (default: the java on PATH and every JDK 21+ under /usr/lib/jvm).
# TOOLS: where chatload.c is (default ../shared/tools). JOPTS: more JVM options for tcpkit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RATES=${RATES:-"1000 2000 4000 6000 8000 10000"}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-5}
WARMUP=${WARMUP:-3}
MEMBERS=${MEMBERS:-200}
needs_tool chatload
JDKS=${JDKS:-$(default_jdks)}
servers=()
for home in $JDKS; do servers+=("tcpkit@$home"); done
if command -v ngircd >/dev/null; then servers+=(ngircd); else echo "ngircd is not installed: skipped (apt-get install ngircd)" >&2; fi

scratch
label() { case $1 in tcpkit@*) echo "tcpkit-java$(java_feature "${1#tcpkit@}")" ;; *) echo "$1" ;; esac; }

start() {  # start SERVER PORT
  case $1 in
    tcpkit@*)
      "${1#tcpkit@}/bin/java" ${JOPTS:-} -jar target/server.jar chat --no-prompt --host 127.0.0.1 --port 0 \
        --irc-port "$2" --flood-rate 100000 --flood-burst 100000 --max-per-address 0 --log-level info \
        --log-file "$work/tcpkit.log" >/dev/null 2>&1 &
      pid=$! ;;
    ngircd)
      { ngircd_conf "$2"; printf '[Channel]\n    Name = #bench\n    Modes = +P\n'; } > "$work/ngircd.conf"
      ngircd --nodaemon --config "$work/ngircd.conf" >/dev/null 2>&1 &
      pid=$! ;;
  esac
  wait_port "$2"
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }

declare -A runs
for round in $(seq "$ROUNDS"); do
  order=("${servers[@]}"); [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${servers[@]}" | tac))
  for rate in $RATES; do
    for server in "${order[@]}"; do
      port=$(free_port); start "$server" "$port"
      if [ "$WARMUP" != 0 ]; then
        (trap '' PIPE; bench/work/chatload --proto=irc --port="$port" --members="$MEMBERS" --frozen=1 --rate="$rate" \
          --secs="$WARMUP" >/dev/null 2>&1 || true)
        wait_nicks_free "$port" $((MEMBERS + 1)) || echo "the warm-up's members are still there" >&2
      fi
      # chatload writes to members a server may have dropped: ignore SIGPIPE so it reports instead of dying.
      line=$(trap '' PIPE; bench/work/chatload --proto=irc --port="$port" --members="$MEMBERS" --frozen=1 --rate="$rate" \
        --secs="$SECS" || true)
      stop
      name=$(label "$server")
      echo "round $round $name rate $rate: $line"
      [ -n "${OUT:-}" ] && echo "round=$round server=$name $line" >> "$OUT"
      runs["$name $rate"]+="$line|"
    done
  done
done
echo
echo "medians of $ROUNDS rounds: server, offered msg/s, deliveries/s (of due), p50 ms, p99 ms, missing, reading members lost, frozen member dropped"
for key in $(printf '%s\n' "${!runs[@]}" | sed 's/ /@@/' | sort -t@ -k1,1 -k3n); do
  key=${key/@@/ }
  python3 - "$key" "${runs[$key]}" "$MEMBERS" <<'PY'
import statistics, sys
key, raw, members = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = []
for run in filter(None, raw.split("|")):
    kv = dict(f.split("=", 1) for f in run.split() if "=" in f)
    rows.append(kv)
def med(k):
    vals = [float(r.get(k, 0)) for r in rows]
    return statistics.median(vals) if vals else 0
due = med("sent") / max(med("secs"), 1e-9) * (members - 1)
print("%-16s %6s  %10.0f (%3.0f%%)  %8.1f  %8.1f  %6.0f  %4.0f  %s" % (key.split()[0], key.split()[1],
      med("deliveries_per_s"), 100 * med("deliveries_per_s") / max(due, 1), med("p50_us") / 1000, med("p99_us") / 1000,
      med("missing"), med("errors"), "yes" if med("frozen_still_connected") == 0 else "no"))
PY
done
