#!/usr/bin/env bash
# Checks the Prometheus alert rules (deploy/prometheus/alerts.yml) with promtool: syntax and
# expressions (`check rules`), then the unit tests of each alert (`test rules`). promtool comes
# with Debian's `prometheus` package.
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"
promtool check rules alerts.yml
promtool test rules alerts.test.yml
