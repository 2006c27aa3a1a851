"""Train the line labeller (archive/reading/linemodel.py) on pages with known lines; measure it on held-out families.

Training pages come from bench/ocr_pages.py (each family folder has labels.jsonl: every
emitted line with the role and story the layout drew it for).  Roles become labels:
the first body line of a story is `start`, the
rest `inside`; captions and credits `photo`; a title's lines are `head`.

    python -m bench.train_reader /tmp/ocr-pages/*/ --write            # train on all, ship the weights
    python -m bench.train_reader /tmp/ocr-pages/*/ --hold-out order   # leave one reading order out at a time
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from archive.evaluate import evaluate
from archive.reading import align, bylines, clean, linemodel, segment
from archive.reading import lines as lines_module
from archive.reading.lines import LABELS, features, page_lines

_ROLE = {"masthead": "masthead", "kicker": "kicker", "title": "head", "subtitle": "subtitle", "gathered": "gathered",
         "caption": "photo", "credit": "photo", "jump": "jump"}
AXES = {"source": 0, "engine": 1, "order": 2}


def page_examples(entry: dict) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of one labelled page."""
    text = "\n".join(t for t, _, _ in entry["lines"])
    lines = page_lines(text)
    kept = [(role, story) for t, role, story in entry["lines"] if t.strip()]
    if len(kept) != len(lines):
        raise ValueError(f"{entry['page']}: {len(kept)} labelled lines, {len(lines)} read")
    seen: set = set()
    labels = []
    for role, story in kept:
        if role in LABELS:                  # labels found by bench/align_labels.py
            labels.append(role)
        elif role in ("body", "subhead"):
            labels.append("inside" if story in seen else "start")
            seen.add(story)
        else:
            labels.append(_ROLE[role])
    return features(lines, segment.rule_labels(text)), np.array([LABELS.index(x) for x in labels], dtype=np.int64)


def load(folders: list[Path]) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Examples per family folder (cached beside its labels until they or the feature code change)."""
    out = {}
    code = max(Path(m.__file__).stat().st_mtime for m in (lines_module, segment, align, bylines, clean))
    for folder in folders:
        labels, cache = folder / "labels.jsonl", folder / "features.npz"
        if cache.exists() and cache.stat().st_mtime > max(labels.stat().st_mtime, code):
            saved = np.load(cache)
            out[folder.name] = [(saved[f"x{k}"], saved[f"y{k}"]) for k in range(len(saved.files) // 2)]
            continue
        rows = [json.loads(x) for x in labels.read_text("utf-8").splitlines() if x.strip()]
        out[folder.name] = [page_examples(r) for r in rows]
        np.savez(cache, **{f"{v}{k}": a for k, p in enumerate(out[folder.name]) for v, a in zip("xy", p)})
    return out


def fit(data: dict[str, list], families: list[str]) -> linemodel.LineModel:
    """Train on the families named; pages without OCR (a tenth of the lines) count three times."""
    pages = [p for f in families for p in data[f] * (3 if f.split("-")[1] == "text" else 1)]
    x = np.vstack([p[0] for p in pages])
    y = np.concatenate([p[1] for p in pages])
    return linemodel.train(x, y, [p[1] for p in pages])


def score(model: linemodel.LineModel, folders: list[Path], reader: str) -> dict[str, dict]:
    """`newsarchive evaluate --reader READER` figures for each folder, the labeller being `model`."""
    linemodel.use(model)
    os.environ["NEWSARCHIVE_READER"] = reader
    try:
        return {f.name: evaluate(json.loads((f / "gold.json").read_text("utf-8")), f).metrics() for f in folders}
    finally:
        linemodel.use(None)
        del os.environ["NEWSARCHIVE_READER"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folders", nargs="*", type=Path, help="training family folders (with labels.jsonl)")
    p.add_argument("--hold-out", choices=sorted(AXES), help="train without each value of this axis in turn")
    p.add_argument("--readers", default="rules,learned,auto", help="readers to measure on held-out families")
    p.add_argument("--measure", nargs="*", type=Path, default=[],
                   help="gold folders never trained on: measured with the shipped weights")
    p.add_argument("--write", action="store_true", help=f"train on every folder and write {linemodel.MODEL}")
    args = p.parse_args(argv)
    folders = [f for f in args.folders if (f / "labels.jsonl").exists()]
    for reader in args.readers.split(",") if args.measure else []:
        for name, m in score(linemodel.load(), args.measure, reader).items():
            print(_row(f"never trained on {reader:7}", name, m), flush=True)
    data = load(folders) if args.write or args.hold_out else {}
    if args.write:
        model = fit(data, list(data))
        model.save(about=f"python -m bench.train_reader --write on {len(folders)} families: "
                         + ", ".join(sorted(data)))
        print(f"wrote {linemodel.MODEL}")
    if args.hold_out:
        axis = AXES[args.hold_out]
        for value in sorted({f.name.split("-")[axis] for f in folders}):
            held = [f for f in folders if f.name.split("-")[axis] == value]
            model = fit(data, [f.name for f in folders if f not in held])
            for reader in args.readers.split(","):
                for name, m in score(model, held, reader).items():
                    print(_row(f"held out {args.hold_out}={value:10} {reader:7}", name, m), flush=True)
    return 0


def _row(what: str, name: str, m: dict) -> str:
    return (f"{what} {name:28} F1 {m['f1']:.3f} ({m['matched']}/{m['gold']}, {m['extracted']} extracted)  "
            f"title {m['title']['correct']}/{m['title']['total']}  authors {m['authors']['correct']}/"
            f"{m['authors']['total']}")


if __name__ == "__main__":
    raise SystemExit(main())
