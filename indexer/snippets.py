"""Highlighted snippets: the window of the text with the most matches, matches in <mark>.

Matches are found as literal strings in the normalised text (same length as the
original, so offsets carry over), which marks 马克思 whole and a phrase as one
span.  Everything else is HTML-escaped: <mark> is the only markup a snippet holds.
"""
from __future__ import annotations

from html import escape

from indexer.analysis import normalize

WIDTH = 120


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every occurrence of every term."""
    norm = normalize(text)
    found = []
    for term in {t for t in terms if t}:
        start = norm.find(term)
        while start != -1:
            found.append((start, start + len(term)))
            start = norm.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _best_window(text: str, found: list[tuple[int, int]], width: int) -> int:
    """Start of the `width`-character window covering the most matches (starting a little before one)."""
    best, best_count = 0, -1
    for a, _ in found:
        start = max(0, a - width // 4)
        count = sum(1 for x, y in found if x >= start and y <= start + width)
        if count > best_count:
            best, best_count = start, count
    return best


def snippet(text: str, terms: list[str], width: int = WIDTH) -> str:
    """HTML: an escaped excerpt of `text` with the terms wrapped in <mark>."""
    text = " ".join(text.split("\n"))
    found = spans(text, terms)
    start = _best_window(text, found, width) if found else 0
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
