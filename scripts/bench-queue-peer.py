#!/usr/bin/env python3
"""The job queue against a plain SKIP LOCKED worker loop on the same PostgreSQL, in one run.

    swift build -c release --product replywright-bench
    python3 scripts/bench-queue-peer.py --database 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' \
        [--jobs 10000] [--workers 2] [--concurrency 8] [--runs 3]

The floor is the textbook queue in Python with psycopg 3 (PyPI `psycopg[binary]`): a table like
Replywright's `jobs` (id, queue, state, attempts, available_at, lease, idempotency key) with
the same claim index; as many producer threads as Replywright's benchmark
uses (one per worker) enqueue the jobs one INSERT each, then `workers × concurrency` threads,
each with its own connection, loop "claim one with `FOR UPDATE SKIP LOCKED`, mark it
succeeded" until none is left. It has no lease tokens, no retries, no heartbeats and no
metrics, so it is a floor for what a queue costs, not a competitor. Replywright's side is
`replywright-bench queue` (phases: enqueue with idempotency keys, then `JobWorker`s draining;
release build) on the same database. Prints each run's jobs/s and the ratios.
"""
import argparse
import re
import subprocess
import threading
import time
import uuid

import psycopg

ROOT = __file__.rsplit("/scripts/", 1)[0]

SCHEMA = """
CREATE TABLE IF NOT EXISTS peer_jobs (
    id TEXT PRIMARY KEY, queue TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
    idempotency_key TEXT UNIQUE, state TEXT NOT NULL, attempts INTEGER NOT NULL,
    available_at TIMESTAMPTZ NOT NULL, leased_by TEXT, lease_expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, completed_at TIMESTAMPTZ);
CREATE INDEX IF NOT EXISTS peer_jobs_claim ON peer_jobs (queue, state, available_at, id);
"""

CLAIM = """
UPDATE peer_jobs SET state = 'running', attempts = attempts + 1, leased_by = %s,
       lease_expires_at = now() + interval '60 seconds', updated_at = now()
WHERE id = (SELECT id FROM peer_jobs WHERE queue = %s AND state = 'queued' AND available_at <= now()
            ORDER BY available_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
RETURNING id
"""


def python_floor(url, jobs, producers, threads):
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(SCHEMA)
        db.execute("TRUNCATE peer_jobs")
        db.execute("VACUUM ANALYZE peer_jobs")
    queue = "peer-" + uuid.uuid4().hex[:8]

    def run_all(target, count):
        workers = [threading.Thread(target=target, args=(index, count)) for index in range(count)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return time.perf_counter() - started

    def produce(index, count):
        with psycopg.connect(url, autocommit=True) as db:
            for job in range(index, jobs, count):
                db.execute(
                    "INSERT INTO peer_jobs (id, queue, kind, payload, idempotency_key, state, attempts, available_at, created_at, updated_at)"
                    " VALUES (%s, %s, 'probe', '{}', %s, 'queued', 0, now(), now(), now())",
                    (str(uuid.uuid4()), queue, f"{queue}-{job}"))

    done = [0] * threads

    def drain(index, count):
        with psycopg.connect(url, autocommit=True) as db:
            while True:
                row = db.execute(CLAIM, (f"peer-{index}", queue)).fetchone()
                if row is None:
                    return
                db.execute("UPDATE peer_jobs SET state = 'succeeded', completed_at = now(), updated_at = now() WHERE id = %s", row)
                done[index] += 1

    enqueue = run_all(produce, producers)
    claim = run_all(drain, threads)
    assert sum(done) == jobs, f"the floor completed {sum(done)} of {jobs}"
    return jobs / enqueue, jobs / claim, jobs / (enqueue + claim)


def replywright(binary, url, jobs, workers, concurrency):
    out = subprocess.run([binary, "queue", "--database", url, "--jobs", str(jobs), "--workers", str(workers), "--concurrency",
                          str(concurrency)], capture_output=True, text=True, check=True).stdout
    rate = lambda label: float(re.search(rf"{label}\s+(\d+) jobs/s", out).group(1))
    return rate("enqueue"), rate("claim\\+complete"), rate("end to end")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=f"{ROOT}/.build/release/replywright-bench")
    args = parser.parse_args()
    threads = args.workers * args.concurrency
    print(f"{args.jobs} jobs per run, {args.workers} producers on each side; Replywright: {args.workers} workers x "
          f"{args.concurrency} slots; floor: {threads} Python threads draining, one connection each; psycopg {psycopg.__version__}")
    print("run  side         enqueue  claim+complete  end to end (jobs/s)")
    ratios = []
    for run in range(1, args.runs + 1):
        ours = replywright(args.binary, args.database, args.jobs, args.workers, args.concurrency)
        floor = python_floor(args.database, args.jobs, args.workers, threads)
        for side, (enqueue, claim, total) in (("replywright", ours), ("floor", floor)):
            print(f"{run:3}  {side:11} {enqueue:8.0f}  {claim:14.0f}  {total:10.0f}")
        ratios.append(tuple(o / f for o, f in zip(ours, floor)))
    for label, index in (("enqueue", 0), ("claim+complete", 1), ("end to end", 2)):
        values = [r[index] for r in ratios]
        print(f"ratio Replywright / floor, {label}: {min(values):.2f}-{max(values):.2f}x")
    with psycopg.connect(args.database, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS peer_jobs")


main()
