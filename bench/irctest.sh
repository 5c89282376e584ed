#!/usr/bin/env bash
# Runs the irctest IRC server conformance suite (github.com/progval/irctest) against the chat's IRC door
# and, when ngircd is installed, against ngircd, on the modules a small server serves; then lists the
# tests ngircd passes and tcpkit does not. Usage: bench/irctest.sh IRCTEST_CHECKOUT [RESULTS_DIR]
# Needs python3 with pytest; build the jars first (./mvnw -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
irctest=${1:?usage: bench/irctest.sh IRCTEST_CHECKOUT [RESULTS_DIR]}
out=${2:-target/irctest}
mkdir -p "$out"
out=$(cd "$out" && pwd)
jar=$(pwd)/target/server.jar
cp bench/irctest/tcpkit.py "$irctest/irctest/controllers/tcpkit.py"
modules="connection_registration pingpong cap join part names quit who messages isupport"
files=$(for m in $modules; do printf 'irctest/server_tests/%s.py ' "$m"; done)
markers="not services and not implementation-specific and not deprecated and not strict"
cd "$irctest"
# The suite names the server My.Little.Server and expects clients to start in no channel.
TCPKIT_SERVER_JAR=$jar TCPKIT_OPTIONS="--irc-name My.Little.Server --no-irc-lobby" \
  timeout 900 python3 -m pytest -p no:cacheprovider -q --controller irctest.controllers.tcpkit -m "$markers" \
  --junitxml="$out/tcpkit.xml" $files > "$out/tcpkit.out" 2>&1 || true
tail -1 "$out/tcpkit.out"
if command -v ngircd >/dev/null 2>&1; then
  timeout 1200 python3 -m pytest -p no:cacheprovider -q --controller irctest.controllers.ngircd -m "$markers" \
    --junitxml="$out/ngircd.xml" $files > "$out/ngircd.out" 2>&1 || true
  tail -1 "$out/ngircd.out"
  python3 "$OLDPWD/bench/irctest/compare.py" "$out/ngircd.xml" "$out/tcpkit.xml"
fi
