#!/usr/bin/env bash
# Echo measured with the C generator echoload (../shared/tools/echoload.c) against tcpkit's echo server and
# Netty's EchoServer example, each on every JDK. Every server is started fresh for each run and warmed up first
# by an uncounted run of the same workload for WARMUP s (default 2; not for hold, whose memory is measured), so
# the figures are those of a server that has compiled its hot code; servers alternate within a round, ROUNDS
# rounds; prints each run and the medians with the ratio tcpkit/Netty per JDK.
#
#   bench/echoload.sh                              # every workload, 3 rounds
#   WORKLOADS="pp64-c1 bulk-c4" ROUNDS=1 bench/echoload.sh
#   OUT=results.txt bench/echoload.sh              # also keep the raw lines
#
# Workloads: pp64-c1, pp64-c100 (ping-pong, 64-byte lines), pp4k-c16 (4 KiB messages), bulk-c4 (4 connections,
# 256 KiB in flight each), hold (HOLD connections opened, then each echoed once); pp64-c1-apart and
# pp64-c1-together are pp64-c1 with the generator on CPU 0 and the server on the other CPUs, or on CPU 0 too
# (taskset): one connection's rate depends on whether the kernel runs the two on one CPU, so these show each
# server with that fixed.
# tcpkit runs as plain RFC 862 (--no-exit-line), as Netty's EchoServer is; in the EXIT_LINE workloads (default
# bulk-c4) it also runs with the line exit ending sessions, its default, as tcpkit_exit.
# JDKS: Java homes (default: the java on PATH and every JDK 21+ under /usr/lib/jvm). TOOLS: where echoload.c is.
# TCPKIT_OPTS: server.jar options (default --log-level info --chunk-size 65536). JOPTS: more JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
WORKLOADS=${WORKLOADS:-"pp64-c1 pp64-c1-apart pp64-c1-together pp64-c100 pp4k-c16 bulk-c4 hold"}
EXIT_LINE=${EXIT_LINE:-"bulk-c4"}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-5}
WARMUP=${WARMUP:-2}
HOLD=${HOLD:-15000}
TCPKIT_OPTS=${TCPKIT_OPTS:-"--log-level info --chunk-size 65536"}
needs_tool echoload
if [ ! -d bench/work/netty-lib ]; then
  ./mvnw -B -q -f bench/netty/pom.xml dependency:copy-dependencies \
      -DoutputDirectory="$PWD/bench/work/netty-lib" -DincludeScope=runtime
fi
JDKS=${JDKS:-$(default_jdks)}
servers=()
for home in $JDKS; do servers+=("tcpkit@$home" "netty@$home" "tcpkit_exit@$home"); done
CPUS=$(nproc)

scratch
label() { echo "${1%@*}-java$(java_feature "${1#*@}")"; }

args() {  # the echoload arguments of workload $1
  case $1 in
    pp64-c1|pp64-c1-apart|pp64-c1-together) echo "--mode=pingpong --conns=1 --size=64 --secs=$SECS" ;;
    pp64-c100) echo "--mode=pingpong --conns=100 --size=64 --secs=$SECS" ;;
    pp4k-c16) echo "--mode=pingpong --conns=16 --size=4096 --secs=$SECS" ;;
    bulk-c4) echo "--mode=bulk --conns=4 --size=4096 --window=262144 --secs=$SECS" ;;
    hold) echo "--mode=hold --conns=$HOLD" ;;
    *) echo "unknown workload $1" >&2; exit 2 ;;
  esac
}

pinned() {  # pinned WORKLOAD ROLE: the taskset prefix of the server or the generator in workload $1, if any
  case $1-$2 in
    *-apart-server) echo "taskset -c 1-$((CPUS - 1))" ;;
    *-apart-generator|*-together-*) echo "taskset -c 0" ;;
  esac
}

start() {  # start SERVER PORT WORKLOAD
  local home=${1#*@} exit_line=--no-exit-line
  # shellcheck disable=SC2046
  case $1 in
    tcpkit@*|tcpkit_exit@*)
      [ "${1%@*}" = tcpkit_exit ] && exit_line=
      # shellcheck disable=SC2086
      $(pinned "$3" server) "$home/bin/java" ${JOPTS:-} -jar target/server.jar --no-prompt --host 127.0.0.1 \
        --port "$2" --port-tries 1 --max-connections 20000 --max-per-address 0 $TCPKIT_OPTS $exit_line \
        --log-file "$work/tcpkit.log" >/dev/null 2>&1 &
      pid=$! ;;
    netty@*)
      $(pinned "$3" server) "$home/bin/java" -Dport="$2" -cp "bench/work/netty-lib/*" \
        io.netty.example.echo.EchoServer >/dev/null 2>&1 &
      pid=$! ;;
  esac
  wait_port "$2"
}
stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }
rss_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }

declare -A runs
for round in $(seq "$ROUNDS"); do
  order=("${servers[@]}"); [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${servers[@]}" | tac))
  for workload in $WORKLOADS; do
    for server in "${order[@]}"; do
      case " $EXIT_LINE " in *" $workload "*) ;; *) [ "${server%@*}" = tcpkit_exit ] && continue ;; esac
      case $workload in *-apart|*-together) [ "$CPUS" -lt 2 ] && continue ;; esac
      port=$(free_port); start "$server" "$port" "$workload"
      generator="$(pinned "$workload" generator) bench/work/echoload"
      if [ "$workload" != hold ] && [ "$WARMUP" != 0 ]; then
        # shellcheck disable=SC2046
        (SECS=$WARMUP; $generator --port="$port" $(args "$workload") >/dev/null 2>&1 || true)
      fi
      # shellcheck disable=SC2046
      line=$(ulimit -n 65536 2>/dev/null; $generator --port="$port" $(args "$workload") || true)
      line="$line peak_rss_mb=$(rss_mb)"
      stop
      name=$(label "$server")
      echo "round $round $name $workload: $line"
      [ -n "${OUT:-}" ] && echo "round=$round server=$name workload=$workload $line" >> "$OUT"
      runs["$name $workload"]+="$line|"
    done
  done
done
echo
echo "medians of $ROUNDS rounds: workload, server, msg/s, MB/s, p50 us, p99 us, errors (hold: echoed, seconds, peak RSS MB), ratio to Netty on the same JDK"
python3 - "$(for k in "${!runs[@]}"; do printf '%s=%s\n' "$k" "${runs[$k]}"; done)" <<'PY'
import statistics, sys
table = {}
for entry in filter(None, sys.argv[1].split("\n")):
    key, raw = entry.split("=", 1)
    server, workload = key.split()
    rows = [dict(f.split("=", 1) for f in run.split() if "=" in f) for run in filter(None, raw.split("|"))]
    med = lambda k, rows=rows: statistics.median(float(r.get(k, 0)) for r in rows)
    table[(workload, server)] = med
for (workload, server), med in sorted(table.items()):
    peer = table.get((workload, "netty-" + server.split("-", 1)[1]))
    if workload == "hold":
        ratio = "" if not peer or server.startswith("netty") else "time %.2fx" % (med("secs") / max(peer("secs"), 1e-9))
        print("%-9s %-14s echoed %6.0f  %6.2f s  %5.0f MB  errors %.0f  %s" % (workload, server, med("echoed"), med("secs"), med("peak_rss_mb"), med("errors"), ratio))
    else:
        ratio = "" if not peer or server.startswith("netty") else "%.2f" % (med("msgs_per_s") / max(peer("msgs_per_s"), 1e-9))
        print("%-9s %-14s %9.0f msg/s  %7.1f MB/s  p50 %6.0f  p99 %6.0f  errors %.0f  %s" % (workload, server, med("msgs_per_s"), med("MB_per_s"), med("p50_us"), med("p99_us"), med("errors"), ratio))
PY
