"""Line labels for a gold set's pages (archive/reading/align.py), written as a training family folder.

    python -m bench.align_labels ../shared/gold/seeds.json --pages seeds --out /tmp/labels/rmrb-text-seeds
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from archive.reading.align import align


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("gold", type=Path)
    p.add_argument("--pages", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True, help="a family folder: pages, gold.json and labels.jsonl")
    args = p.parse_args(argv)
    gold = json.loads(args.gold.read_text("utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    rows, kept = [], []
    for page in gold["pages"]:
        path = args.pages / page["seed"]
        labelled = align(path.read_text("utf-8"), page["articles"])
        if labelled is None:
            print(f"skipped {page['seed']}: some line fits no gold item")
            continue
        shutil.copy(path, args.out / page["seed"])
        rows.append(json.dumps({"page": page["seed"], "lines": labelled}, ensure_ascii=False))
        kept.append(page)
    (args.out / "labels.jsonl").write_text("\n".join(rows) + "\n", "utf-8")
    (args.out / "gold.json").write_text(json.dumps(dict(gold, pages=kept), ensure_ascii=False), "utf-8")
    print(f"{len(kept)} of {len(gold['pages'])} pages labelled in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
