#!/usr/bin/env bash
# Benchmarks tcpkit's echo server side by side with Netty's EchoServer example, and its chat server, and writes
# docs/BENCHMARKS.md, docs/benchmarks.png and docs/benchmarks.csv.
#
#   bench/run.sh                  # every scenario on every JDK, 3 rounds (about 30 minutes on 2 cores)
#   BENCH_OUT=/tmp/bench ROUNDS=1 DURATION=2 bench/run.sh   # a quick look, leaving docs/ alone
#
# JDKS lists the Java homes to run on (default: the java on PATH, and every JDK 21+ under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -DskipTests package
mkdir -p bench/work
rm -rf bench/work/netty-lib
./mvnw -B -q -f bench/netty/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$PWD/bench/work/netty-lib" -DincludeScope=runtime

if [ -z "${JDKS:-}" ]; then
  JDKS="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    feature=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    case "$feature" in ''|1.*|17|18|19|20) ;; *) JDKS="$JDKS $home" ;; esac
  done
fi
export JDKS
exec java bench/Bench.java "$@"
