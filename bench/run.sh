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

. bench/lib.sh
JDKS=${JDKS:-$(default_jdks)}
export JDKS
exec java bench/Bench.java "$@"
