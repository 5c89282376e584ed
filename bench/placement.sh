#!/usr/bin/env bash
# Where the kernel runs an echo server's thread during echoload's 1-connection ping-pong: the share of the
# server thread's runs that happen on the CPU the generator last ran on, from perf's sched_switch events
# over SECS s, beside the rate of that run. With one connection the rate depends mostly on this share: a
# server and a generator on one CPU hand each message over without waking the other CPU.
# Also, per message, how often the server thread went to sleep (voluntary context switches) and how often it
# was preempted while it could still run (involuntary ones), from /proc over the same SECS s: a thread the
# generator preempts on their shared CPU finds the next message there when it resumes, without a wake-up.
#
#   bench/placement.sh                    # tcpkit and Netty, every JDK, 3 alternating rounds
#   ROUNDS=5 JDKS=/usr/lib/jvm/temurin-25-jdk-amd64 bench/placement.sh
#
# Needs perf (linux-perf) and the rights to record scheduler events on all CPUs (root). TOOLS, JDKS as for
# bench/echoload.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-3}
command -v perf >/dev/null || { echo "placement: perf is not installed; skipped" >&2; exit 0; }
needs_tool echoload
[ -f target/server.jar ] || ./mvnw -B -q -DskipTests package
[ -d bench/work/netty-lib ] || ./mvnw -B -q -f bench/netty/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$PWD/bench/work/netty-lib" -DincludeScope=runtime
JDKS=${JDKS:-$(default_jdks)}
scratch

switches() {  # switches PID PREFIX: "TID VOLUNTARY INVOLUNTARY" for each thread of PID named PREFIX...
  local task
  for task in /proc/"$1"/task/*; do
    case $(cat "$task/comm" 2>/dev/null) in
      "$2"*) awk -v tid="${task##*/}" '/^voluntary/ { v = $2 } /^nonvoluntary/ { n = $2 }
        END { print tid, v, n }' "$task/status" ;;
    esac
  done
}

run() {  # run SERVER JAVA_HOME: prints the share together, the rate and the switches per message
  local port thread
  port=$(free_port)
  if [ "$1" = netty ]; then
    "$2/bin/java" -Dport="$port" -cp "bench/work/netty-lib/*" io.netty.example.echo.EchoServer >/dev/null 2>&1 &
    pid=$!; thread=nioEventLoopGro
  else
    "$2/bin/java" -jar target/server.jar --no-prompt --host 127.0.0.1 --port "$port" --port-tries 1 \
      --log-level info --no-exit-line --log-file "$work/tcpkit.log" >/dev/null 2>&1 &
    pid=$!; thread=echo-conn
  fi
  wait_port "$port"
  bench/work/echoload --port="$port" --mode=pingpong --conns=1 --size=64 --secs=2 >/dev/null
  bench/work/echoload --port="$port" --mode=pingpong --conns=1 --size=64 --secs=$((SECS + 2)) >"$work/el" &
  local load=$!
  # The counts are read inside the recorded command, so both cover the same SECS s.
  perf record -q -o "$work/sched.data" -e sched:sched_switch -a -- bash -c "$(declare -f switches)
    switches $pid $thread | sort >$work/before; sleep $SECS; switches $pid $thread | sort >$work/after" 2>/dev/null
  wait "$load"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  perf script -i "$work/sched.data" -F cpu,trace 2>/dev/null | awk -v thread="$thread" '
    { cpu = $1; gsub(/[][]/, "", cpu); next_comm = $0; sub(/.*next_comm=/, "", next_comm); sub(/ .*/, "", next_comm)
      if (next_comm == "echoload") at = cpu
      if (index(next_comm, thread) == 1) { if (cpu == at) together++; else apart++ } }
    END { printf "together=%.0f%% ", 100 * together / (together + apart) }'
  grep -oE 'msgs_per_s=[0-9]+|p50_us=[0-9]+' "$work/el" | tr '\n' ' '
  # The connection's thread is the one of its name that switched most (Netty's group has several); it may
  # not have been started yet at the first look, which then counts as zero.
  join -a 2 -e 0 -o 0,1.2,1.3,2.2,2.3 "$work/before" "$work/after" | awk -v rate="$(sed -n 's/.*msgs_per_s=\([0-9]*\).*/\1/p' "$work/el")" \
    -v secs="$SECS" '{ v = $4 - $2; n = $5 - $3; if (v + n > best) { best = v + n; bv = v; bn = n } }
    END { m = rate * secs; if (m > 0) printf "sleeps_per_msg=%.2f preempted_per_msg=%.2f", bv / m, bn / m }'
  echo
}

for round in $(seq "$ROUNDS"); do
  for home in $JDKS; do
    for server in tcpkit netty; do
      echo "round $round $server-java$(java_feature "$home"): $(run "$server" "$home")"
    done
  done
done
