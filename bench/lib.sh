# Shared by the bench scripts (sourced, not run): free ports, JDKs to run on, ngircd's configuration, and the
# summary of client.jar bench runs.

# Builds bench/work/$1 from $TOOLS/$1.c (the C generators) and target/server.jar, when missing.
needs_tool() {
  mkdir -p bench/work
  [ -x "bench/work/$1" ] || gcc -O2 -o "bench/work/$1" "${TOOLS:-../shared/tools}/$1.c"
  [ -f target/server.jar ] || ./mvnw -B -q -DskipTests package
}

# The Java feature version of the JDK at $1 (17, 25, ...).
java_feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# A scratch folder in $work for one script's servers; on exit the server in $pid is stopped and the folder
# removed (copied to KEEP_LOGS first when that is set).
scratch() {
  work=$(mktemp -d)
  pid=
  trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi; if [ -n "${KEEP_LOGS:-}" ]; then cp -r "$work" "$KEEP_LOGS"; fi; rm -rf "$work"' EXIT
}

# A free loopback port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits (up to 10 s) until something listens on loopback port $1.
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

# Waits (up to 20 s) until the IRC server on loopback port $1 has let go of chatload's nicknames m00000 to
# m(N-1), N = $2: a server may close a socket before it has let its member go, and a nickname still held
# would fail the next run's member.
wait_nicks_free() {
  python3 - "$1" "$2" <<'PY'
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + 20
s = socket.create_connection(("127.0.0.1", port), timeout=5)
f = s.makefile("rwb")
def send(line):
    f.write(line.encode() + b"\r\n"); f.flush()
def answer(codes):
    while True:
        line = f.readline().decode(errors="replace")
        if not line:
            sys.exit("the server closed the connection")
        if line.startswith("PING"):
            send("PONG" + line[4:].rstrip())
        parts = line.split()
        if len(parts) > 1 and parts[1] in codes:
            return parts[1]
send("NICK waitfree"); send("USER waitfree 0 * :bench")
answer({"001"})
for i in range(count):
    nick = "m%05d" % i
    while True:
        send("NICK " + nick)
        if answer({"NICK", "433"}) == "NICK":
            break
        if time.monotonic() > deadline:
            sys.exit("nickname %s still in use" % nick)
        time.sleep(0.05)
send("QUIT")
PY
}

# The Java homes to run on: the java on PATH, and every JDK 21 or later under /usr/lib/jvm.
default_jdks() {
  local jdks home feature
  jdks="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    feature=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    case "$feature" in ''|1.*|17|18|19|20) ;; *) jdks="$jdks $home" ;; esac
  done
  echo "$jdks"
}

# ngircd's configuration for a load test on loopback port $1: no connection limits, penalties off
# (MaxPenaltyTime = 0), no DNS or ident look-ups.
ngircd_conf() {
  printf '[Global]\n    Name = bench.local\n    Info = bench\n    Listen = 127.0.0.1\n    Ports = %s\n' "$1"
  printf '[Limits]\n    MaxConnections = 0\n    MaxConnectionsIP = 0\n    MaxJoins = 0\n    MaxNickLength = 16\n'
  printf '    MaxPenaltyTime = 0\n    PingTimeout = 300\n[Options]\n    DNS = no\n    Ident = no\n    PAM = no\n'
}

# The figures of one `client.jar bench --json` result ($1): "deliveries/s p50_us p99_us errors", or
# "0 0 0 -1" when the run gave none.
bench_figures() {
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); l=r["latencyMicros"]; print("%.0f %.0f %.0f %d" % (r["messagesPerSecond"], l["p50"], l["p99"], r["errors"]))' "$1" 2>/dev/null || echo "0 0 0 -1"
}

# One line of medians for label $1 over the runs in $2 (bench_figures lines, each ended by ";").
bench_medians() {
  python3 - "$1" "$2" <<'PY'
import statistics, sys
rows = [list(map(float, r.split())) for r in sys.argv[2].split(";") if r]
med = [statistics.median(c) for c in zip(*rows)]
print("median %s: %.0f deliveries/s, p50 %.0f us, p99 %.0f us, errors %d" % (sys.argv[1], med[0], med[1], med[2], max(r[3] for r in rows)))
PY
}
