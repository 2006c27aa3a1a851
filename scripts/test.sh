#!/usr/bin/env bash
# Set up (Python packages, and Debian's chromium for the browser tests) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
   || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
.venv/bin/ruff check .          # lint first: pyproject.toml says which rules
exec .venv/bin/python -m pytest -n auto "$@"   # -n: one worker a core (pytest-xdist)
