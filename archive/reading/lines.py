"""Each line of a page as numbers: what a learned reader weighs to tell headline from body.

The rules that used to decide (dateline, byline, credit, continuation marks, headline
shape, Markdown level, OCR doubling) are features here, beside what a compositor's
page shows without them: a line's length against the page's usual line, closing
punctuation, blank lines, where on the page it sits, whether its characters come back
in the text right after it (an in-place headline) or anywhere else on the page (a
gathered one), and how much the text before and after it shares (lexical cohesion).
Each line also sees its two neighbours on each side, so the model reads a window.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

import numpy as np

from archive.reading import bylines, clean
from archive.reading.cohesion import char_pairs

LABELS = ("masthead", "kicker", "head", "subtitle", "gathered", "start", "inside", "photo", "jump")
_CONTEXT = (-2, -1, 1, 2)
_MD = re.compile(r"^\s{0,3}(#{1,6})\s+")
# A page header: its date, 版次 or weekday (人民日报 2020年02月22日 第1版 综合).
MASTHEAD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*[0-9一二三四五六七八九十]+\s*版|星期[一二三四五六日天]")
# What a page header or an e-paper's page list names: the paper (人民日报, 眾新聞), and the page
# as 第01版：今日要闻 (its number, then its name, which may be printed spaced out: 综 合).
PAPER_NAME = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:报|報|新闻|新聞))")
_PAGE_LABEL = re.compile(r"第\s*(\d{1,3})\s*版\s*[：:]?\s*([\u4e00-\u9fff]{2,6}|(?:[\u4e00-\u9fff] ){1,5}[\u4e00-\u9fff])?")
_SOFT_END = tuple("，、；：,;:")


def page_label(text: str) -> tuple[str, str | None] | None:
    """The first page label in a text: its number, two digits at least, and its name without spaces."""
    found = _PAGE_LABEL.search(text)
    if not found:
        return None
    return found.group(1).zfill(2), "".join(found.group(2).split()) if found.group(2) else None
_REACH = 160
_CAPTION_REACH = 4       # a caption is a few lines ending in its credit
_SHOT = re.compile(r"[摄攝](?:影)?\s*[）)]?$|[摄攝]\s*[（(]|[摄攝]\s*$")
_PAIRS = ("（）", "()", "“”", "「」", "《》", "【】")
_LABEL = re.compile(r"[（(【\[][^）)】\]]{1,12}[）)】\]]")


@dataclass
class PageLine:
    """A non-blank line: its text (spaces fixed), Markdown level and the blank lines around it."""

    text: str
    level: int
    blank_before: bool
    blank_after: bool = False


def page_lines(text: str) -> list[PageLine]:
    """The page's non-blank lines, in order."""
    out: list[PageLine] = []
    blank = True
    for raw in clean.normalize(text).split("\n"):
        if not raw.strip():
            blank = True
            if out:
                out[-1].blank_after = True
            continue
        md = _MD.match(raw)
        body = raw[md.end():] if md else raw
        out.append(PageLine(clean.fix_spaces(body.strip()), len(md.group(1)) if md else 0, blank))
        blank = False
    return out


def _elsewhere(pairs: set[str], text: str, total: Counter, a: int, b: int) -> float:
    """Share of `pairs` found in the page outside text[a:b] (the text before a joined to the text from b).

    Counted from the page's pair counts less the window's, so each line costs its window,
    not the whole page.
    """
    if not pairs:
        return 0.0
    window = Counter(text[k:k + 2] for k in range(max(a - 1, 0), min(b, len(text) - 1)))
    seam = text[a - 1] + text[b] if 0 < a and b < len(text) else None
    return sum(total[p] > window[p] or p == seam for p in pairs) / len(pairs)


def _base(lines: list[PageLine], i: int, median: float, double: bool, text: str, starts: list[int],
          total: Counter) -> list[float]:
    line = lines[i]
    s, n = line.text, len(lines)
    rel = len(s) / median
    prev = lines[i - 1].text if i else ""
    pairs = char_pairs(s)
    here = starts[i] + len(s)
    ahead = char_pairs(text[here:here + _REACH])
    before = char_pairs(text[max(0, starts[i] - _REACH):starts[i]])
    after = char_pairs(text[starts[i]:starts[i] + _REACH])
    share = (lambda other: len(pairs & other) / len(pairs)) if pairs else (lambda other: 0.0)
    return [
        min(rel, 2.0), rel < 0.5, rel < 0.8, rel >= 0.92, len(s) <= 4,
        clean.ends_sentence(s), s.endswith(_SOFT_END), s.endswith(("——", "：", ":")),
        not re.search(r"[，。、；：！？,.;:!?]", s), clean.head_shape(s), clean.is_doubled(s),
        bool(bylines.DATELINE.match(s)), bool(bylines.OPEN_BRACKET.match(s)), bool(bylines.OPEN_LINE.match(s)),
        bool(bylines.CONTINUED_FROM.match(s)), bool(bylines.CONTINUED_TO.search(s)),
        bylines.parse_credit(s) is not None, bylines.parse_closing(s) is not None, bylines.is_byline(s),
        0 < line.level <= 3, line.level > 3, line.blank_before, line.blank_after, double,
        i / n, i >= 0.75 * n, bool(MASTHEAD.search(s)), sum(c.isdigit() for c in s) / max(1, len(s)),
        s.startswith(("“", "「", "‘")), bool(prev) and clean.ends_sentence(prev),
        bool(prev) and len(prev) / median < 0.8, share(ahead),
        _elsewhere(pairs, text, total, max(0, starts[i] - _REACH), here + _REACH),
        len(before & after) / max(1, len(before | after)),
    ] + _near_marks(lines, i)


def _near_marks(lines: list[PageLine], i: int) -> list[float]:
    """A photo credit in the next lines (a caption runs into its credit), 图为, a bracketed section label, open brackets."""
    s = lines[i].text
    ahead = [x.text for x in lines[i:i + _CAPTION_REACH]]
    return [
        any(_SHOT.search(x) for x in ahead), "图为" in s or "圖為" in s,
        bool(_LABEL.fullmatch(s)), _balance(s) > 0, _balance(s) < 0,
    ]


def _balance(s: str) -> int:
    """Brackets and quotes opened minus closed: a wrapped headline or sentence closes on the next line."""
    return sum(s.count(a) - s.count(b) for a, b in _PAIRS)


def features(lines: list[PageLine], rules: list[str | None] | None = None) -> np.ndarray:
    """One row per line: its own features, then each neighbour's (zeros beyond the page's edge).

    `rules` is how the printed-mark rules read each line (a label, or None where their
    reading could not be lined up with the page), with the share of lines they could
    label: where the rules read the whole page, they are more often right.
    """
    if not lines:
        return np.zeros((0, width()), dtype=np.float32)
    lengths = [len(x.text) for x in lines if len(x.text) >= 6]
    median = statistics.median(lengths) if lengths else 12.0
    blanks = sum(x.blank_before for x in lines[1:])
    double = blanks > 0.7 * (len(lines) - 1) if len(lines) > 4 else False
    text, starts, at = "", [], 0
    for x in lines:
        starts.append(at)
        text += x.text
        at += len(x.text)
    covered = sum(r is not None for r in rules) / len(lines) if rules else 0.0
    total = Counter(text[k:k + 2] for k in range(len(text) - 1))
    base = np.array([_base(lines, i, median, double, text, starts, total) + _rule(rules, i) + [covered]
                     for i in range(len(lines))], dtype=np.float32)
    pad = np.zeros((2, base.shape[1]), dtype=np.float32)
    padded = np.vstack([pad, base, pad])
    cols = [np.ones((len(lines), 1), dtype=np.float32), base]
    cols += [padded[2 + k:2 + k + len(lines)] for k in _CONTEXT]
    return np.hstack(cols)


def _rule(rules: list[str | None] | None, i: int) -> list[float]:
    if rules is None or rules[i] is None:
        return [0.0] * len(LABELS) + [1.0]
    return [float(rules[i] == label) for label in LABELS] + [0.0]


def width() -> int:
    """Number of columns `features` returns."""
    one = [PageLine("示例", 0, True)]
    return 1 + (len(_base(one, 0, 12.0, False, "示例", [0], Counter())) + len(LABELS) + 2) * (1 + len(_CONTEXT))
