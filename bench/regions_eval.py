"""Region precision against blind hand labels (bench/region_labels.jsonl).

The labels were made by a reader who saw only the source articles, never this project's
output: for each sampled file (80 眾新聞 Markdown stories, 20 e-paper stories) the places
the story is about, finest level justified, [] when it is about no place in China.
Ingest the same sources into a data folder, then:

    newsarchive --data /tmp/hkc ingest ../shared/corpus/hkcnews-sample ../shared/corpus/epaper-html
    python -m bench.regions_eval --data /tmp/hkc

A region we give is **right** when its finest place is a labelled place or contains one
(湖北省 for a story labelled 武汉市: coarse but true), **too fine** when it sits under a
labelled place (武汉市 for a story about all of 湖北省), **wrong** otherwise (any region
for a story labelled []).  Precision = right / regions given; recall = labelled stories
given a right region / labelled stories.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from archive.describing import regions

LABELS = Path(__file__).with_name("region_labels.jsonl")              # looked at while writing the rules
HELD_OUT = Path(__file__).with_name("region_labels_heldout.jsonl")  # labelled after, never looked at


def _ours(db: sqlite3.Connection, file: str) -> list[str] | None:
    """The region path we stored for a labelled file (an e-paper fragment by its content id), None if not found."""
    path, _, fragment = file.partition("#")
    if fragment:
        row = db.execute("SELECT data FROM articles WHERE json_extract(data, '$.url') LIKE ?",
                         (f"%/{fragment}.html",)).fetchone()
    else:
        row = db.execute("SELECT data FROM articles WHERE source LIKE ?", (f"%{path}",)).fetchone()
    return json.loads(row[0]).get("region") or [] if row else None


def verdict(ours: list[str], labelled: list[str]) -> str:
    """right, too fine, wrong or none (we gave no region)."""
    if not ours:
        return "none"
    gaz = regions.gazetteer()
    code = gaz.code_for_path(ours)
    mine = set(gaz.ancestors(code)) if code else set()
    wanted = [_code(gaz, name, labelled) for name in labelled]
    if code in {a for w in wanted for a in gaz.ancestors(w)}:
        return "right"                   # the labelled place or a division containing it
    if mine & set(wanted):
        return "too fine"
    return "wrong"


def _code(gaz: regions.Gazetteer, name: str, labelled: list[str]) -> str:
    """A labelled name's division: the one under another labelled place (香港 + 南区), else the first."""
    found = gaz.lookup(name)
    under = [d for d in found for other in labelled if other != name
             if set(x.code for x in gaz.lookup(other)) & set(gaz.ancestors(d.code))]
    return (under or found)[0].code if found else ""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, required=True, help="data folder the sources were ingested into")
    p.add_argument("--labels", type=Path, default=LABELS, help=f"label file (also: {HELD_OUT.name})")
    p.add_argument("--show", action="store_true", help="print every story that is not right")
    args = p.parse_args(argv)
    db = sqlite3.connect(args.data / "articles.sqlite")
    counts: dict[str, dict[str, int]] = {}
    for line in args.labels.read_text("utf-8").splitlines():
        label = json.loads(line)
        ours = _ours(db, label["file"])
        family = label["file"].split("/")[0]
        v = "missing" if ours is None else verdict(ours, label["regions"])
        counts.setdefault(family, {}).setdefault(v, 0)
        counts[family][v] += 1
        if args.show and v != "right" and not (v == "none" and not label["regions"]):
            print(f"{v:8} {label['file']}: ours {'›'.join(ours or [])} · labelled {label['regions']}")
    for family, c in sorted(counts.items()) + [("pooled", _pool(counts))]:
        given = c.get("right", 0) + c.get("too fine", 0) + c.get("wrong", 0)
        print(f"{family:14} {dict(sorted(c.items()))}  precision {c.get('right', 0) / max(1, given):.3f} "
              f"({c.get('right', 0)}/{given})")
    return 0


def _pool(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in counts.values():
        for k, n in c.items():
            out[k] = out.get(k, 0) + n
    return out


if __name__ == "__main__":
    raise SystemExit(main())
