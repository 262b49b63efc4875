#!/usr/bin/env python3
"""100 concurrent visitors completing the example form through the hosted JSON API of a running
`replywright serve` (or `demo`): each starts a session, posts a batch of field events, and
submits the three steps. Prints completions, failures, request latency and sessions per second.

    python3 scripts/bench-forms-load.py --base-url http://127.0.0.1:8080 [--slug request-a-demo] [--users 100] [--sessions-per-user 5]
"""
import argparse
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def post(url, body):
    started = time.perf_counter()
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), time.perf_counter() - started


def visitor(base, slug, user, sessions):
    latencies, completed, failures = [], 0, []
    for n in range(sessions):
        root = f"{base}/f/{slug}"
        status, body, took = post(f"{root}/session", {"unit": f"load-{user}-{n}"})
        latencies.append(took)
        if status != 201:
            failures.append(f"session {status} {body}")
            continue
        sid, token = body["sessionId"], body["token"]
        events = [{"type": kind, "field": "email", "t": 1000 + i * 150} for i, kind in enumerate(["focus", "input", "input", "delete", "input", "blur"])]
        steps = [
            ("events", {"sessionId": sid, "token": token, "events": events}),
            ("next", {"sessionId": sid, "token": token, "answers": {"email": f"load{user}.{n}@example.com", "first_name": "Load"}}),
            ("next", {"sessionId": sid, "token": token, "answers": {"team_size": 20 + user % 30, "role": "Founder"}}),
            ("next", {"sessionId": sid, "token": token, "answers": {"consent": True}}),
        ]
        ok = True
        for path, payload in steps:
            status, body, took = post(f"{root}/{path}", payload)
            latencies.append(took)
            if status not in (200, 202):
                failures.append(f"{path} {status} {body}")
                ok = False
                break
        if ok and body.get("completed"):
            completed += 1
        elif ok:
            failures.append(f"not completed: {body}")
    return latencies, completed, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--slug", default="request-a-demo")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--sessions-per-user", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.users) as pool:
        results = list(pool.map(lambda u: visitor(args.base_url.rstrip("/"), args.slug, u, args.sessions_per_user), range(args.users)))
    elapsed = time.perf_counter() - started
    latencies = sorted(l for r in results for l in r[0])
    completed = sum(r[1] for r in results)
    failures = [f for r in results for f in r[2]]
    total = args.users * args.sessions_per_user
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000
    print(f"visitors           {args.users} at once, {args.sessions_per_user} sessions each ({total} sessions, {len(latencies)} requests)")
    print(f"completed          {completed} of {total}; failures {len(failures)}" + (f" (first: {failures[0]})" if failures else ""))
    print(f"request latency    median {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms, p99 {pick(0.99):.1f} ms")
    print(f"throughput         {completed / elapsed:.1f} completed sessions/s, {len(latencies) / elapsed:.0f} requests/s over {elapsed:.1f} s")
    return 0 if completed == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
