"""Line labels from a page's items: which line is whose headline, start, inside or caption.

An item (an article as read, or a gold item in ../shared/gold/seeds.json format)
names its body's first and last characters and its headline.  The lines from the first to the last are the item's
(`start`, then `inside`; `photo` for a photo); a line that is part of a title is a
headline, `head` when it stands within a few lines before its story, else
`gathered`; a dateline or byline on its own line next to a story is the story's.
A page where some line fits nothing gets no labels, so a wrong label is never used.

Training uses it on gold sets (bench/align_labels.py); the reader uses it on what the
printed-mark rules read, whose labels are then one more feature of each line.
"""
from __future__ import annotations

import re

from archive.reading import bylines, clean
from archive.reading.cohesion import pair_share
from archive.reading.lines import page_lines

_WS = re.compile(r"\s+")
_PARTS = (("kicker", "kicker"), ("head", "title"), ("subtitle", "subtitle"))    # line label, item field
_HEADS = {label for label, _ in _PARTS}


def _squeeze(text: str | None) -> str:
    return _WS.sub("", clean.normalize(text or ""))


def align(text: str, items: list[dict], partial: bool = False) -> list[list] | None:
    """[text, role, story] for every line of the page (blank lines included).

    None when some line fits nothing, unless `partial`: then such lines have role None.
    """
    lines = page_lines(text)
    flat, starts = "", []
    for line in lines:
        starts.append(len(flat))
        flat += _squeeze(line.text)
    role: list[str | None] = [None] * len(lines)
    story: list[int | None] = [None] * len(lines)
    spans = []
    for k, item in enumerate(items):
        a = flat.find(_squeeze(item.get("starts_with")))
        b = flat.find(_squeeze(item.get("ends_with")), max(a, 0))
        if a < 0 or b < 0:
            if partial:
                continue
            return None
        first = max(i for i, s in enumerate(starts) if s <= a)
        last = max(i for i, s in enumerate(starts) if s <= b + len(_squeeze(item.get("ends_with"))) - 1)
        spans.append((last - first, k, first, last))
    for _, k, first, last in sorted(spans, reverse=True):        # inner items (photos) label last
        kind = "photo" if items[k].get("kind") == "photo" else "inside"
        for i in range(first, last + 1):
            role[i], story[i] = kind, k
        if kind == "inside":
            role[first] = "start"
        for j in (first - 1, last + 1):
            if 0 <= j < len(lines) and role[j] is None and _byline(lines[j].text):
                role[j], story[j] = ("start" if j < first else "inside"), k
                if j < first:
                    role[first] = "inside"
    _titles(lines, items, role, story)
    if any(r is None for r in role) and not partial:
        return None
    return _with_blanks(text, lines, role, story)


def _byline(text: str) -> bool:
    return bool(bylines.DATELINE.match(text) or bylines.is_byline(text))      # is_byline covers OPEN_LINE


def _titles(lines: list, items: list[dict], role: list, story: list) -> None:
    for k, item in enumerate(items):
        parts = {label: _squeeze(item.get(key)) for label, key in _PARTS if item.get(key)}
        if not parts:
            continue
        start = next((i for i in range(len(lines)) if story[i] == k), None)
        for i, line in enumerate(lines):
            got = _squeeze(clean.undouble(line.text))
            fits = [(got in text or pair_share(got, text) >= 0.6, pair_share(got, text), label)
                    for label, text in parts.items()]
            best = max(fits)
            if role[i] is None and len(got) >= 2 and best[0]:
                near = start is not None and 0 < start - i <= 4
                role[i], story[i] = (best[2] if near else "gathered"), k
    for i in range(len(lines) - 1, -1, -1):        # kickers and subtitles: unlabelled lines next to a headline
        nxt = next((j for j in range(i + 1, len(lines)) if role[j] is not None), None)
        if role[i] is None and nxt is not None and nxt - i <= 2 and (
                role[nxt] in _HEADS or role[nxt] == "start" and clean.head_shape(lines[i].text)):
            role[i], story[i] = ("kicker" if role[nxt] in ("kicker", "head") else "head"), story[nxt]
    for i in range(1, len(lines) - 1):              # a section head inside a story is the story's
        if role[i] is None and story[i - 1] is not None and story[i - 1] == story[i + 1] \
                and role[i + 1] == "inside":
            role[i], story[i] = "inside", story[i - 1]





def _with_blanks(text: str, lines: list, role: list, story: list) -> list[list]:
    out, k = [], 0
    for raw in clean.normalize(text).split("\n"):
        if raw.strip():
            out.append([raw, role[k], story[k]])
            k += 1
        else:
            out.append(["", "blank", None])
    return out
