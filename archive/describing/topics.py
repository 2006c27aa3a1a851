"""Topics: the IPTC Media Topics top level, ranked with scores, with Chinese subtopics beneath.

A weighted lexicon (data/topic_lexicon.tsv): each word votes for a topic with a
weight, title words count TITLE_WEIGHT times, and votes are damped by a square
root so one word repeated twenty times does not drown the rest.  Scores are the
topics' shares of all votes; a topic is kept when its share passes MIN_SHARE
(the first always, if any word voted).  Text comes in folded to simplified script
(archive/reading/script.py), the script the lexicon is written in.

Chosen by `python -m bench.topics_eval`, on hand-labelled 人民日报 articles: first topic
acceptable for 0.97 of held-out articles, against 0.95 with title words unweighted, 0.92
counting only whole jieba words, 0.82 for naive Bayes trained on the other labelled set,
and 0.69 on traditional text left unfolded.
"""
from __future__ import annotations

import csv
import math
from collections import defaultdict
from functools import lru_cache

from archive import DATA
from archive.model import Topic

TITLE_WEIGHT = 3.0
MIN_SHARE = 0.2


@lru_cache(maxsize=1)
def _taxonomy() -> tuple[dict[str, str], dict[str, str]]:
    """code → display label, and every accepted form (lower-cased) → code."""
    labels, aliases = {}, {}
    for row in _rows("topics.tsv"):
        code = row["code"]
        labels[code] = row["label"]
        for form in (code, f"medtop:{code}", row["label"], row["iptc_zh"], row["iptc_en"]):
            aliases[form.lower()] = code
    return labels, aliases


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text("utf-8")
    return list(csv.DictReader([row for row in text.splitlines() if row and not row.startswith("#")], delimiter="\t"))


def taxonomy() -> dict[str, str]:
    """The 17 top-level codes with their Chinese display labels."""
    return dict(_taxonomy()[0])


def normalize_topic(value: str) -> str | None:
    """Any accepted form (code, medtop:code, display label, IPTC zh-Hans or English label) → code."""
    return _taxonomy()[1].get((value or "").strip().lower())


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[tuple[str, float]]], dict[str, dict[str, list[str]]]]:
    words: dict[str, list[tuple[str, float]]] = defaultdict(list)
    subs: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows("topic_lexicon.tsv"):
        if row["subtopic"]:
            subs[row["code"]][row["subtopic"]].append(row["word"])
        else:
            words[row["word"]].append((row["code"], float(row["weight"])))
    return dict(words), {code: dict(v) for code, v in subs.items()}


def classify(title: str | None, body: str, *, limit: int = 3) -> list[Topic]:
    """Ranked topics with scores in 0..1 (shares of the evidence); [] when no word speaks."""
    words, subs = _lexicon()
    votes: dict[str, float] = defaultdict(float)
    for word, targets in words.items():
        hits = TITLE_WEIGHT * (title or "").count(word) + body.count(word)
        if hits:
            for code, weight in targets:
                votes[code] += weight * math.sqrt(hits)
    total = sum(votes.values())
    if not total:
        return []
    labels = _taxonomy()[0]
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    text = (title or "") + body
    out = []
    for rank, (code, vote) in enumerate(ranked[:limit]):
        share = vote / total
        if rank and share < MIN_SHARE:
            break
        found = [name for name, cues in subs.get(code, {}).items() if sum(text.count(c) for c in cues) >= 2]
        out.append(Topic(code, labels[code], round(share, 3), found))
    return out
