#!/usr/bin/env python3
"""LLM fault storm, on loopback: the numbers in docs/reliability.md.

    python3 scripts/scenario-llm-faults.py [--drafts 300] [--fault-rate 0.3] [--rate 4] [--burst 15] \
        [--binary .build/debug/replywright]

Runs a fake OpenAI-compatible server (chat completions, the real wire format) that answers each
call validly for the JSON schema it asks for, except a share (--fault-rate) of calls chosen at
random (seeded) that get one of: 429 with `Retry-After: 1`, 429 without it, 500, 503, a hang
past the draft's deadline, output cut off at the token limit, JSON that breaks the schema, or a
body that is not JSON. For --burst seconds, every call fails with 503 (a provider
outage, --burst-at of the way in): that is what opens the breaker; the rest of the sending lets
it recover (its open time is 30 s). `replywright serve` (SQLite, model `fake-model`) gets
--drafts inbound webhooks at --rate per second; the script polls `/metrics` for the breaker's
state, waits for the queue to drain, and prints: drafts completed, by tier; jobs dead; the
breaker's transitions; the model calls by outcome; draft latency (message stored → draft
written) p50/p95/max against the 30 s drafting budget. Exits 1 when a draft is missing or a
job died. Bounded: 10 minutes at most.
"""
import argparse
import json
import random
import re
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scenario_support import BINARY, call, fresh_workspace, sqlite_scratch, start_serve
DEADLINE = time.monotonic() + 10 * 60
FAULTS = ["429-retry-after", "429", "500", "503", "hang", "truncated", "schema-invalid", "not-json"]


def instance(schema, name=""):
    """A small value that satisfies `schema` (the subset of JSON Schema the product sends)."""
    kind = schema.get("type")
    if "enum" in schema:
        preferred = {"intent": "wants_times", "sentiment": "positive", "verdict": "approve", "category": "preference"}
        return preferred.get(name) if preferred.get(name) in schema["enum"] else schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {key: instance(props[key], key) for key in schema.get("required", list(props))}
    if kind == "array":
        if name in ("points", "questions_to_answer"):
            return ["offer two times next week"]
        return []
    if kind == "number":
        return min(schema.get("maximum", 1), max(schema.get("minimum", 0), 0.9))
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    texts = {"call_to_action": "pick one of two times", "tone": "warm and brief", "revised_body": "", "quote": "next week works"}
    return texts.get(name, "ok")


REPLY = ("Hi there,\n\nThanks for getting back to me. Tuesday at 10:00 or Wednesday at 14:00 both work on our side, "
         "and the call takes twenty minutes.\n\nWhich suits you?\n\nBest,\nSam")


class Fake:
    def __init__(self, fault_rate, seed):
        self.fault_rate, self.random, self.lock = fault_rate, random.Random(seed), threading.Lock()
        self.outage_until = 0.0
        self.counts = {}

    def pick(self):
        with self.lock:
            if time.monotonic() < self.outage_until:
                fault = "outage-503"
            elif self.random.random() < self.fault_rate:
                fault = self.random.choice(FAULTS)
            else:
                fault = "ok"
            self.counts[fault] = self.counts.get(fault, 0) + 1
            return fault


def handler_for(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body, headers=()):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            try:
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a hang past its deadline): as a real provider sees it

        def do_GET(self):
            self.send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

        def do_POST(self):
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            error = lambda status, message: {"error": {"message": message, "type": "server_error", "code": str(status)}}
            fault = fake.pick()
            if fault in ("outage-503", "503"):
                return self.send(503, error(503, "overloaded"))
            if fault == "429-retry-after":
                return self.send(429, error(429, "rate limited"), [("Retry-After", "1")])
            if fault == "429":
                return self.send(429, error(429, "rate limited"))
            if fault == "500":
                return self.send(500, error(500, "internal"))
            if fault == "hang":
                time.sleep(45)
                return self.send(503, error(503, "too late"))
            if fault == "not-json":
                return self.send(200, "<html>bad gateway</html>")
            schema = ((request.get("response_format") or {}).get("json_schema") or {}).get("schema")
            content = json.dumps(instance(schema)) if schema else REPLY
            finish = "stop"
            if fault == "truncated":
                content, finish = content[: len(content) // 2], "length"
            elif fault == "schema-invalid":
                content = json.dumps({"unexpected": 1}) if schema else ""
            self.send(200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": request.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
                "usage": {"prompt_tokens": 200, "completion_tokens": 60, "total_tokens": 260},
            })

    return Handler


def breaker_state(base):
    status, body = call(base + "/metrics", timeout=5)
    if status != 200:
        return None, {}
    text = body.decode()
    open_now = any(float(v) == 1 for v in re.findall(r'^replywright_llm_breaker_open\{[^}]*\} (\S+)$', text, re.M))
    transitions = {}
    for to, value in re.findall(r'^replywright_llm_breaker_transitions_total\{[^}]*to="(\w+)"[^}]*\} (\S+)$', text, re.M):
        transitions[to] = transitions.get(to, 0) + int(float(value))
    return open_now, transitions


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))] if values else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=300)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--rate", type=float, default=4, help="webhooks per second")
    parser.add_argument("--burst", type=float, default=15, help="seconds of a full provider outage (0: none)")
    parser.add_argument("--burst-at", type=float, default=0.25, help="when the outage starts, as a share of the sending time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8, help="serve's job slots (its default is 8)")
    parser.add_argument("--binary", default=BINARY)
    args = parser.parse_args()

    fake = Fake(args.fault_rate, args.seed)
    llm = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    llm.daemon_threads = True
    threading.Thread(target=llm.serve_forever, daemon=True).start()

    scratch, path, database = sqlite_scratch("rw-llm-faults-")
    _, key = fresh_workspace(args.binary, database, "Storm")
    serve, base = start_serve(
        args.binary, database, scratch, "--concurrency", str(args.concurrency),
        env={"REPLYWRIGHT_LLM_BASE_URL": f"http://127.0.0.1:{llm.server_address[1]}/v1", "REPLYWRIGHT_LLM_API": "chat",
             "REPLYWRIGHT_MODEL": "fake-model", "OPENAI_API_KEY": "sk-fake"})

    seen_open = False
    transitions = {}
    accepted = 0
    started = time.monotonic()
    burst_at = started + args.drafts / args.rate * args.burst_at
    for index in range(args.drafts):
        if args.burst > 0 and fake.outage_until == 0 and time.monotonic() >= burst_at:
            fake.outage_until = time.monotonic() + args.burst
        body = json.dumps({"lead": {"email": f"lead{index}@example.com", "firstName": f"Lead{index}"},
                           "message": {"id": f"m-{index}", "channel": "email",
                                       "body": "Sounds interesting. Could you send me a couple of times next week?",
                                       "occurredAt": "2026-12-01T10:00:00Z"}}).encode()
        accepted += call(base + "/v1/webhooks/inbound", key, body)[0] == 202
        if index % 10 == 0:
            open_now, transitions = breaker_state(base)
            seen_open = seen_open or bool(open_now)
        time.sleep(max(0, started + (index + 1) / args.rate - time.monotonic()))

    def counts():
        with sqlite3.connect(path, timeout=30) as db:
            one = lambda q: db.execute(q).fetchone()[0]
            return {
                "jobs": one("SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply'"),
                "done": one("SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply' AND state IN ('succeeded', 'dead')"),
                "dead": one("SELECT COUNT(*) FROM jobs WHERE state = 'dead'"),
            }

    result = counts()
    while result["done"] < result["jobs"] and time.monotonic() < DEADLINE:
        time.sleep(1)
        open_now, transitions = breaker_state(base)
        seen_open = seen_open or bool(open_now)
        result = counts()
    # The breaker recovers once calls succeed again: a few more seconds of metrics.
    recovered_until = time.monotonic() + 40
    while transitions.get("closed", 0) == 0 and seen_open and time.monotonic() < min(recovered_until, DEADLINE):
        time.sleep(1)
        open_now, transitions = breaker_state(base)
    final_open, transitions = breaker_state(base)
    serve.terminate()
    serve.wait(timeout=30)

    with sqlite3.connect(path) as db:
        drafts = dict(db.execute("SELECT source, COUNT(*) FROM drafts GROUP BY source").fetchall())
        latencies = [row[0] for row in db.execute(
            "SELECT d.created_at - m.created_at FROM drafts d JOIN messages m ON m.id = d.answers_message_id")]
        calls = db.execute(
            "SELECT feature_id, source, status, COALESCE(error_code, ''), COUNT(*) FROM ai_interactions "
            "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC").fetchall()
        no_draft = db.execute(
            "SELECT COUNT(*) FROM messages m WHERE m.direction = 'inbound' AND NOT EXISTS "
            "(SELECT 1 FROM drafts d WHERE d.answers_message_id = m.id)").fetchone()[0]

    total = sum(drafts.values())
    print(f"{args.drafts} webhooks at {args.rate:g}/s, {accepted} accepted; {args.fault_rate:.0%} of model calls faulted "
          f"(seed {args.seed}), plus a {args.burst:g} s full outage {args.burst_at:.0%} of the way in; {args.concurrency} job slots")
    print("fake server answers: " + ", ".join(f"{k} {v}" for k, v in sorted(fake.counts.items(), key=lambda kv: -kv[1])))
    print(f"drafts {total} of {accepted} (by source: {drafts}); messages without a draft {no_draft}; "
          f"draft jobs {result['jobs']}, dead {result['dead']}")
    print(f"breaker (from /metrics): opened {transitions.get('open', 0)} times, half-open {transitions.get('half_open', 0)}, "
          f"closed again {transitions.get('closed', 0)}; seen open while polling {seen_open}; open at the end {final_open}")
    print(f"draft latency (message stored -> draft written): p50 {percentile(latencies, 0.5):.1f} s, "
          f"p95 {percentile(latencies, 0.95):.1f} s, max {max(latencies, default=0):.1f} s (drafting budget 30 s)")
    print("model-call telemetry (feature, source, status, error code: rows):")
    for feature, source, status, code, n in calls[:14]:
        print(f"  {feature:24} {source:9} {status:10} {code:24} {n}")
    ok = accepted == args.drafts and total == accepted and no_draft == 0 and result["dead"] == 0
    print("ok: every draft completed, no job dead" if ok else f"FAIL (logs in {scratch})")
    llm.shutdown()
    sys.exit(0 if ok else 1)


main()
