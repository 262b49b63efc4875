#!/usr/bin/env bash
# Checks that Sources/ and Tests/ are as swift-format (the toolchain's `swift format`) writes
# them with the project's .swift-format (4 spaces, lines up to 150). Exits non-zero and lists
# the places otherwise. `scripts/format-check.sh --fix` rewrites the files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then
    swift format format --in-place --recursive --parallel Sources Tests
    echo "format-check: formatted Sources and Tests"
    exit 0
fi
if ! swift format lint --strict --recursive --parallel Sources Tests; then
    echo "format-check: files differ from swift-format's output; run scripts/format-check.sh --fix" >&2
    exit 1
fi
echo "format-check: Sources and Tests are formatted"
