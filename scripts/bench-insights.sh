#!/usr/bin/env bash
# The message-performance report over 1,000,000 messages / 100,000 leads / 20,000 bookings on
# SQLite (and PostgreSQL when POSTGRES_URL is set), next to DuckDB running the same attribution
# query on the same data, printed as ratios. Then a 100k-line history import with its peak RSS,
# run twice (the second run must store nothing new).
#
#   swift build -c release --product replywright && swift build -c release --product replywright-bench
#   scripts/bench-insights.sh                     # SQLite only
#   POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/bench-insights.sh
#
# Needs: python3 with duckdb (pip install duckdb), sqlite3, psql (for PostgreSQL), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
LEADS=${LEADS:-100000}; MESSAGES=${MESSAGES:-1000000}; BOOKINGS=${BOOKINGS:-20000}
WORK=$(mktemp -d /tmp/bench-insights.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/insights.sqlite"

"$BIN/replywright" migrate --database "sqlite:$DB" >/dev/null
WS=$("$BIN/replywright" admin create-workspace --name "Insights bench" --database "sqlite:$DB" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
echo "generating $MESSAGES messages for $LEADS leads, $BOOKINGS booked…" >&2
python3 scripts/bench-insights-data.py "$WORK" "$WS" "$LEADS" "$MESSAGES" "$BOOKINGS"

load_sqlite() {
  sqlite3 "$DB" <<SQL
.mode csv
CREATE TEMP TABLE l (id, workspace_id, email, appointment_status, booked_at, history_complete, created_at);
CREATE TEMP TABLE m (id, workspace_id, lead_id, channel, direction, sender, disposition, intent, body, occurred_at, answers_at, answers_intent);
.import $WORK/leads.csv l
.import $WORK/messages.csv m
INSERT INTO leads (id, workspace_id, email, custom_variables, status, opted_out, appointment_status, booked_at, history_complete, created_at, updated_at)
  SELECT id, workspace_id, email, '{}', 'new', 0, appointment_status, CASE WHEN booked_at = '' THEN NULL ELSE CAST(booked_at AS REAL) END,
         1, CAST(created_at AS REAL), CAST(created_at AS REAL) FROM l;
INSERT INTO messages (id, workspace_id, lead_id, channel, direction, sender, disposition, intent, body, body_chars, external_id, occurred_at, created_at,
                      answers_at, answers_intent)
  SELECT id, workspace_id, lead_id, channel, direction, sender, NULLIF(disposition, ''), NULLIF(intent, ''), body, LENGTH(body), id,
         CAST(occurred_at AS REAL), CAST(occurred_at AS REAL), CASE WHEN answers_at = '' THEN NULL ELSE CAST(answers_at AS REAL) END,
         NULLIF(answers_intent, '') FROM m;
ANALYZE;
SQL
}
echo "loading SQLite…" >&2
load_sqlite
# Rows loaded with plain SQL have no report keys: a first report stores them (timed on its own,
# `firstReportSecondsKeying`), then statistics are refreshed as a live database's would be.
KEYING_SQLITE=$("$BIN/replywright-bench" insights --database "sqlite:$DB" --workspace "$WS" --runs 1)
sqlite3 "$DB" "ANALYZE"
SQLITE_JSON=$("$BIN/replywright-bench" insights --database "sqlite:$DB" --workspace "$WS" --runs 5)
SQLITE_JSON=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); a["firstReportSecondsKeying"]=json.loads(sys.argv[2])["firstReportSecondsKeying"]; print(json.dumps(a))' "$SQLITE_JSON" "$KEYING_SQLITE")
echo "sqlite: $SQLITE_JSON"

PG_JSON=""
if [ -n "${POSTGRES_URL:-}" ]; then
  PGDB="bench_insights_$$"
  psql "$POSTGRES_URL" -qc "CREATE DATABASE $PGDB" >/dev/null
  PGURL="${POSTGRES_URL%/*}/$PGDB"
  "$BIN/replywright" migrate --database "$PGURL" >/dev/null
  psql "$PGURL" -q >/dev/null <<SQL
INSERT INTO workspaces (id, name, created_at) VALUES ('$WS', 'Insights bench', now());
CREATE TEMP TABLE l (id text, workspace_id text, email text, appointment_status text, booked_at text, history_complete int, created_at double precision);
CREATE TEMP TABLE m (id text, workspace_id text, lead_id text, channel text, direction text, sender text, disposition text, intent text, body text, occurred_at double precision, answers_at text, answers_intent text);
\copy l FROM '$WORK/leads.csv' CSV
\copy m FROM '$WORK/messages.csv' CSV
INSERT INTO leads (id, workspace_id, email, custom_variables, status, opted_out, appointment_status, booked_at, history_complete, created_at, updated_at)
  SELECT id, workspace_id, email, '{}', 'new', false, appointment_status, CASE WHEN booked_at = '' OR booked_at IS NULL THEN NULL ELSE to_timestamp(booked_at::double precision) END,
         true, to_timestamp(created_at), to_timestamp(created_at) FROM l;
INSERT INTO messages (id, workspace_id, lead_id, channel, direction, sender, disposition, intent, body, body_chars, external_id, occurred_at, created_at,
                      answers_at, answers_intent)
  SELECT id, workspace_id, lead_id, channel, direction, sender, NULLIF(disposition, ''), NULLIF(intent, ''), body, length(body), id,
         to_timestamp(occurred_at), to_timestamp(occurred_at), CASE WHEN answers_at = '' OR answers_at IS NULL THEN NULL ELSE to_timestamp(answers_at::double precision) END,
         NULLIF(answers_intent, '') FROM m;
SQL
  # What autovacuum does on a live database: the visibility map lets the report scan the index only.
  psql "$PGURL" -qc "VACUUM ANALYZE" >/dev/null
  KEYING_PG=$("$BIN/replywright-bench" insights --database "$PGURL" --workspace "$WS" --runs 1)
  # What autovacuum does after the keys are written: the report's scans stay index-only.
  psql "$PGURL" -qc "VACUUM ANALYZE" >/dev/null
  PG_JSON=$("$BIN/replywright-bench" insights --database "$PGURL" --workspace "$WS" --runs 5)
  PG_JSON=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); a["firstReportSecondsKeying"]=json.loads(sys.argv[2])["firstReportSecondsKeying"]; print(json.dumps(a))' "$PG_JSON" "$KEYING_PG")
  echo "postgres: $PG_JSON"
  psql "$POSTGRES_URL" -qc "DROP DATABASE $PGDB" >/dev/null
fi

python3 - "$WORK" "$SQLITE_JSON" "$PG_JSON" <<'PY'
import json, sys, time
import duckdb
work, sqlite_json, pg_json = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]) if sys.argv[3] else None
con = duckdb.connect()
con.execute(f"CREATE TABLE leads AS SELECT * FROM read_csv('{work}/leads.csv', header=false, columns={{'id':'VARCHAR','workspace_id':'VARCHAR','email':'VARCHAR','appointment_status':'VARCHAR','booked_at':'DOUBLE','history_complete':'INTEGER','created_at':'DOUBLE'}})")
con.execute(f"CREATE TABLE messages AS SELECT * FROM read_csv('{work}/messages.csv', header=false, columns={{'id':'VARCHAR','workspace_id':'VARCHAR','lead_id':'VARCHAR','channel':'VARCHAR','direction':'VARCHAR','sender':'VARCHAR','disposition':'VARCHAR','intent':'VARCHAR','body':'VARCHAR','occurred_at':'DOUBLE','answers_at':'VARCHAR','answers_intent':'VARCHAR'}})")
# The same cohort as the store's SQL (epoch seconds): last message before each outbound, the
# credit per booked lead (cross-channel), labels with maturity, counted by the report's dimensions.
frm, to, as_of = 1767225600.0, 1798761600.0, 1801440000.0   # 2026-01-01, 2027-01-01, 2027-02-01
window, cutoff = 14 * 86400.0, as_of - 21 * 86400.0
query = f"""
WITH msgs AS (
  SELECT *, COUNT(CASE WHEN direction = 'inbound' THEN 1 END) OVER (PARTITION BY lead_id ORDER BY occurred_at, id ROWS UNBOUNDED PRECEDING) AS turn
  FROM messages WHERE occurred_at < {as_of}),
turns AS (
  SELECT *, FIRST_VALUE(CASE WHEN direction = 'inbound' THEN occurred_at END) OVER (PARTITION BY lead_id, turn ORDER BY occurred_at, id) AS in_ts,
            FIRST_VALUE(CASE WHEN direction = 'inbound' THEN intent END) OVER (PARTITION BY lead_id, turn ORDER BY occurred_at, id) AS in_intent
  FROM msgs),
o AS (SELECT * FROM turns WHERE direction = 'outbound' AND sender IN ('setter', 'ai')),
b AS (SELECT id AS lead_id, booked_at AS bts FROM leads WHERE appointment_status IN ('booked', 'rescheduled') AND booked_at IS NOT NULL AND booked_at <= {as_of}),
cand AS (SELECT o.id, o.lead_id, o.occurred_at AS ts FROM o JOIN b USING (lead_id) WHERE o.occurred_at < b.bts AND o.occurred_at >= b.bts - {window}),
xl AS (SELECT lead_id, MAX(ts) AS ts FROM cand GROUP BY lead_id),
xc AS (SELECT c.id, COUNT(*) OVER (PARTITION BY c.lead_id) AS n FROM cand c JOIN xl ON xl.lead_id = c.lead_id AND xl.ts = c.ts),
labelled AS (
  SELECT o.*, CASE WHEN xc.n = 1 THEN 'booked' WHEN xc.n > 1 THEN 'unattributed' WHEN o.occurred_at <= {cutoff} THEN 'not_booked' ELSE 'pending' END AS outcome
  FROM o LEFT JOIN xc ON xc.id = o.id WHERE o.occurred_at >= {frm} AND o.occurred_at < {to})
SELECT sender, disposition, channel, CASE WHEN length(body) < 300 THEN 1 WHEN length(body) < 700 THEN 2 WHEN length(body) < 1200 THEN 3 ELSE 4 END AS band,
       CASE WHEN in_ts IS NULL THEN 0 WHEN occurred_at - in_ts < 300 THEN 1 WHEN occurred_at - in_ts < 3600 THEN 2 WHEN occurred_at - in_ts < 86400 THEN 3 ELSE 4 END AS speed,
       COALESCE(in_intent, 'none') AS intent, CAST(FLOOR((occurred_at - 345600) / 604800) AS BIGINT) AS week, outcome, COUNT(*) AS n
FROM labelled GROUP BY ALL
"""
best, rows = None, None
for _ in range(3):
    started = time.perf_counter()
    rows = con.execute(query).fetchall()
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
booked = sum(r[-1] for r in rows if r[-2] == 'booked')
cohort = sum(r[-1] for r in rows)
print(f"duckdb: {{\"booked\": {booked}, \"cohortMessages\": {cohort}, \"seconds\": {best:.3f}}}")
print()
print("| engine | report cells (best / median of 5) | whole report (best / median) | first report, keying the loaded rows | booked | cohort | DuckDB / engine |")
print("|---|---|---|---|---|---|---|")
for name, data in [("SQLite", sqlite_json), ("PostgreSQL", pg_json)]:
    if not data: continue
    same = "same" if data["booked"] == booked and data["cohortMessages"] == cohort else "DIFFERENT"
    print(f"| {name} | {data['cellsSecondsBest']:.3f} / {data['cellsSecondsMedian']:.3f} s | {data['reportSecondsBest']:.3f} / {data['reportSecondsMedian']:.3f} s"
          f" | {data['firstReportSecondsKeying']:.1f} s | {data['booked']} ({same}) | {data['cohortMessages']} | {best / data['cellsSecondsBest']:.2f}× |")
print(f"| DuckDB {duckdb.__version__} | {best:.3f} s | – | – | {booked} | {cohort} | 1.00× |")
PY

# A 100k-line history import: peak memory, and a second run that stores nothing new (SKIP_IMPORT=1 skips it).
[ -n "${SKIP_IMPORT:-}" ] && exit 0
python3 scripts/gen-history.py --leads 10000 --messages 90000 --bookings 2000 > "$WORK/history.ndjson"
IMPORT_DB="sqlite:$WORK/import.sqlite"
IWS=$("$BIN/replywright" admin create-workspace --name "Import bench" --database "$IMPORT_DB" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
for run in first second; do
  /usr/bin/time -f "%e s, peak RSS %M KB" -o "$WORK/time.txt" "$BIN/replywright" import "$WORK/history.ndjson" --workspace "$IWS" --database "$IMPORT_DB" --quiet --log-level warning > "$WORK/run.json"
  python3 - "$WORK/run.json" "$(cat "$WORK/time.txt")" "$run" "$(wc -l < "$WORK/history.ndjson")" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
print(f"import ({sys.argv[3]} run, {sys.argv[4].strip()} lines): {sys.argv[2]}; leads {run['leads']}, messages {run['messages']}, bookings {run['bookings']}, duplicates {run['duplicates']}, errors {run['errors']}")
PY
done
