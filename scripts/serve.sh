#!/usr/bin/env bash
# Set up, ingest the sample pages in seeds/, and serve the UI on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/newsarchive ingest seeds/
exec .venv/bin/newsarchive serve --host 127.0.0.1 --port "${PORT:-8000}"
