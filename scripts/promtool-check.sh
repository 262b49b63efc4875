#!/usr/bin/env bash
# Checks the Prometheus alert rules (deploy/prometheus/alerts.yml) with promtool: syntax and
# expressions (`check rules`), then the unit tests of each alert (`test rules`); and that every
# query of the Grafana dashboard (deploy/grafana/replywright.json) parses, by checking them as
# recording rules. promtool comes with Debian's `prometheus` package.
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"
promtool check rules alerts.yml
promtool test rules alerts.test.yml

queries="$(mktemp --suffix=.yml)"
trap 'rm -f "$queries"' EXIT
python3 - ../grafana/replywright.json "$queries" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
rules = [{"record": f"grafana:panel_{panel['id']}_{target['refId']}", "expr": target["expr"]}
         for panel in dashboard["panels"] for target in panel["targets"]]
json.dump({"groups": [{"name": "grafana", "rules": rules}]}, open(sys.argv[2], "w"))
print(f"grafana: {len(rules)} queries")
PY
promtool check rules "$queries"
