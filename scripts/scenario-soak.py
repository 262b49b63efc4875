#!/usr/bin/env python3
"""Soak, on loopback: the numbers in docs/reliability.md.

    python3 scripts/scenario-soak.py [--minutes 30] [--warmup 5] [--binary .build/debug/replywright]

One `replywright serve` (SQLite, its own workers) delivering sends by SMTP into
scripts/smtp-sink.py, under steady mixed traffic for --minutes: inbound webhooks (2/s, a new
lead each), the dashboard inbox with a signed-in session (2/s), API reads of drafts and leads
(4/s) and approvals and sends of waiting drafts through the API (0.5/s). Every minute it samples the server's
resident memory (/proc/PID/status), the requests and errors of that minute, and the ready job
queue. Then the traffic stops and it waits for the queue to drain. Checks: memory growth after
--warmup minutes under 10 %, errors (no answer, or 5xx) under 0.1 % of requests, and the
queue back to zero. A refused approval or send (409: the overseer held the draft, or it
went already) is counted apart, not as an error. Exits 1 when a check fails.
"""
import argparse
import http.cookiejar
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from scenario_support import BINARY, ROOT, call, fresh_workspace, run, sqlite_scratch, start_serve


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.minute = {"requests": 0, "errors": 0, "refused": 0}
        self.total = {"requests": 0, "errors": 0, "refused": 0}
        self.examples = []

    def record(self, what, status):
        kind = "errors" if status == 0 or status >= 500 else "refused" if status == 409 else None
        with self.lock:
            for bucket in (self.minute, self.total):
                bucket["requests"] += 1
                if kind:
                    bucket[kind] += 1
            if kind == "errors" and len(self.examples) < 5:
                self.examples.append(f"{what}: {status}")

    def take_minute(self):
        with self.lock:
            minute, self.minute = self.minute, {"requests": 0, "errors": 0, "refused": 0}
            return minute


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, help="minutes before the memory baseline")
    parser.add_argument("--binary", default=BINARY)
    args = parser.parse_args()

    scratch, path, database = sqlite_scratch("rw-soak-")
    workspace, key = fresh_workspace(args.binary, database, "Soak")
    password = "soak-password-42"
    run(args.binary, "admin", "create-user", "--workspace", workspace, "--email", "setter@soak.example", "--role", "admin", "--database", database,
        env=dict(os.environ, REPLYWRIGHT_USER_PASSWORD=password))

    sink_dir = os.path.join(scratch, "mail")
    os.makedirs(sink_dir)
    sink = subprocess.Popen(["python3", f"{ROOT}/scripts/smtp-sink.py", "--dir", sink_dir], stdout=subprocess.PIPE, text=True)
    smtp_port = int(sink.stdout.readline().split()[1])
    serve, base = start_serve(
        args.binary, database, scratch,
        env={"REPLYWRIGHT_RATE_LIMIT_KEY": "off", "REPLYWRIGHT_RATE_LIMIT_IP": "off", "REPLYWRIGHT_RATE_LIMIT_USER": "off",
             "REPLYWRIGHT_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?from=team@soak.example&starttls=off"})

    # A browser's session: the login form with its CSRF token.
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = call(base + "/login", opener=browser)[1].decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_csrf": csrf, "email": "setter@soak.example", "password": password, "next": "/drafts"}).encode()
    status, _ = call(base + "/login", body=form, content_type="application/x-www-form-urlencoded", opener=browser)
    if status != 200 or b'action="/logout"' not in call(base + "/drafts", opener=browser)[1]:
        sys.exit(f"could not sign in to the dashboard ({status}); logs in {scratch}")

    stats = Stats()
    stop = threading.Event()
    waiting = []  # draft ids seen waiting, for the sender
    waiting_lock = threading.Lock()
    counter = iter(range(10**9))

    def every(rate, action):
        def loop():
            next_at = time.monotonic()
            while not stop.is_set():
                action()
                next_at += 1 / rate
                stop.wait(max(0, next_at - time.monotonic()))
        return threading.Thread(target=loop, daemon=True)

    def webhook():
        index = next(counter)
        body = {"lead": {"email": f"lead{index}@soak.example", "firstName": f"Lead{index}"},
                "message": {"id": f"m-{index}", "channel": "email", "body": "Sounds good. Could you send a couple of times next week?"}}
        stats.record("webhook", call(base + "/v1/webhooks/inbound", key, body)[0])

    def dashboard():
        stats.record("inbox", call(base + "/drafts", opener=browser)[0])

    def api():
        status, reply = call(base + "/v1/drafts?limit=50", key)
        stats.record("drafts", status)
        if status == 200:
            with waiting_lock:
                waiting[:] = [draft["id"] for draft in json.loads(reply)["drafts"]]
        stats.record("leads", call(base + "/v1/leads?limit=50", key)[0])

    def send():
        with waiting_lock:
            draft = waiting.pop(0) if waiting else None
        if draft:
            # As a setter does: approve, then send.
            status = call(base + f"/v1/drafts/{draft}/approve", key, method="POST")[0]
            stats.record("approve", status)
            if status == 200:
                stats.record("send", call(base + f"/v1/drafts/{draft}/send", key, method="POST")[0])

    threads = [every(2, webhook), every(2, dashboard), every(2, api), every(0.5, send)]
    pid_status = f"/proc/{serve.pid}/status"
    rss = lambda: int(re.search(r"VmRSS:\s+(\d+)", open(pid_status).read()).group(1)) / 1024
    db = sqlite3.connect(path, timeout=30)
    ready = lambda: db.execute("SELECT COUNT(*) FROM jobs WHERE (state = 'queued' AND available_at <= ?) OR state = 'running'",
                               (time.time(),)).fetchone()[0]
    samples = []
    started = time.monotonic()
    for thread in threads:
        thread.start()
    minute = 0
    while minute < args.minutes:
        stop.wait(max(0, started + (minute + 1) * 60 - time.monotonic()))
        minute += 1
        taken = stats.take_minute()
        samples.append((minute, rss(), taken["requests"], taken["errors"], taken["refused"], ready()))
        print(f"minute {minute:3}: RSS {samples[-1][1]:7.1f} MB, {taken['requests']} requests, {taken['errors']} errors, "
              f"{taken['refused']} refused (409), ready jobs {samples[-1][5]}", flush=True)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    drain_started = time.monotonic()
    while ready() > 0 and time.monotonic() - drain_started < 120:
        time.sleep(0.5)
    drained, left = time.monotonic() - drain_started, ready()
    sent = len(os.listdir(sink_dir))
    serve.terminate()
    serve.wait(timeout=30)
    sink.terminate()

    baseline = next((s[1] for s in samples if s[0] >= args.warmup), samples[0][1])
    peak_after = max(s[1] for s in samples if s[0] >= args.warmup)
    growth = (samples[-1][1] - baseline) / baseline
    total = stats.total
    error_rate = total["errors"] / max(1, total["requests"])
    print(f"{args.minutes:g} minutes, {total['requests']} requests: {total['errors']} errors ({error_rate:.3%}), "
          f"{total['refused']} approvals or sends refused (409), {sent} messages delivered to the SMTP sink")
    if stats.examples:
        print("errors: " + "; ".join(stats.examples))
    print(f"RSS: {baseline:.1f} MB after {args.warmup:g} min warm-up, {samples[-1][1]:.1f} MB at the end (growth {growth:+.1%}), "
          f"peak after warm-up {peak_after:.1f} MB")
    print(f"queue: {left} ready jobs {drained:.1f} s after the traffic stopped")
    ok = growth < 0.10 and error_rate < 0.001 and left == 0 and sent > 0
    print("ok: memory steady, errors under 0.1 %, queue drained" if ok else f"FAIL (logs in {scratch})")
    sys.exit(0 if ok else 1)


main()
