"""How long a server takes to open a built archive: with the facet columns ingest writes, and without.

Each open runs in a fresh process (imports excluded, jieba's dictionary included), as a
server starting up would.  Without the columns, the searcher reads every document's facet
values from Whoosh's stored fields; ingest now saves them (indexer/facets.py write_columns).
The data folder's column cache is removed for the second measurement and written again after.

    python -m bench.open --data bench/out/work-100k/data
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from indexer.facets import CACHE_DIR, write_columns

_OPEN = ("import json, sys, time\n"
         "from pathlib import Path\n"
         "from indexer.search import Searcher\n"
         "t = time.perf_counter(); Searcher(Path(sys.argv[1]))\n"
         "print(json.dumps(time.perf_counter() - t))\n")


def open_seconds(index_dir: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _OPEN, str(index_dir)], check=True, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, required=True, help="a data folder built by newsarchive ingest or bench.run")
    args = p.parse_args(argv)
    index_dir = args.data / "index"
    write_columns(index_dir)
    with_columns = open_seconds(index_dir)
    shutil.rmtree(index_dir / CACHE_DIR)
    without = open_seconds(index_dir)
    shutil.rmtree(index_dir / CACHE_DIR, ignore_errors=True)
    t = time.perf_counter()
    write_columns(index_dir)
    write_s = time.perf_counter() - t
    print(json.dumps({"open_s_with_columns": round(with_columns, 2), "open_s_without_columns": round(without, 2),
                      "write_columns_s": round(write_s, 2), "faster_x": round(without / with_columns, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
