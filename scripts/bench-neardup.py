#!/usr/bin/env python3
"""NearDuplicateIndex against datasketch's MinHashLSH on the same texts, in one run.

    pip install datasketch
    swift build -c release --product replywright-bench
    python3 scripts/bench-neardup.py [--texts 100000] [--queries 2000] [--bench .build/release/replywright-bench]

Generates sales-reply-like texts (templates with varied slots, so near duplicates exist) and
queries (indexed texts with a few words changed), runs `replywright-bench neardup` on them, then
datasketch with the same shingles (word 3-grams), 64 permutations and the same banding (16 bands
of 4 rows), and prints queries per second for both, their ratio, and how often the two agree on
the best candidate (the same text, or texts of the same true Jaccard similarity).
"""
import argparse
import json
import os
import random
import re
import subprocess
import tempfile
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

OPENERS = ["Thanks for getting back to me", "Good to hear from you", "Appreciate the quick reply", "Thanks for the note",
           "Great question", "Happy to help", "Thanks for asking"]
ANSWERS = ["our pricing starts at {n} dollars a seat per month", "we integrate with {tool} out of the box",
           "setup takes about {n} days with our team", "you can cancel any month without a fee",
           "we support single sign-on through {tool}", "the trial lasts {n} days and needs no card",
           "most teams see replies within {n} hours", "your data stays in the {region} region"]
ASKS = ["Would {day} at {hour} work for a short call?", "Does {day} at {hour} suit you?", "Can I send a calendar invite for {day}?",
        "Shall we pick a time on {day}?", "Is {day} afternoon a good slot?"]
SIGNS = ["Best, {name}", "Cheers, {name}", "Thanks, {name}", "Talk soon, {name}"]
FILL = {"tool": ["HubSpot", "Salesforce", "Pipedrive", "Okta", "Google", "Slack", "Outlook"],
        "region": ["EU", "US", "UK", "APAC"], "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "hour": ["9am", "10am", "11am", "2pm", "3pm", "4pm"], "name": ["Maya", "Tom", "Ana", "Lee", "Raj", "Eve", "Sam"]}


def fill(template, rng):
    return re.sub(r"\{(\w+)\}", lambda m: str(rng.randint(2, 90)) if m.group(1) == "n" else rng.choice(FILL[m.group(1)]), template)


def text(rng):
    parts = [rng.choice(OPENERS) + ", " + fill(rng.choice(ANSWERS), rng) + "."]
    if rng.random() < 0.6:
        parts.append("Also, " + fill(rng.choice(ANSWERS), rng) + ".")
    parts += [fill(rng.choice(ASKS), rng), fill(rng.choice(SIGNS), rng)]
    return " ".join(parts)


def mutate(base, rng):
    words = base.split(" ")
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = rng.choice(["really", "quite", "happy", "today", "soon", "team"])
    return " ".join(words)


def shingles(value):
    words = [w.lower() for w in WORD.findall(value.lower())]
    if len(words) < 3:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--bench", default=".build/release/replywright-bench")
    args = parser.parse_args()
    rng = random.Random(7)
    texts = [text(rng) for _ in range(args.texts)]
    queries = [mutate(texts[rng.randrange(len(texts))], rng) for _ in range(args.queries)]

    with tempfile.TemporaryDirectory() as folder:
        paths = {name: os.path.join(folder, name) for name in ("texts", "queries", "out")}
        for name, values in (("texts", texts), ("queries", queries)):
            with open(paths[name], "w") as handle:
                handle.write("\n".join(values) + "\n")
        swift_line = subprocess.run(
            [args.bench, "neardup", "--texts", paths["texts"], "--queries", paths["queries"], "--out", paths["out"]],
            capture_output=True, text=True, check=True).stdout.strip()
        swift = [json.loads(line) for line in open(paths["out"])]
    swift_qps = int(re.search(r"= (\d+) queries/s", swift_line).group(1))

    def signature(value):
        m = MinHash(num_perm=64, seed=1)
        for s in shingles(value):
            m.update(s.encode())
        return m

    started = time.perf_counter()
    lsh = MinHashLSH(num_perm=64, params=(16, 4))
    signatures = []
    for number, value in enumerate(texts):
        m = signature(value)
        signatures.append(m)
        lsh.insert(number, m)
    build = time.perf_counter() - started
    started = time.perf_counter()
    picks = []
    for value in queries:
        m = signature(value)
        candidates = lsh.query(m)
        picks.append(max(candidates, key=lambda c: signatures[c].jaccard(m)) if candidates else None)
    seconds = time.perf_counter() - started
    python_qps = int(len(queries) / seconds)

    text_shingles = {}
    def exact(query_number, candidate):
        if candidate is None:
            return None
        if candidate not in text_shingles:
            text_shingles[candidate] = shingles(texts[candidate])
        return jaccard(shingles(queries[query_number]), text_shingles[candidate])

    same = close = both_none = 0
    swift_exact = python_exact = 0.0
    for number, (ours, theirs) in enumerate(zip((row["candidate"] for row in swift), picks)):
        a, b = exact(number, ours), exact(number, theirs)
        swift_exact += a or 0
        python_exact += b or 0
        if ours is None and theirs is None:
            both_none += 1
        elif ours == theirs:
            same += 1
        elif a is not None and b is not None and abs(a - b) < 1e-9:
            close += 1
    count = len(queries)
    print(swift_line)
    print(f"python build {build:.2f} s for {len(texts)} texts; {count} queries in {seconds:.3f} s = {python_qps} queries/s (datasketch MinHashLSH)")
    print(f"ratio: NearDuplicateIndex answers {swift_qps / python_qps:.1f}x the queries per second of datasketch")
    print(f"agreement: same best text {same}/{count}, a different text of the same true Jaccard {close}/{count}, "
          f"neither found one {both_none}/{count}; mean true Jaccard of the pick: ours {swift_exact / count:.3f}, "
          f"datasketch {python_exact / count:.3f}")


main()
