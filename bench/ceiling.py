"""The ceiling on ingest speed-ups: how fast is Whoosh's writer when tokenizing costs nothing?

    python -m bench.ceiling [--n 2000] [--corpus bench/out/corpus-10k.jsonl]

Issue 4 asks for ingest at ten times the naive throughput.  The naive way spends
its time in two places: jieba (through `ChineseAnalyzer`) and Whoosh's pure-Python
writer.  This measures both on the same records in one run: the naive way as
documented, and the same schema fed text jieba has already cut (outside the timed
part) through a whitespace tokenizer, which leaves only Whoosh's writer.  Their
ratio bounds what any tokenizer (rjieba, caching) can win on one core; two cores
double it at best.
"""
from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

import jieba
from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT, Schema

from bench import naive

ROOT = Path(__file__).resolve().parent.parent


def _records(path: Path, n: int) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [dict(json.loads(line), id=str(i)) for i, line in enumerate(itertools.islice(fh, n))]


def _pre_cut(records: list[dict]) -> list[dict]:
    """The naive fields with title and body already cut by jieba's search mode, words separated by spaces."""
    return [dict(naive.record_fields(r), title=" ".join(jieba.cut_for_search(r.get("title") or "")),
                 body=" ".join(jieba.cut_for_search(r.get("body") or ""))) for r in records]


def _writer_only(docs: list[dict], folder: Path) -> float:
    words = SpaceSeparatedTokenizer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True, analyzer=words),
                    body=TEXT(stored=True, analyzer=words), region=ID(stored=True), topic=ID(stored=True),
                    paper=ID(stored=True), date=ID(stored=True))
    writer = index.create_in(str(folder), schema).writer()
    start = time.perf_counter()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return time.perf_counter() - start


def run(corpus: Path, n: int) -> dict:
    records = _records(corpus, n)
    jieba.initialize()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        naive.build_index(records, Path(tmp) / "naive")
        naive_s = time.perf_counter() - start
        writer_s = _writer_only(_pre_cut(records), Path(tmp))
    return {"articles": len(records), "naive_articles_per_s": len(records) / naive_s,
            "writer_only_articles_per_s": len(records) / writer_s, "ceiling_one_core_x": naive_s / writer_s}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Whoosh's writer alone against the naive way: the ingest ceiling")
    p.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-10k.jsonl",
                   help="JSON Lines of articles (python -m bench.corpus makes one)")
    p.add_argument("--n", type=int, default=2000)
    args = p.parse_args(argv)
    r = run(args.corpus, args.n)
    print(f"{r['articles']} articles: naive {r['naive_articles_per_s']:.1f}/s, Whoosh's writer alone "
          f"{r['writer_only_articles_per_s']:.1f}/s: tokenizing for free makes ingest at most "
          f"{r['ceiling_one_core_x']:.2f}x the naive way on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
