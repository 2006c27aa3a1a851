"""Lexical cohesion between two stretches of text: do they tell the same story?

Where a page prints no boundary between two articles (no dateline, no closing byline)
the words change: paragraphs of one story share their rare words, paragraphs of two
stories share almost none.  The weight of a word is its information in jieba's own
dictionary (rare words count, 的 and 工作 do not), so no corpus statistics are needed.
Traditional text is folded to simplified first: jieba cuts it into single characters
otherwise, and two stories in traditional characters looked more alike than they are.

Measured on 人民日报 text (430 sampled articles): the cosine across a paragraph break
inside one article has a median of 0.27 and falls below 0.12 for 17 % of breaks; across
two articles the median is 0.01 and 3 % reach 0.12.  Cohesion alone would split too
many articles, so the segmenter only asks it where a headline already points to a break.
"""
from __future__ import annotations

import math
import re

from archive.reading import script, words

REACH = 300              # characters either side of a break that cohesion compares
BOUNDARY = 0.12          # below this, two stretches read as two stories
_WORD = re.compile(r"[\u3400-\u9fff]{2,}")


def _vector(text: str) -> dict[str, float]:
    vec: dict[str, float] = {}
    for word in words.cut(script.fold(text)):   # jieba's dictionary is simplified
        if _WORD.fullmatch(word):
            vec[word] = vec.get(word, 0.0) + math.log(words.total() / (words.frequency(word) or 1))
    return vec


def similarity(a: str, b: str) -> float:
    """Cosine of the information-weighted word vectors of `a` and `b` (0 when either is empty)."""
    va, vb = _vector(a), _vector(b)
    dot = sum(w * vb[k] for k, w in va.items() if k in vb)
    norm = math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))
    return dot / norm if norm else 0.0


def char_pairs(text: str) -> set[str]:
    """Every pair of neighbouring characters: a measure of shared text that needs no dictionary."""
    return {text[i:i + 2] for i in range(len(text) - 1)}


def pair_share(a: str, b: str) -> float:
    """Share of `a`'s character pairs that `b` also has (an OCR-doubled or reworded line keeps most)."""
    mine = char_pairs(a)
    return len(mine & char_pairs(b)) / len(mine) if mine else 0.0


def across(before: list[str], after: list[str], reach: int = REACH) -> float:
    """Cohesion across a break: the last `reach` characters before it against the first after it."""
    return similarity("".join(before)[-reach:], "".join(after)[:reach])
