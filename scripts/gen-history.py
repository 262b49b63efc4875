#!/usr/bin/env python3
"""Generates a history import file (NDJSON, docs/import.md): leads, their conversations and
booking events, with booking odds that depend on who answered and how fast, so a report has
something to find. Deterministic for a given --seed.

    python3 scripts/gen-history.py --leads 100000 --messages 1000000 --bookings 20000 > history.ndjson
"""
import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

OPENERS = [
    "Hi {first}, quick idea for {company}: we help teams like yours book more meetings from the replies they already get.",
    "{first}, saw {company} is hiring SDRs. Would a reply engine that drafts answers in your team's voice help?",
]
REPLIES = ["How much is it?", "Do you integrate with HubSpot?", "Interested, can we talk Tuesday at 3pm?",
           "Not right now, maybe next quarter.", "Send me more info please.", "Who else uses this?"]
ANSWERS = ["Pro is $349 a month for five seats. Would Tuesday at 3 pm work for a short walkthrough?",
           "Yes, natively with HubSpot and Salesforce; setup takes ten minutes. Want me to show you on a call?",
           "Tuesday at 3 pm works, I'll send the invite now.",
           "Understood, I'll check back next quarter.",
           "Here is a one-page overview. Happy to walk you through it when it suits you."]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10000, help="about this many messages in all")
    parser.add_argument("--bookings", type=int, default=200, help="about this many booking events")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", default="2026-08-01T00:00:00Z")
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = datetime.fromisoformat(args.start.replace("Z", "+00:00"))
    per_lead = max(2, args.messages // max(1, args.leads))
    book_odds = args.bookings / max(1, args.leads)
    out = sys.stdout
    fmt = lambda t: t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for index in range(args.leads):
        email = f"lead{index}@company{index % 997}.example"
        first = f"Lead{index}"
        company = f"Company {index % 997}"
        out.write(json.dumps({"type": "lead", "email": email, "firstName": first, "company": company}) + "\n")
        at = start + timedelta(seconds=rng.randrange(args.days * 86400))
        channel = "email" if rng.random() < 0.7 else rng.choice(["sms", "linkedin"])
        sender_kind = rng.choice(["setter", "ai:APPROVED", "ai:EDITED", "ai:AUTO_SENT"])
        fast_total = 0.0
        last_outbound = at
        for turn in range(per_lead):
            if turn % 2 == 0:
                sender, disposition, body = ("setter", None, OPENERS[turn % 2].format(first=first, company=company)) if turn == 0 else \
                    (sender_kind.split(":")[0], sender_kind.split(":")[1] if ":" in sender_kind else None, rng.choice(ANSWERS))
                line = {"type": "message", "id": f"m{index}-{turn}", "leadEmail": email, "direction": "outbound", "channel": channel,
                        "sender": sender, "occurredAt": fmt(at), "body": body}
                if disposition:
                    line["disposition"] = disposition
                last_outbound = at
                at += timedelta(hours=rng.uniform(2, 60))
            else:
                line = {"type": "message", "id": f"m{index}-{turn}", "leadEmail": email, "direction": "inbound", "channel": channel,
                        "sender": "lead", "occurredAt": fmt(at), "body": rng.choice(REPLIES)}
                wait = rng.choice([120, 1200, 7200, 90000])
                fast_total += 1 if wait < 3600 else 0
                at += timedelta(seconds=wait)
            out.write(json.dumps(line) + "\n")
        # Faster answers and setters book a little more often: something for the report to find.
        odds = book_odds * (1.3 if sender_kind == "setter" else 1.0) * (1.2 if fast_total else 0.8)
        if rng.random() < odds:
            booked_at = last_outbound + timedelta(hours=rng.uniform(1, 72))
            out.write(json.dumps({"type": "booking", "id": f"b{index}", "leadEmail": email, "status": "booked",
                                  "bookedAt": fmt(booked_at), "startsAt": fmt(booked_at + timedelta(days=3))}) + "\n")


if __name__ == "__main__":
    main()
