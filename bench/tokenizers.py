"""Is rjieba jieba? Cuts compared word for word on real articles, and their speed.

Issue 17 allows rjieba (jieba's algorithm in Rust) only where its cuts are jieba's own.
Three ways are compared with `jieba.lcut` on every paragraph of a sample of 人民日报:
rjieba alone; rjieba on jieba's own blocks of Chinese characters only (jieba cuts text
block by block; blocks mixing scripts stay with jieba); and the same with jieba's own
dictionary loaded into an empty rjieba.  The archive keeps jieba while any paragraph
differs.

    python -m bench.tokenizers [--corpus-dir ../shared/corpus] [--every 5]
"""
from __future__ import annotations

import argparse
import logging
import re
import time
from pathlib import Path

import jieba

_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")      # jieba.re_han_default
_HAN = re.compile(r"[\u4E00-\u9FD5]+")


def _by_blocks(cutter):
    def cut(text: str) -> list[str]:
        out: list[str] = []
        for k, piece in enumerate(_BLOCK.split(text)):
            if piece:
                out += cutter(piece) if k % 2 and _HAN.fullmatch(piece) else jieba.lcut(piece)
        return out
    return cut


def _with_jieba_dictionary():
    import rjieba
    engine = rjieba.Jieba.empty()
    with open(jieba.get_dict_file().name, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                engine.add_word(parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None)
    return engine.cut


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus-dir", type=Path, default=Path("../shared/corpus"))
    p.add_argument("--every", type=int, default=5, help="take every Nth article file")
    args = p.parse_args(argv)
    import rjieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    files = sorted((args.corpus_dir / "rmrb").glob("*/*/*.txt"))[::args.every]
    paragraphs = [x for f in files for x in f.read_text("utf-8").split("\n") if x.strip()]
    truth_start = time.perf_counter()
    truth = [jieba.lcut(x) for x in paragraphs]
    base = time.perf_counter() - truth_start
    print(f"{len(paragraphs):,} paragraphs of {len(files):,} articles; jieba {base:.2f} s")
    for name, cut in (("rjieba alone", rjieba.cut), ("rjieba on Chinese blocks", _by_blocks(rjieba.cut)),
                      ("the same, jieba's dictionary", _by_blocks(_with_jieba_dictionary()))):
        start = time.perf_counter()
        got = [cut(x) for x in paragraphs]
        took = time.perf_counter() - start
        differ = [x for x, a, b in zip(paragraphs, truth, got) if a != b]
        print(f"{name:30} {took:6.2f} s ({base / took:4.1f}x)  paragraphs cut differently: {len(differ):,}"
              + (f"  e.g. {differ[0].strip()[:40]}" if differ else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
