#!/usr/bin/env python3
"""Writes the insights benchmark's data as CSV (epoch seconds): leads.csv and messages.csv for
one workspace, N leads with M messages in all (alternating ours and theirs) and B booked leads.
Deterministic. Used by scripts/bench-insights.sh for SQLite, PostgreSQL and DuckDB alike."""
import csv
import random
import sys

out, workspace = sys.argv[1], sys.argv[2]
leads, messages, bookings = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(11)
start = 1767225600.0  # 2026-01-01
per_lead = max(2, messages // leads)
booked = set(rng.sample(range(leads), bookings))
senders = [("setter", ""), ("ai", "APPROVED"), ("ai", "EDITED"), ("ai", "AUTO_SENT")]
intents = ["interested", "pricing_question", "wants_times", "question", "not_now"]
with open(f"{out}/leads.csv", "w", newline="") as lf, open(f"{out}/messages.csv", "w", newline="") as mf:
    lw, mw = csv.writer(lf), csv.writer(mf)
    for index in range(leads):
        lead = f"lead-{index:06d}"
        at = start + rng.uniform(0, 330 * 86400)
        channel = rng.choice(["email", "email", "email", "sms", "linkedin"])
        sender, disposition = senders[index % 4]
        last_out = at
        last_in = None
        for turn in range(per_lead):
            if turn % 2 == 0:
                # Replywright keeps what each outbound message answered on its row (answers_at, answers_intent).
                mw.writerow([f"m-{index:06d}-{turn:02d}", workspace, lead, channel, "outbound", sender, disposition, "",
                             "x" * rng.choice([120, 400, 900, 1500]), f"{at:.3f}",
                             f"{last_in[0]:.3f}" if last_in else "", last_in[1] if last_in else ""])
                last_out = at
                at += rng.uniform(3600, 72 * 3600)
            else:
                intent = rng.choice(intents)
                mw.writerow([f"m-{index:06d}-{turn:02d}", workspace, lead, channel, "inbound", "lead", "", intent,
                             "reply", f"{at:.3f}", "", ""])
                last_in = (float(f"{at:.3f}"), intent)
                at += rng.choice([120, 1800, 7200, 100000])
        booked_at = f"{last_out + rng.uniform(600, 10 * 86400):.3f}" if index in booked else ""
        lw.writerow([lead, workspace, f"{lead}@bench.example", "booked" if booked_at else "none", booked_at, 1, f"{start:.3f}"])
