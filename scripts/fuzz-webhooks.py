#!/usr/bin/env python3
"""Fuzz of the webhook adapters, on loopback: the numbers in docs/reliability.md.

    python3 scripts/fuzz-webhooks.py [--seed 1] [--random 300] [--binary .build/debug/replywright]

Starts `replywright serve --no-workers` on a fresh SQLite file and posts, to each adapter
(`/v1/webhooks/inbound` in its own shape and as Smartlead and Instantly, `/v1/webhooks/booking`
in its own shape and as Calendly and Cal.com), bodies made from a valid one: not JSON
(truncated at several points, empty, invalid UTF-8, another content type), other JSON values
at the top, every field removed and replaced by each wrong type (null, numbers, booleans,
strings empty and of 200,000 characters, arrays, objects, NUL and lone-surrogate escapes),
nesting 1,000 and 100,000 levels deep, a 2 MiB body, and --random bodies with several fields
changed at once. Checks, for every answer: no 5xx and no dropped connection; every 4xx has the
error shape (`{"error": {"code", "message"}}`) and stored nothing (leads, messages, jobs and
booking events counted before and after); the server is alive at the end. Prints the answers
by adapter and status; exits 1 on the first kind of failure it lists.
"""
import argparse
import copy
import json
import random
import sqlite3
import sys
import time

from scenario_support import BINARY, call, fresh_workspace, sqlite_scratch, start_serve

SEEDS = {
    "inbound": ("/v1/webhooks/inbound", {
        "lead": {"email": "maya@brightline.example", "firstName": "Maya", "lastName": "Okafor", "company": "Brightline",
                 "customVariables": {"plan": "team"}},
        "message": {"id": "m-1", "channel": "email", "subject": "Re: intro", "body": "Tuesday at 3pm works.",
                    "receivedAt": "2026-11-20T10:00:00Z"}}),
    "smartlead": ("/v1/webhooks/inbound/smartlead", {
        "event_type": "EMAIL_REPLY", "sl_lead_email": "maya@brightline.example", "to_name": "Maya Okafor",
        "from_email": "sam@acme.example", "subject": "Re: intro", "event_timestamp": "2026-11-20T10:00:00Z",
        "reply_message": {"message_id": "<abc@mail>", "html": "<p>Tuesday works.</p>", "time": "2026-11-20T10:00:00Z"},
        "campaign_id": 111}),
    "instantly": ("/v1/webhooks/inbound/instantly", {
        "event_type": "reply_received", "timestamp": "2026-11-20T11:00:00Z", "workspace": "w", "campaign_id": "c",
        "lead_email": "tom@northwind.example", "email_id": "e-1", "reply_subject": "Re: hello",
        "reply_text": "How much does it cost?", "firstName": "Tom", "companyName": "Northwind"}),
    "booking": ("/v1/webhooks/booking", {
        "event": "booked", "email": "maya@brightline.example", "startsAt": "2026-11-24T15:00:00Z", "id": "b-1"}),
    "calendly": ("/v1/webhooks/booking", {
        "event": "invitee.created", "created_at": "2026-11-20T15:00:00Z",
        "payload": {"email": "maya@brightline.example", "uri": "https://api.calendly.com/invitees/AAA", "old_invitee": None,
                    "scheduled_event": {"start_time": "2026-11-24T15:00:00Z"}, "timezone": "America/Chicago"}}),
    "cal.com": ("/v1/webhooks/booking", {
        "triggerEvent": "BOOKING_CREATED", "createdAt": "2026-11-21T09:00:00Z",
        "payload": {"uid": "cal-1", "startTime": "2026-11-25T16:00:00Z",
                    "attendees": [{"email": "maya@brightline.example", "timeZone": "America/Chicago"}]}}),
}

WRONG = [None, 0, -1, 1.5e308, True, False, "", "x" * 200_000, [], [1, "a"], {}, {"a": {"b": 1}}, "\u0000", "<script>alert(1)</script>"]


def paths(value, prefix=()):
    """Every path to a value inside `value` (objects' keys and arrays' indices)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix + (key,)
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield prefix + (index,)
            yield from paths(child, prefix + (index,))


def replaced(value, path, new=None, delete=False):
    copied = copy.deepcopy(value)
    target = copied
    for step in path[:-1]:
        target = target[step]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return copied


def cases(seed, rng, extra):
    """(label, body bytes, content type) for one adapter's valid body."""
    text = json.dumps(seed).encode()
    yield "valid", text, "application/json"
    for cut in (0, 1, len(text) // 3, len(text) // 2, len(text) - 1):
        yield f"truncated at {cut}", text[:cut], "application/json"
    yield "invalid UTF-8", text[:-2] + b"\xff\xfe\"}", "application/json"
    yield "text/plain", text, "text/plain"
    yield "lone surrogate", text.replace(b'"', b'"\\ud800', 1), "application/json"
    for top in ["null", "[]", "0", '"a"', "true", json.dumps([seed])]:
        yield f"top-level {top[:12]}", top.encode(), "application/json"
    for depth in (1_000, 100_000):
        yield f"nested {depth:,} deep", text[:-1] + b', "extra": ' + b"[" * depth + b"]" * depth + b"}", "application/json"
        yield f"nested {depth:,} deep objects", text[:-1] + b', "extra": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}", "application/json"
    yield "2 MiB", json.dumps(dict(seed, padding="y" * (2 << 20))).encode(), "application/json"
    all_paths = list(paths(seed))
    for path in all_paths:
        yield f"without {'.'.join(map(str, path))}", json.dumps(replaced(seed, path, delete=True)).encode(), "application/json"
        for wrong in WRONG:
            label = repr(wrong)[:20]
            yield f"{'.'.join(map(str, path))} = {label}", json.dumps(replaced(seed, path, wrong)).encode(), "application/json"
    for index in range(extra):
        body = seed
        for _ in range(rng.randint(2, 4)):
            live = list(paths(body))
            if not live:
                break
            path = rng.choice(live)
            body = replaced(body, path, delete=True) if rng.random() < 0.3 else replaced(body, path, rng.choice(WRONG))
        yield f"random {index}", json.dumps(body).encode(), "application/json"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--random", type=int, default=300, help="bodies with several fields changed at once, per adapter")
    parser.add_argument("--binary", default=BINARY)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    scratch, path, database = sqlite_scratch("rw-fuzz-")
    _, key = fresh_workspace(args.binary, database, "Fuzz")
    serve, base = start_serve(args.binary, database, scratch, "--no-workers",
                              env={"REPLYWRIGHT_RATE_LIMIT_KEY": "off", "REPLYWRIGHT_RATE_LIMIT_IP": "off"})

    db = sqlite3.connect(path, timeout=30)
    tables = ["leads", "messages", "jobs", "booking_events"]
    stored = lambda: tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)

    failures, answers, total = [], {}, 0
    started = time.monotonic()
    for adapter, (route, seed) in SEEDS.items():
        for label, body, content_type in cases(seed, rng, args.random):
            before = stored()
            status, reply = call(base + route, key, body, content_type)
            after = stored()
            total += 1
            answers.setdefault(adapter, {}).setdefault(status, 0)
            answers[adapter][status] += 1
            where = f"{adapter} {label}"
            if status == 0 or status >= 500:
                failures.append(f"{where}: {status} {reply[:200]!r}")
            elif 400 <= status < 500:
                try:
                    error = json.loads(reply)["error"]
                    shaped = isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
                except Exception:
                    shaped = False
                if not shaped:
                    failures.append(f"{where}: {status} without the error shape: {reply[:200]!r}")
                if after != before:
                    failures.append(f"{where}: {status} but stored {dict(zip(tables, (a - b for a, b in zip(after, before))))}")
    elapsed = time.monotonic() - started
    alive = serve.poll() is None and call(base + "/v1/webhooks/inbound", key, SEEDS["inbound"][1])[0] in (200, 202)
    serve.terminate()
    serve.wait(timeout=30)

    print(f"{total} bodies in {elapsed:.1f} s (seed {args.seed}, {args.random} random per adapter)")
    for adapter, by_status in answers.items():
        print(f"  {adapter:10} " + ", ".join(f"{status}: {n}" for status, n in sorted(by_status.items())))
    print(f"server alive and accepting afterwards: {alive}")
    for failure in failures[:15]:
        print(f"FAIL {failure}")
    if failures:
        print(f"{len(failures)} failures (logs in {scratch})")
    else:
        print("ok: no 5xx or dropped connection; every 4xx has the error shape and stored nothing")
    sys.exit(0 if alive and not failures else 1)


main()
