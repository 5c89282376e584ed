#!/usr/bin/env bash
# Chat fan-out measured with the C generator chatload (../shared/tools/chatload.c): MEMBERS members of one
# room (every one reading everything) and one more that never reads, RATE lines a second in all, SECS s a run,
# through the IRC protocol, against tcpkit's IRC door on each JDK and ngircd (when installed); then, when
# ncat is installed, through plain lines against tcpkit's line door on each JDK and `ncat --chat` (at
# LINE_RATES). Every server is started fresh for each run; a JVM is warmed up first by an uncounted run of
# WARMUP s at the same rate (it compiles its hot code in its first seconds: measured, half the server's CPU in
# a cold 5-s run), ngircd too; ncat is not (a C program with nothing to compile, and one that quits when a
# client connects while the last run's members are leaving). Servers alternate within a round, ROUNDS
# rounds; prints each run and the medians.
#
#   bench/chatload.sh                          # IRC at 1000 2000 4000 6000 8000 10000, lines at 1000 4000 8000
#   RATES="1000 8000" LINE_RATES= ROUNDS=1 bench/chatload.sh
#   OUT=results.txt bench/chatload.sh          # also keep the raw lines
#
# Rooms keep their lines: the IRC warm-up talks in #warmup, so the measured members, joining #bench, are given
# no past lines (chatload would count them as repeats and their age as latency); on the line door, whose
# members all start in #lobby, tcpkit runs with --history-on-join 0 (the lines are kept, just not given).
# HISTORY_COST=1 adds tcpkit with --history 0 on IRC, to show what keeping the history costs.
#
# JDKS: Java homes to run tcpkit on (default: the java on PATH and every JDK 21+ under /usr/lib/jvm).
# TOOLS: where chatload.c is (default ../shared/tools). JOPTS: more JVM options for tcpkit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RATES=${RATES:-"1000 2000 4000 6000 8000 10000"}
LINE_RATES=${LINE_RATES-"1000 4000 8000"}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-5}
WARMUP=${WARMUP:-3}
MEMBERS=${MEMBERS:-200}
needs_tool chatload
JDKS=${JDKS:-$(default_jdks)}
servers=()
line_servers=()
for home in $JDKS; do
  servers+=("tcpkit@$home"); line_servers+=("tcpkit_lines@$home")
  [ "${HISTORY_COST:-0}" = 1 ] && servers+=("tcpkit_nohistory@$home")
done
if command -v ngircd >/dev/null; then servers+=(ngircd); else echo "ngircd is not installed: skipped (apt-get install ngircd)" >&2; fi
if [ -z "$LINE_RATES" ]; then
  line_servers=()
elif command -v ncat >/dev/null; then
  line_servers+=(ncat)
else
  echo "ncat is not installed: the comparison on plain lines is skipped (apt-get install ncat)" >&2
  line_servers=()
fi

scratch
label() {
  case $1 in
    tcpkit@*) echo "tcpkit-java$(java_feature "${1#tcpkit@}")" ;;
    tcpkit_lines@*) echo "tcpkit-lines-java$(java_feature "${1#tcpkit_lines@}")" ;;
    tcpkit_nohistory@*) echo "tcpkit-nohistory-java$(java_feature "${1#tcpkit_nohistory@}")" ;;
    *) echo "$1" ;;
  esac
}
proto() { case $1 in tcpkit_lines@*) echo tcpkit ;; ncat) echo lines ;; *) echo irc ;; esac; }

start() {  # start SERVER PORT IRC_PORT: chatload's port is PORT; IRC_PORT answers IRC (the same port, but for
           # tcpkit's line door, whose server also opens its IRC door there to say when nicknames are free)
  case $1 in
    tcpkit@*|tcpkit_lines@*|tcpkit_nohistory@*)
      local home=${1#*@} ports=(--port 0 --irc-port "$2") history=()
      [ "$2" != "$3" ] && ports=(--port "$2" --irc-port "$3")
      case $1 in tcpkit_lines@*) history=(--history-on-join 0) ;; tcpkit_nohistory@*) history=(--history 0) ;; esac
      "$home/bin/java" ${JOPTS:-} -jar target/server.jar chat --no-prompt --host 127.0.0.1 "${ports[@]}" \
        --flood-rate 100000 --flood-burst 100000 --max-per-address 0 --log-level info "${history[@]}" \
        --log-file "$work/tcpkit.log" >/dev/null 2>&1 &
      pid=$! ;;
    ngircd)
      { ngircd_conf "$2"; printf '[Channel]\n    Name = #bench\n    Modes = +P\n'; } > "$work/ngircd.conf"
      ngircd --nodaemon --config "$work/ngircd.conf" >/dev/null 2>&1 &
      pid=$! ;;
    ncat)
      # ncat --chat accepts 100 clients unless told more; without SIGPIPE ignored a member gone kills it.
      (trap '' PIPE; exec ncat --chat --listen 127.0.0.1 "$2" --max-conns $((MEMBERS + 10)) >/dev/null 2>&1) &
      pid=$! ;;
  esac
  wait_port "$2"
  [ "$2" = "$3" ] || wait_port "$3"
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }

declare -A runs
measure() {  # measure ROUND SERVER RATE: one fresh server, warmed up (but ncat), one measured run
  local port irc_port line name
  port=$(free_port); irc_port=$port
  case $2 in tcpkit_lines@*) irc_port=$(free_port) ;; esac
  start "$2" "$port" "$irc_port"
  if [ "$WARMUP" != 0 ] && [ "$2" != ncat ]; then
    (trap '' PIPE; bench/work/chatload --proto="$(proto "$2")" --port="$port" --members="$MEMBERS" --frozen=1 \
      --rate="$3" --secs="$WARMUP" --room='#warmup' >/dev/null 2>&1 || true)
    wait_nicks_free "$irc_port" $((MEMBERS + 1)) || echo "the warm-up's members are still there" >&2
  fi
  # chatload writes to members a server may have dropped: ignore SIGPIPE so it reports instead of dying.
  line=$(trap '' PIPE; bench/work/chatload --proto="$(proto "$2")" --port="$port" --members="$MEMBERS" --frozen=1 \
    --rate="$3" --secs="$SECS" || true)
  stop
  name=$(label "$2")
  echo "round $1 $name rate $3: $line"
  [ -n "${OUT:-}" ] && echo "round=$1 server=$name $line" >> "$OUT"
  runs["$name $3"]+="$line|"
}

for round in $(seq "$ROUNDS"); do
  for part in irc lines; do
    if [ $part = irc ]; then list=("${servers[@]}"); rates=$RATES; else list=("${line_servers[@]}"); rates=$LINE_RATES; fi
    [ ${#list[@]} = 0 ] && continue
    order=("${list[@]}"); [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${list[@]}" | tac))
    for rate in $rates; do
      for server in "${order[@]}"; do measure "$round" "$server" "$rate"; done
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
