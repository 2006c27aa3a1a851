"""Which topic method reads held-out articles best?  Measured on hand labels, not on the seeds.

The 人民日报 articles that bench/pagegen.py lays out carry hand labels in bench/gold_labels.tsv:
the acceptable IPTC top-level topics of each.  Every method ranks topics for the article as
it stands on a generated page (title and the body cut to the page) and scores a hit when its
first topic is acceptable.  Sets (see the file's header): `tune` and `heldout` were looked at
while rules and lexicon grew; `final` was labelled afterwards and only measured.  Methods:

- lexicon: archive.describing.topics.classify, as shipped (script folded, title words ×3, √ damping);
- lexicon, title ×1: the same without weighting title words;
- lexicon, whole words: a lexicon word counts only where jieba cuts it as a word;
- lexicon, unfolded traditional: the text in traditional script, not folded (what
  classify saw before folding was added);
- naive Bayes: multinomial over jieba words, trained on the other set's labels
  (each acceptable topic a training example), Laplace smoothing.

    python -m bench.topics_eval [--corpus ../shared/corpus] [--json]
"""
from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

import jieba
from opencc import OpenCC

from archive.describing import topics
from archive.reading import script
from bench.pagegen import LABELS, ROOT, load_articles

_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]{2,}")


def labelled(corpus_dir: Path) -> list[dict]:
    """Labelled articles as they stand on a page: title, body, acceptable codes, set."""
    by_path = {a["path"]: a for a in load_articles(corpus_dir)}
    out = []
    for line in LABELS.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or parts[0] == "source" or len(parts) < 4 or parts[0] not in by_path:
            continue
        art = by_path[parts[0]]
        codes = {topics.normalize_topic(t) for t in parts[2].split("|")} - {None}
        out.append({"title": art["title"], "body": "".join(art["paragraphs"]), "codes": codes, "set": parts[3]})
    return out


def _lexicon_votes(title: str, body: str, title_weight: float, whole_words: bool) -> dict[str, float]:
    words = topics._lexicon()[0]
    if whole_words:
        counts = Counter(jieba.cut(body))
        title_counts = Counter(jieba.cut(title))
        def hits_of(w: str) -> float:
            return title_weight * title_counts[w] + counts[w]
    else:
        def hits_of(w: str) -> float:
            return title_weight * title.count(w) + body.count(w)
    votes: dict[str, float] = defaultdict(float)
    for word, targets in words.items():
        hits = hits_of(word)
        for code, weight in targets if hits else ():
            votes[code] += weight * math.sqrt(hits)
    return votes


def _first(votes: dict[str, float]) -> str | None:
    return max(votes, key=votes.get) if votes else None


def shipped(a: dict) -> str | None:
    ranked = topics.classify(script.fold(a["title"]), script.fold(a["body"]))
    return ranked[0].code if ranked else None


def title_once(a: dict) -> str | None:
    return _first(_lexicon_votes(a["title"], a["body"], 1.0, False))


def whole_words(a: dict) -> str | None:
    return _first(_lexicon_votes(a["title"], a["body"], topics.TITLE_WEIGHT, True))


def unfolded_traditional(a: dict, _s2t=OpenCC("s2t")) -> str | None:
    ranked = topics.classify(_s2t.convert(a["title"]), _s2t.convert(a["body"]))
    return ranked[0].code if ranked else None


class NaiveBayes:
    """Multinomial naive Bayes over jieba words (the textbook baseline a lexicon must beat)."""

    def __init__(self, train: list[dict]):
        self.words: dict[str, Counter] = defaultdict(Counter)
        self.docs: Counter = Counter()
        for a in train:
            tokens = self._tokens(a)
            for code in a["codes"]:
                self.docs[code] += 1
                self.words[code].update(tokens)
        self.vocab = {w for c in self.words.values() for w in c}

    @staticmethod
    def _tokens(a: dict) -> list[str]:
        return [w for w in jieba.cut(a["title"] * 3 + a["body"]) if _WORD.fullmatch(w)]

    def __call__(self, a: dict) -> str | None:
        tokens, total = self._tokens(a), sum(self.docs.values())
        def score(code: str) -> float:
            n = sum(self.words[code].values()) + len(self.vocab)
            return math.log(self.docs[code] / total) + sum(
                math.log((self.words[code][w] + 1) / n) for w in tokens if w in self.vocab)
        return max(self.docs, key=score) if self.docs else None


def accuracy(method: Callable[[dict], str | None], items: list[dict]) -> float:
    return round(sum(method(a) in a["codes"] for a in items) / len(items), 3) if items else 0.0


def run(corpus_dir: Path) -> dict:
    items = labelled(corpus_dir)
    sets = {name: [a for a in items if a["set"] == name] for name in ("tune", "heldout", "final")}
    methods: dict[str, dict[str, Callable]] = {
        "lexicon (shipped)": {s: shipped for s in sets},
        "lexicon, title ×1": {s: title_once for s in sets},
        "lexicon, whole words": {s: whole_words for s in sets},
        "lexicon, unfolded traditional": {s: unfolded_traditional for s in sets},
        "naive Bayes (trained on the other sets)": {
            s: NaiveBayes([a for name, v in sets.items() if name != s for a in v]) for s in sets},
    }
    return {"articles": {s: len(v) for s, v in sets.items()},
            "accuracy": {name: {s: accuracy(fn[s], sets[s]) for s in sets} for name, fn in methods.items()}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    result = run(args.corpus)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    n = result["articles"]
    print(f"{'method':40}" + "".join(f"{f'{s} ({k})':>15}" for s, k in n.items()))
    for name, acc in result["accuracy"].items():
        print(f"{name:40}" + "".join(f"{acc[s]:>15.3f}" for s in n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
