#!/usr/bin/env bash
# Hosted forms under load: a release `replywright demo` on a fresh SQLite file (the example form,
# half of its visitors in the adaptive variant, rules tier: no model configured), then 100
# concurrent visitors completing it through the JSON API (scripts/bench-forms-load.py).
#
#   scripts/bench-forms.sh [USERS] [SESSIONS_PER_USER]
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-100}"
per="${2:-5}"
swift build -c release --product replywright >/dev/null
db="$(mktemp -d)/forms.sqlite"
port=18480
# One client address sends everything here: the per-address limits are off for the run.
REPLYWRIGHT_RATE_LIMIT_IP=off REPLYWRIGHT_RATE_LIMIT_FORM_START=off \
    .build/release/replywright demo --port "$port" --database "sqlite:$db" >/tmp/bench-forms-demo.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "URL" /tmp/bench-forms-demo.log 2>/dev/null && break; sleep 0.5; done
python3 scripts/bench-forms-load.py --base-url "http://127.0.0.1:$port" --users "$users" --sessions-per-user "$per"
