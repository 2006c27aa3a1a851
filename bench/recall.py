"""Search recall and phrase precision against substring truth, on real articles.

A journalist trusts that a search finds every article holding the characters typed.
This builds an archive of real 人民日报 articles through the real ingest, draws
queries of each kind from the articles' own text (by how jieba cut them there, so
the hard cases are the point, not an accident), and compares every match of every
query with brute force: the folded text of the article's title, kicker, subtitle
and body contains the folded query.

Kinds: `word` (a word jieba cut), `glued` (a dictionary word jieba glued to a
neighbour), `char` (one character), `cross` (two characters across jieba's cut),
`latin` (letters or digits, alone or with the next character), `phrase` (a quoted
run of 3 to 6 characters; precision must be 1.0), `punct` (a quoted phrase across
punctuation).  Queries come from a seeded random draw; tests draw with other seeds.

    python -m bench.recall --n 2000 --per-kind 120 --seed 5
"""
from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("word", "glued", "char", "cross", "latin", "phrase", "punct")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]+")


def write_corpus(corpus_dir: Path, n: int, out: Path) -> Path:
    """The first `n` 人民日报 articles (every k-th file, for spread) as a JSON Lines source."""
    files = sorted((corpus_dir / "rmrb").glob("*/*/*.txt"))
    step = max(1, len(files) // n)
    with out.open("w", encoding="utf-8") as handle:
        for path in files[::step][:n]:
            lines = path.read_text("utf-8").split("\n")
            if len(lines) < 4:
                continue
            record = {"kicker": lines[0].strip(), "title": lines[1].strip(), "subtitle": lines[2].strip(),
                      "body": "\n".join(x.strip() for x in lines[3:] if x.strip()),
                      "paper": "人民日报", "date": path.parent.name[:4] + "-" + path.parent.name[4:6]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def texts(store) -> dict[str, str]:
    """Article id → the folded text a reader can search (fields apart: no match spans two)."""
    from indexer.analysis import normalize
    return {a.id: "\n".join(normalize(x or "") for x in (a.title, a.kicker, a.subtitle, a.body))
            for a in store.iter_articles()}


def draw_queries(docs: dict[str, str], per_kind: int, seed: int) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the articles' own text."""
    import jieba
    jieba.initialize()          # the dictionary decides which pieces of a word are glued words
    rng = random.Random(seed)
    ids = sorted(docs)
    found: dict[str, set[str]] = defaultdict(set)
    tries = 0
    while min(len(found[k]) for k in KINDS) < per_kind and tries < per_kind * 400:
        tries += 1
        text = docs[rng.choice(ids)]
        cut = [(w, a) for w, a, _ in jieba.tokenize(text)]
        if len(cut) < 3:
            continue
        i = rng.randrange(len(cut) - 1)
        (word, at), (after, _) = cut[i], cut[i + 1]
        kind = rng.choice(KINDS)
        query = _draw(kind, text, word, at, after, rng)
        if query and len(found[kind]) < per_kind:
            found[kind].add(query)
    return [(k, q) for k in KINDS for q in sorted(found[k])]


def _draw(kind: str, text: str, word: str, at: int, after: str, rng: random.Random) -> str | None:
    import jieba
    if kind == "word":
        return word if len(word) >= 2 and all(_CJK.match(c) for c in word) else None
    if kind == "glued":
        if len(word) < 3 or not all(_CJK.match(c) for c in word):
            return None
        inner = [word[a:a + n] for n in (2, 3) for a in range(len(word) - n + 1)
                 if word[a:a + n] != word and jieba.get_FREQ(word[a:a + n])]
        return rng.choice(inner) if inner else None
    if kind == "char":
        return word[0] if _CJK.match(word[0]) else None
    if kind == "cross":
        pair = word[-1] + after[:1]
        return pair if len(pair) == 2 and all(_CJK.match(c) for c in pair) else None
    if kind == "latin":
        m = _LATIN.search(text, rng.randrange(len(text)))
        if not m:
            return None
        tail = text[m.end():m.end() + 1]
        return m.group(0) + tail if rng.random() < 0.5 and _CJK.match(tail or "x") else m.group(0)
    span = text[at:at + rng.randint(3, 6)]
    if kind == "phrase":
        return f'"{span}"' if len(span) >= 3 and all(_CJK.match(c) for c in span) else None
    m = re.search(r"[\u4e00-\u9fff]{2}[，、。；][\u4e00-\u9fff]{2}", text[at:at + 80])
    return f'"{m.group(0)}"' if m else None


def measure(searcher, docs: dict[str, str], queries: list[tuple[str, str]], mode: str = "exact") -> dict:
    """Per kind: recall (micro, over every true article), precision, queries, misses with examples."""
    from indexer.analysis import normalize
    from indexer.search import SearchRequest
    out: dict[str, dict] = {}
    for kind in KINDS:
        tp = fn = fp = 0
        misses: list[str] = []
        for k, query in queries:
            if k != kind:
                continue
            needle = normalize(query.strip('"'))
            truth = {i for i, t in docs.items() if needle in t}
            got = set(searcher.all_ids(SearchRequest(q=query, mode=mode)))
            tp, fn, fp = tp + len(truth & got), fn + len(truth - got), fp + len(got - truth)
            if truth - got and len(misses) < 5:
                misses.append(f"{query}: {len(truth - got)} of {len(truth)} missed")
        n = sum(k == kind for k, _ in queries)
        out[kind] = {"queries": n, "recall": round(tp / max(tp + fn, 1), 4),
                     "precision": round(tp / max(tp + fp, 1), 4), "misses": misses}
    return out


def build(corpus_dir: Path, n: int, work: Path):
    """A data folder holding `n` real articles, through the real ingest and index."""
    from archive.storing.ingest import ingest_paths
    from library.datadir import DataDir
    source = write_corpus(corpus_dir, n, work / "articles.jsonl")
    data = DataDir(work / "data")
    ingest_paths([source], data.store())
    data.sync_index()
    return data


def words_only() -> None:
    """Build the index as it would be without the characters: no `*_grams`/`*_chars` fields and the
    words with positions (for phrases), written by the same writer, to measure what they cost."""
    from whoosh.fields import TEXT

    import indexer.sync
    import indexer.writer
    from indexer.analysis import word_analyzer
    from indexer.schema import TEXT_FIELDS, TITLE_BOOST, build_schema

    def schema():
        full = build_schema()
        for name in TEXT_FIELDS:
            for suffix in ("_grams", "_chars"):
                full.remove(name + suffix)
            full.remove(name)
            full.add(name, TEXT(analyzer=word_analyzer(), stored=name == "body",
                                field_boost=TITLE_BOOST if name == "title" else 1.0))
        return full

    document = indexer.writer.document
    indexer.writer.build_schema = indexer.sync.build_schema = schema
    indexer.writer.document = lambda article: {k: v for k, v in document(article).items()
                                               if not k.endswith(("_grams", "_chars"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--per-kind", type=int, default=120)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--mode", default="exact")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--words-only", action="store_true", help="measure the index without characters")
    args = parser.parse_args(argv)
    if args.words_only:
        words_only()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        data = build(args.corpus_dir, args.n, Path(tmp))
        built = time.perf_counter() - started
        docs = texts(data.store())
        queries = [] if args.words_only else draw_queries(docs, args.per_kind, args.seed)
        report = measure(data.searcher(), docs, queries, args.mode) if queries else {}
        size = sum(f.stat().st_size for f in (Path(tmp) / "data" / "index").glob("*.*"))
    print(json.dumps({"articles": len(docs), "build_s": round(built, 1), "index_bytes": size,
                      "kinds": report}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
