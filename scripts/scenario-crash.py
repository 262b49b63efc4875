#!/usr/bin/env python3
"""Crash under load, on loopback: the numbers in docs/reliability.md.

    python3 scripts/scenario-crash.py --engine postgres --database postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
        [--webhooks 1000] [--senders 8] [--binary .build/debug/replywright]
    python3 scripts/scenario-crash.py --engine sqlite [--webhooks 1000] ...

PostgreSQL: a fresh database, `serve --no-workers` and two `worker` processes. SQLite: a fresh
file and one `serve` (its own workers). --senders threads post --webhooks inbound webhooks
(one lead each), and retry every one that got no 202, as a sending platform does. A third of
the way in, one worker (PostgreSQL) or the server (SQLite) is killed with SIGKILL and started
again 2 s later; two thirds of the way in the server is killed the same way. Then it waits
for the queue to drain and checks, in the database: exactly one message and one draft per
webhook, every draft job succeeded (none dead), and no message answered by two drafts.
Prints one line per measure; exits 1 when a check fails. Bounded: 15 minutes at most.
"""
import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlparse, urlunparse

from scenario_support import BINARY, call, free_port, fresh_workspace, sqlite_scratch, wait_for_http
DEADLINE = time.monotonic() + 15 * 60
LEASE = "5"


class Node:
    """One `replywright` process that can be killed and started again with the same arguments."""

    def __init__(self, name, binary, args, log_dir):
        self.name, self.args = name, [binary, *args]
        self.log = open(os.path.join(log_dir, f"{name}.log"), "a")
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=self.log)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--database", help="PostgreSQL: an admin URL (a fresh database is created beside it)")
    parser.add_argument("--webhooks", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--binary", default=BINARY)
    args = parser.parse_args()

    scratch, sqlite_path, database = sqlite_scratch("rw-crash-")
    if args.engine == "postgres":
        if not args.database:
            sys.exit("--database is required with --engine postgres")
        admin = urlparse(args.database)
        name = "rw_crash_" + uuid.uuid4().hex[:10]
        subprocess.run(["psql", args.database, "-qc", f"CREATE DATABASE {name}"], check=True)
        database = urlunparse(admin._replace(path="/" + name))
    _, key = fresh_workspace(args.binary, database, "Crash")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve_args = ["serve", "--port", str(port), "--database", database, "--lease-seconds", LEASE]
    workers = []
    if args.engine == "postgres":
        server = Node("serve", args.binary, serve_args + ["--no-workers"], scratch)
        workers = [Node(f"worker-{i}", args.binary, ["worker", "--database", database, "--lease-seconds", LEASE,
                                                       "--worker-id", f"worker-{i}"], scratch) for i in (1, 2)]
    else:
        server = Node("serve", args.binary, serve_args, scratch)
    wait_for_http(base)

    pending = list(range(args.webhooks))
    accepted, refusals = set(), {}
    lock = threading.Lock()
    started = time.monotonic()

    def sender():
        while time.monotonic() < DEADLINE:
            with lock:
                if not pending:
                    return
                index = pending.pop(0)
            body = json.dumps({"lead": {"email": f"lead{index}@example.com", "firstName": f"Lead{index}"},
                               "message": {"id": f"m-{index}", "channel": "email",
                                           "body": "Thanks for the note. Could you send over a few times next week?",
                                           "occurredAt": "2026-12-01T10:00:00Z"}}).encode()
            while time.monotonic() < DEADLINE:
                status = call(base + "/v1/webhooks/inbound", key, body)[0]
                if status == 202:
                    with lock:
                        accepted.add(index)
                    break
                with lock:
                    refusals[status] = refusals.get(status, 0) + 1
                time.sleep(0.5)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(args.senders)]
    for thread in threads:
        thread.start()

    # The kills, each when that share of the webhooks has been accepted.
    plan = [(1 / 3, workers[0] if workers else server), (2 / 3, server)]
    kills = []
    for share, node in plan:
        while len(accepted) < args.webhooks * share and time.monotonic() < DEADLINE:
            time.sleep(0.01)
        node.kill()
        kills.append(f"{node.name} at {len(accepted)} accepted")
        time.sleep(2)
        node.start()
        if node is server:
            wait_for_http(base)
    for thread in threads:
        thread.join(timeout=max(0, DEADLINE - time.monotonic()))
    sent_for = time.monotonic() - started

    def counts():
        queries = {
            "messages": "SELECT COUNT(*) FROM messages",
            "drafts": "SELECT COUNT(*) FROM drafts",
            "answered_twice": "SELECT COUNT(*) FROM (SELECT answers_message_id FROM drafts GROUP BY answers_message_id HAVING COUNT(*) > 1) AS t",
            "jobs": "SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply'",
            "succeeded": "SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply' AND state = 'succeeded'",
            "dead": "SELECT COUNT(*) FROM jobs WHERE state = 'dead'",
            "retried": "SELECT COUNT(*) FROM jobs WHERE kind = 'draft.reply' AND attempts > 1",
        }
        if args.engine == "postgres":
            sql = "SELECT " + ", ".join(f"({q})" for q in queries.values())
            out = subprocess.run(["psql", database, "-Atc", sql], capture_output=True, text=True, check=True).stdout.strip()
            return dict(zip(queries, map(int, out.split("|"))))
        with sqlite3.connect(sqlite_path, timeout=30) as db:
            return {name: db.execute(q).fetchone()[0] for name, q in queries.items()}

    drain_started = time.monotonic()
    result = counts()
    while result["succeeded"] + result["dead"] < result["jobs"] and time.monotonic() < DEADLINE:
        time.sleep(0.5)
        result = counts()
    drained_in = time.monotonic() - drain_started

    for node in [server, *workers]:
        node.stop()
    if args.engine == "postgres":
        subprocess.run(["psql", args.database, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)

    n = args.webhooks
    print(f"engine {args.engine}; {n} webhooks from {args.senders} senders; "
          f"{'serve --no-workers + 2 workers' if workers else 'one serve'}; lease {LEASE} s")
    print(f"killed (SIGKILL, started again 2 s later): {'; '.join(kills)}")
    print(f"accepted {len(accepted)} of {n} in {sent_for:.1f} s; answers that were not 202 (retried): {dict(sorted(refusals.items()))}")
    print(f"queue drained {drained_in:.1f} s after the last webhook; draft jobs {result['jobs']}, succeeded {result['succeeded']}, "
          f"dead {result['dead']}, run more than once {result['retried']}")
    print(f"stored: {result['messages']} messages, {result['drafts']} drafts, messages answered by two drafts: {result['answered_twice']}")
    ok = (len(accepted) == n and result["messages"] == n and result["drafts"] == n and result["jobs"] == n
          and result["succeeded"] == n and result["dead"] == 0 and result["answered_twice"] == 0)
    print("ok: exactly one message and one draft per webhook" if ok else f"FAIL (logs in {scratch})")
    sys.exit(0 if ok else 1)


main()
