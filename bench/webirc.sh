#!/usr/bin/env bash
# Checks that a web IRC client's library talks to the chat's web door as it talks to ergo's: irc-framework
# (the library under Kiwi IRC, pinned below, from npm into bench/work/webirc) connects over WebSocket in Node
# and converses with a line-protocol member (bench/webirc/check.js). Needs node 20.10 or later and npm; build
# the jars first (./mvnw -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.14.0
work=bench/work/webirc
if [ ! -f "$work/node_modules/irc-framework/package.json" ]; then
  mkdir -p "$work"
  npm install --silent --no-audit --no-fund --prefix "$work" "irc-framework@$version" >/dev/null
fi
flags=()
# Node 22 has WebSocket built in; 20.10 and 21 behind a flag.
node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' || flags=(--experimental-websocket)
out=$(mktemp -d)
java -jar target/server.jar chat --no-prompt --host 127.0.0.1 --port 0 --web-port 0 --log-file "$out/server.log" \
  > "$out/console.txt" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do
  grep -q "web page on" "$out/console.txt" && break
  sleep 0.1
done
ready=$(head -1 "$out/console.txt")
line_port=$(sed -n 's/^Chat server listening on [^ ]*:\([0-9]*\) .*/\1/p' <<< "$ready")
web_port=$(sed -n 's/.* and the web page on [^ ]*:\([0-9]*\);.*/\1/p' <<< "$ready")
[ -n "$web_port" ] || { echo "the server did not start: $(cat "$out/console.txt")"; exit 1; }
echo "irc-framework $version, node $(node --version), server: $ready"
NODE_PATH="$PWD/$work/node_modules" timeout 30 node "${flags[@]}" bench/webirc/check.js "$web_port" "$line_port"
