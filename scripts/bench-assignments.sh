#!/usr/bin/env bash
# Experiment assignments: Replywright's GrowthBook-compatible bucketing (in-process, release build)
# against GrowthBook's own Python SDK on the same 1,000,000 ids, in one run; prints both rates,
# the ratio, and whether every assignment is identical.
#
#   scripts/bench-assignments.sh [UNITS]        (needs: pip install growthbook)
set -euo pipefail
cd "$(dirname "$0")/.."
units="${1:-1000000}"
swift build -c release --product replywright-bench >/dev/null
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
swift_line="$(.build/release/replywright-bench assignments --units "$units" --out "$out" | tee /dev/stderr | head -1)"
python_line="$(python3 scripts/bench-assignments.py "$out" | tee /dev/stderr | head -1)"
swift_rate="$(sed -E 's/.*: ([0-9]+) per second.*/\1/' <<<"$swift_line")"
python_rate="$(sed -E 's/.*: ([0-9]+) per second.*/\1/' <<<"$python_line")"
python3 -c "print(f'ratio              Swift is {$swift_rate / $python_rate:.1f}x the Python SDK')"
