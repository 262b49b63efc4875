#!/usr/bin/env python3
"""Database outage under steady webhook load, on loopback: the numbers in docs/reliability.md.

    python3 scripts/scenario-db-outage.py --database postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
        [--outage 20] [--rate 20] [--binary .build/debug/replywright]

Creates a fresh database, starts `serve --no-workers` reaching PostgreSQL through
scripts/tcp-cut.py, sends webhooks at a steady rate (each retried until accepted, as a sending
platform does), cuts the line for --outage seconds, restores it, and prints: answers by status
during the outage, the slowest answer, whether any was a 500, how long after the restore the
first webhook was accepted, and whether every stored message has its draft job.
Bounded: (outage + 40) seconds, rate × that many requests at most.
"""
import argparse
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlparse, urlunparse

ROOT = __file__.rsplit("/scripts/", 1)[0]


def run(binary, *args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def call(url, key, body=None, timeout=30):
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
    request.add_header("Authorization", f"Bearer {key}")
    if body:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, time.monotonic() - started, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.headers.get("Retry-After")
    except Exception:
        return 0, time.monotonic() - started, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="an admin PostgreSQL URL (a database is created beside it)")
    parser.add_argument("--outage", type=float, default=20)
    parser.add_argument("--rate", type=float, default=20, help="webhooks per second")
    parser.add_argument("--binary", default=f"{ROOT}/.build/debug/replywright")
    args = parser.parse_args()

    admin = urlparse(args.database)
    name = "rw_outage_" + uuid.uuid4().hex[:10]
    subprocess.run(["psql", args.database, "-qc", f"CREATE DATABASE {name}"], check=True)
    direct = urlunparse(admin._replace(path="/" + name))
    workspace = run(args.binary, "admin", "create-workspace", "--name", "Outage", "--database", direct)
    key = run(args.binary, "admin", "create-api-key", "--workspace", workspace["id"], "--database", direct)["key"]

    cut = subprocess.Popen(["python3", f"{ROOT}/scripts/tcp-cut.py", "--target", f"{admin.hostname}:{admin.port or 5432}"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(cut.stdout.readline().split()[1])
    proxied = urlunparse(admin._replace(netloc=f"{admin.username}@127.0.0.1:{port}", path="/" + name))
    serve = subprocess.Popen([args.binary, "serve", "--no-workers", "--port", "0", "--database", proxied],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = None
    for line in serve.stdout:
        if m := re.search(r"listening on (http://[0-9.:]+)", line):
            base = m.group(1)
            break
    phase = {"now": "before"}
    results = []  # (phase, status, seconds, retry_after)
    accepted = set()
    lock = threading.Lock()
    stop = time.monotonic() + args.outage + 40

    def sender(index):
        body = json.dumps({"lead": {"email": f"lead{index}@example.com"},
                           "message": {"id": f"m-{index}", "channel": "email", "body": "How much is it?",
                                       "occurredAt": "2026-12-01T10:00:00Z"}}).encode()
        while time.monotonic() < stop:
            status, seconds, retry = call(base + "/v1/webhooks/inbound", key, body)
            with lock:
                results.append((phase["now"], status, seconds, retry))
            if status == 202:
                with lock:
                    accepted.add(index)
                return
            time.sleep(float(retry or 1))

    threads = []
    index = 0
    cut_at = time.monotonic() + 5
    restore_at = cut_at + args.outage
    recovered = None
    while time.monotonic() < stop:
        now = time.monotonic()
        if phase["now"] == "before" and now >= cut_at:
            cut.stdin.write("cut\n"); cut.stdin.flush(); cut.stdout.readline()
            phase["now"] = "outage"
        if phase["now"] == "outage" and now >= restore_at:
            cut.stdin.write("restore\n"); cut.stdin.flush(); cut.stdout.readline()
            phase["now"] = "after"
            restored = now
        if phase["now"] == "after" and recovered is None:
            with lock:
                ok = [r for r in results if r[0] == "after" and r[1] == 202]
            if ok:
                recovered = time.monotonic() - restored
            if time.monotonic() - restored > 30:
                break
        if phase["now"] == "after" and recovered is not None and time.monotonic() - restored > 10:
            break
        thread = threading.Thread(target=sender, args=(index,), daemon=True)
        thread.start()
        threads.append(thread)
        index += 1
        time.sleep(1 / args.rate)
    for thread in threads:
        thread.join(timeout=max(0, stop - time.monotonic()))
    live = call(base + "/health/live", key)[0]
    serve.terminate()
    cut.stdin.close()

    out = subprocess.run(["psql", direct, "-Atc", "SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply')"],
                         capture_output=True, text=True, check=True).stdout.strip().split("|")
    subprocess.run(["psql", args.database, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)
    during = [r for r in results if r[0] == "outage"]
    by_status = {}
    for r in during:
        by_status[r[1]] = by_status.get(r[1], 0) + 1
    print(f"outage {args.outage:.0f} s at {args.rate:.0f} webhooks/s; {index} webhooks sent, {len(accepted)} accepted")
    print(f"answers during the outage: {dict(sorted(by_status.items()))}; with Retry-After: "
          f"{sum(1 for r in during if r[1] == 503 and r[3])} of {by_status.get(503, 0)} 503s")
    print(f"slowest answer during the outage: {max((r[2] for r in during), default=0):.2f} s; 500s: "
          f"{sum(1 for r in results if r[1] == 500)}; no answer (timeout, reset): {sum(1 for r in results if r[1] == 0)}")
    print(f"first webhook accepted {recovered:.2f} s after the restore" if recovered is not None else "never recovered")
    print(f"/health/live during the run: {live}")
    print(f"stored: {out[0]} messages, {out[1]} draft jobs (expected {len(accepted)} each)")
    sys.exit(0 if recovered is not None and int(out[0]) == len(accepted) == int(out[1]) and not any(r[1] == 500 for r in results) else 1)


main()
