#!/usr/bin/env bash
# Runs the irctest IRC server conformance suite (github.com/progval/irctest) against the chat's IRC door
# and, when ngircd is installed, against ngircd: every server module, with the markers ngircd's own CI uses
# (no services, nothing implementation-specific, deprecated or strict); then lists the tests ngircd passes
# and tcpkit does not, and back. Then, for tcpkit alone, the tests marked "services" (accounts: SASL,
# chathistory, account-tag, ...), the user file standing in for services, without the history of private
# messages (not kept by design) and without the LINKS test that expects a linked services server. Usage: bench/irctest.sh IRCTEST_CHECKOUT [RESULTS_DIR]
# Needs python3 with pytest (and pytest-xdist to run two at a time: PYTEST_JOBS=2; Python's websockets 11 or
# later on PYTHONPATH for the WebSocket module, which skips without it); build the jars first
# (./mvnw -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
irctest=${1:?usage: bench/irctest.sh IRCTEST_CHECKOUT [RESULTS_DIR]}
out=${2:-target/irctest}
mkdir -p "$out"
out=$(cd "$out" && pwd)
jar=$(pwd)/target/server.jar
cp bench/irctest/tcpkit.py "$irctest/irctest/controllers/tcpkit.py"
files=irctest/server_tests/
markers="not services and not implementation-specific and not deprecated and not strict"
jobs=()
[ -n "${PYTEST_JOBS:-}" ] && jobs=(-p xdist.plugin -n "$PYTEST_JOBS")
cd "$irctest"
# The suite names the server My.Little.Server and expects clients to start in no channel.
TCPKIT_SERVER_JAR=$jar TCPKIT_OPTIONS="--irc-name My.Little.Server --no-irc-lobby" \
  timeout 1800 python3 -m pytest -p no:cacheprovider -q "${jobs[@]}" --controller irctest.controllers.tcpkit -m "$markers" \
  --junitxml="$out/tcpkit.xml" $files > "$out/tcpkit.out" 2>&1 || true
tail -1 "$out/tcpkit.out"
accounts="services and not private_chathistory and not implementation-specific and not deprecated and not strict"
TCPKIT_SERVER_JAR=$jar TCPKIT_OPTIONS="--irc-name My.Little.Server --no-irc-lobby" \
  timeout 1800 python3 -m pytest -p no:cacheprovider -q "${jobs[@]}" --controller irctest.controllers.tcpkit \
  -m "$accounts" -k "not ServicesLinksTestCase" --junitxml="$out/tcpkit-accounts.xml" $files \
  > "$out/tcpkit-accounts.out" 2>&1 || true
tail -1 "$out/tcpkit-accounts.out"
# A few of the suite's tests end without stopping the server they started: stop what is left of this jar's.
pkill -TERM -f -- "-jar $jar chat --no-prompt" || true
if command -v ngircd >/dev/null 2>&1; then
  timeout 1800 python3 -m pytest -p no:cacheprovider -q "${jobs[@]}" --controller irctest.controllers.ngircd -m "$markers" \
    --junitxml="$out/ngircd.xml" $files > "$out/ngircd.out" 2>&1 || true
  tail -1 "$out/ngircd.out"
  # The same tests leave ngircd servers of their own running, each on a configuration in a temporary folder.
  pkill -TERM -f -- "ngircd --nodaemon --config /tmp/tmp" || true
  python3 "$OLDPWD/bench/irctest/compare.py" "$out/ngircd.xml" "$out/tcpkit.xml"
fi
