"""How well pages are read, over many freshly generated gold sets: one command, per set and pooled.

A rule tuned on the sets it is measured on looks better than it is.  This builds
pages for any number of seeds (bench/pagegen.py, from ../shared/corpus), runs the
evaluation of `newsarchive evaluate` on each set and pools them, so a change can be
judged on seeds nobody has looked at.  Sets without hand labels still measure
boundaries, titles, authors and kinds; region and topic figures come only from
articles in bench/gold_labels.tsv.

    python -m bench.reading --seeds 307,401,503
    python -m bench.reading --seeds 307,401,503 --json
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from archive.evaluate import CHECKS, Report, evaluate
from bench.pagegen import ROOT, build_pages


def measure(corpus: Path, seeds: list[int], pages: int = 24) -> dict[str, dict]:
    """Metrics for each seed's set and for all sets pooled."""
    pooled = Report()
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="reading-") as tmp:
        for seed in seeds:
            folder = Path(tmp) / str(seed)
            gold = json.loads(build_pages(corpus, folder, n_pages=pages, seed=seed).read_text("utf-8"))
            report = evaluate(gold, folder)
            pooled.pages += report.pages
            out[str(seed)] = report.metrics()
    out["pooled"] = pooled.metrics()
    return out


def _row(name: str, m: dict) -> str:
    cells = [f"{name:>8}", f"F1 {m['f1']:.3f} ({m['matched']}/{m['gold']}, {m['extracted']} extracted)"]
    for check in CHECKS:
        c = m[check]
        if c["total"]:
            cells.append(f"{check} {c['correct']}/{c['total']} ({c['accuracy']:.3f})")
    return "  ".join(cells)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument("--seeds", default="307,401,503", help="comma-separated pagegen seeds")
    p.add_argument("--pages", type=int, default=24, help="pages per set")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not (args.corpus / "rmrb").is_dir():
        p.error(f"no corpus at {args.corpus} (it lives in ../shared/corpus beside the clone)")
    figures = measure(args.corpus, [int(s) for s in args.seeds.split(",") if s.strip()], args.pages)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        for name, m in figures.items():
            print(_row(name, m))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
