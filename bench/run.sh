#!/usr/bin/env bash
# Benchmarks tcpkit beside Netty (echo), ngircd and ncat --chat (chat) and writes docs/BENCHMARKS.md with its charts
# (docs/benchmarks.png, docs/generators.png) and raw runs (docs/benchmarks.csv, docs/echoload.txt,
# docs/chatload.txt).
#
#   bench/run.sh                  # everything on every JDK, 3 rounds (about an hour on 2 cores)
#   BENCH_OUT=/tmp/bench ROUNDS=1 DURATION=2 SECS=2 bench/run.sh   # a quick look, leaving docs/ alone
#
# Three parts: bench/echoload.sh and bench/chatload.sh (the C generators in ../shared/tools, or TOOLS), then
# the client.jar bench scenarios and the report (bench/src). ngircd and ncat are used when installed, and
# skipped with a note when not. JDKS lists the Java homes to run on (default: the java on PATH, and every JDK 21+ under
# /usr/lib/jvm). REUSE_GENERATORS=1 keeps the generators' runs from the last time (bench/work/*load.txt) and
# runs only the client.jar bench part.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -DskipTests package
mkdir -p bench/work
rm -rf bench/work/netty-lib bench/work/classes bench/work/echoload bench/work/chatload
./mvnw -B -q -f bench/netty/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$PWD/bench/work/netty-lib" -DincludeScope=runtime
javac -d bench/work/classes bench/src/tcpkitbench/*.java

. bench/lib.sh
JDKS=${JDKS:-$(default_jdks)}
export JDKS
if [ "${1:-}" != "--render" ] && [ "${REUSE_GENERATORS:-0}" != 1 ]; then
  rm -f bench/work/echoload.txt bench/work/chatload.txt
  OUT=bench/work/echoload.txt bench/echoload.sh
  OUT=bench/work/chatload.txt bench/chatload.sh
fi
exec java -cp bench/work/classes tcpkitbench.Bench "$@"
