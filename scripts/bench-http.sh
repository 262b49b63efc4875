#!/usr/bin/env bash
# HTTP benchmark (issues 6 and 13): with 10,000 drafts in a workspace, the dashboard inbox page
# (plain, searched, filtered) and GET /v1/drafts at 50 concurrent connections (wrk from Debian's packages), on SQLite and, when
# REPLYWRIGHT_BENCH_POSTGRES_URL is set, on PostgreSQL. Prints p50/p95/p99 and requests/s.
#
#   swift build -c release --product replywright && swift build -c release --product replywright-bench
#   scripts/bench-http.sh [DRAFTS=10000] [SECONDS=15]
#
# Each URL runs twice: saturated (every connection sends its next request as soon as the last is
# answered: the latency is then 50 / rate, a throughput figure) and paced (every connection waits
# on average PACE_MS, default 100, between an answer and its next request: 50 setters each loading
# a page ten times a second, far more than people click, with the latency of the page itself).
set -euo pipefail
cd "$(dirname "$0")/.."
DRAFTS="${1:-10000}"
SECONDS_RUN="${2:-15}"
PACE_MS="${PACE_MS:-100}"
BIN=.build/release
PORT=18481
LUA="$(mktemp /tmp/rw-wrk.XXXXXX.lua)"
cat >"$LUA" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  %.0f req/s  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
LUA
PACED_LUA="$(mktemp /tmp/rw-wrk-paced.XXXXXX.lua)"
# Think times drawn from an exponential distribution (mean PACE_MS), as independent people
# click: a fixed delay keeps the 50 connections in step, and they arrive as one burst of 50.
{ echo "delay = function() return -$PACE_MS * math.log(1 - math.random()) end"; cat "$LUA"; } >"$PACED_LUA"

# CPU time of a process in clock ticks (utime + stime), and of every local PostgreSQL process.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
    local total=0 pid
    for pid in $(pgrep -x postgres || true); do total=$((total + $(ticks "$pid"))); done
    echo "$total"
}
# The machine's total and stolen ticks (a VM's neighbours): /proc/stat's first line.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9}' /proc/stat; }

# One wrk run of `$SECONDS_RUN` s on URL (with one header): latency and rate, then what each
# request cost in CPU (this server's, local PostgreSQL's) and how much of the machine a VM's
# neighbours took meanwhile. Latency under a closed loop of 50 connections is 50 / rate, and the
# rate is bounded by the CPU per request, so the CPU line says why a p95 is what it is even on a
# noisy machine where the latency line alone would not.
measure() {
    local header="$1" url="$2" hz s0 p0 m0 s1 p1 m1 out requests
    hz="$(getconf CLK_TCK)"
    s0="$(ticks "$SERVER")"
    p0="$(postgres_ticks)"
    m0="$(machine_ticks)"
    out="$(wrk -t2 -c50 -d"${SECONDS_RUN}s" -s "$LUA" -H "$header" "$url")"
    s1="$(ticks "$SERVER")"
    p1="$(postgres_ticks)"
    m1="$(machine_ticks)"
    printf '%s\n' "$out" | tail -1
    printf '  paced (%s ms between requests on average):%s\n' "$PACE_MS" \
        "$(wrk -t2 -c50 -d"${SECONDS_RUN}s" -s "$PACED_LUA" -H "$header" "$url" | tail -1 | sed 's/^ *p50/ p50/')"
    requests="$(printf '%s\n' "$out" | awk '/requests in/ {print $1}')"
    python3 -c '
import sys
hz, n, s, p = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
total, steal = (int(b) - int(a) for a, b in zip(sys.argv[5].split(), sys.argv[6].split()))
per = lambda t: 1000 * t / hz / max(n, 1)
print(f"  CPU per request: server {per(s):.2f} ms, PostgreSQL {per(p):.2f} ms;"
      f" stolen by the VM host: {100 * steal / max(total, 1):.0f} % of the machine")
' "$hz" "$requests" "$((s1 - s0))" "$((p1 - p0))" "$m0" "$m1"
}

run_engine() {
    local name="$1" url="$2"
    echo "== $name: seeding $DRAFTS drafts"
    local seed
    seed="$("$BIN/replywright-bench" seed-drafts --database "$url" --drafts "$DRAFTS")"
    echo "   $seed"
    # Fresh tables have no planner statistics yet; a live install's do (autovacuum). Measure that.
    case "$url" in postgres*) psql -q "$url" -c "VACUUM ANALYZE" ;; esac
    local key email password
    key="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["apiKey"])' "$seed")"
    email="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["email"])' "$seed")"
    password="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["password"])' "$seed")"
    if curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1; then
        echo "bench-http: something already listens on port $PORT (a server left from an earlier run?); stop it first" >&2
        exit 1
    fi
    REPLYWRIGHT_RATE_LIMIT_KEY=off REPLYWRIGHT_RATE_LIMIT_IP=off REPLYWRIGHT_RATE_LIMIT_USER=off REPLYWRIGHT_LOG_LEVEL=warning \
        "$BIN/replywright" serve --database "$url" --port "$PORT" --no-workers >/tmp/rw-bench-serve.log 2>&1 &
    SERVER=$!
    local server=$SERVER
    trap 'kill $server 2>/dev/null || true' RETURN
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 0.1; done
    # Log in like a browser: the login form's CSRF cookie and field, then the session cookie.
    local jar page csrf cookie
    jar="$(mktemp)"
    page="$(curl -s -c "$jar" "http://127.0.0.1:$PORT/login")"
    csrf="$(printf '%s' "$page" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)"
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "password=$password" --data-urlencode "next=/drafts" "http://127.0.0.1:$PORT/login"
    cookie="$(awk '$6 == "rw_session" {print $7}' "$jar")"
    # Measure real pages only: the API and the inbox must answer 200 with this key and session.
    local api_status page_status
    api_status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "http://127.0.0.1:$PORT/v1/drafts")"
    page_status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: rw_session=$cookie" "http://127.0.0.1:$PORT/drafts")"
    if [ "$api_status" != 200 ] || [ "$page_status" != 200 ]; then
        echo "bench-http: /v1/drafts answered $api_status and /drafts $page_status, not 200" >&2
        exit 1
    fi
    # ... and the search must find its drafts: a search that matched nothing (the form's `+` for
    # a space read as a plus) once measured an empty page and looked fast.
    local found
    found="$(curl -s -H "Cookie: rw_session=$cookie" "http://127.0.0.1:$PORT/drafts?q=lead+99" | grep -c '<tr data-href' || true)"
    if [ "$found" -lt 50 ]; then
        echo "bench-http: /drafts?q=lead+99 shows $found drafts, not a full page of 50" >&2
        exit 1
    fi
    echo "-- GET /v1/drafts (50 newest), 50 connections, ${SECONDS_RUN}s"
    measure "Authorization: Bearer $key" "http://127.0.0.1:$PORT/v1/drafts"
    echo "-- GET /drafts (inbox page, 50 per page, longest waiting first), 50 connections, ${SECONDS_RUN}s"
    measure "Cookie: rw_session=$cookie" "http://127.0.0.1:$PORT/drafts"
    # A search scans every waiting draft's lead and message (about 110 of 10,000 match "lead 99").
    echo "-- GET /drafts?q=lead+99 (search over name, email, company and message), 50 connections, ${SECONDS_RUN}s"
    measure "Cookie: rw_session=$cookie" "http://127.0.0.1:$PORT/drafts?q=lead+99"
    echo "-- GET /drafts?intent=wants_times&channel=email&order=newest (filters), 50 connections, ${SECONDS_RUN}s"
    measure "Cookie: rw_session=$cookie" "http://127.0.0.1:$PORT/drafts?intent=wants_times&channel=email&order=newest"
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -f "$jar"
}

SERVER=""
# Whatever happens (a failed check, Ctrl-C), no server is left behind holding the port.
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi; rm -f "$LUA" "$PACED_LUA"' EXIT
DB=/tmp/replywright-bench-http.sqlite
rm -f "$DB" "$DB-wal" "$DB-shm"
run_engine "SQLite" "sqlite:$DB"
if [ -n "${REPLYWRIGHT_BENCH_POSTGRES_URL:-}" ]; then
    run_engine "PostgreSQL" "$REPLYWRIGHT_BENCH_POSTGRES_URL"
fi
rm -f "$LUA" "$PACED_LUA"
