#!/usr/bin/env bash
# Create .venv and install news-archive into it (idempotent). Used by serve.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
target=".[ocr]"                       # scans need the OCR engine; the test extra comes on top
[ -n "${1:-}" ] && target=".[ocr,$1]"
log=$(mktemp)
if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
       .venv/bin/python -m pip install -q --disable-pip-version-check -e "$target"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: installing the Python packages failed (output above)" >&2
  exit 1
fi
rm -f "$log"
