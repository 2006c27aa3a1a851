"""Highlighted snippets: the window of the text with the most matches, matches in <mark>.

Matches are found as literal strings in the normalised text (same length as the
original, so offsets carry over), which marks 马克思 whole and a phrase as one
span.  Everything else is HTML-escaped: <mark> is the only markup a snippet holds.
"""
from __future__ import annotations

from html import escape

from indexer.analysis import normalize

WIDTH = 120
MAX_SPANS = 2000    # occurrences marked per term: a 10 MB article holding a word 100,000 times stays fast


def spans(text: str, terms: list[str], limit: int = MAX_SPANS) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the occurrences of every term (the first `limit` of each)."""
    norm = normalize(text)
    found = []
    for term in {t for t in terms if t}:
        start = norm.find(term)
        for _ in range(limit):
            if start == -1:
                break
            found.append((start, start + len(term)))
            start = norm.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _best_window(found: list[tuple[int, int]], width: int) -> int:
    """Start of the `width`-character window covering the most matches (starting a little before one).

    The spans are sorted and disjoint, so as the window slides right both its first and its
    last span only move right: one pass with two pointers, linear in the number of spans."""
    best, best_count, lo, hi = 0, -1, 0, 0
    for a, _ in found:
        start = max(0, a - width // 4)
        while found[lo][0] < start:
            lo += 1
        while hi < len(found) and found[hi][1] <= start + width:
            hi += 1
        if hi - lo > best_count:
            best, best_count = start, hi - lo
    return best


def snippet(text: str, terms: list[str], width: int = WIDTH) -> str:
    """HTML: an escaped excerpt of `text` with the terms wrapped in <mark>."""
    text = " ".join(text.split("\n"))
    found = spans(text, terms)
    start = _best_window(found, width) if found else 0
    end = min(len(text), start + width)
    out, cursor = ["…" if start else ""], start
    for a, b in found:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out += [escape(text[cursor:a]), "<mark>", escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


def highlight(text: str, terms: list[str]) -> str:
    """The whole text escaped with every match marked (for the article page)."""
    found = spans(text, terms)
    out, cursor = [], 0
    for a, b in found:
        out += [escape(text[cursor:a]), "<mark>", escape(text[a:b]), "</mark>"]
        cursor = b
    out.append(escape(text[cursor:]))
    return "".join(out)
