"""jieba behind one door: every cut the archive makes, and what its dictionary knows of a word.

jieba's public functions cut text; what else the archive needs — a word's frequency in
jieba's dictionary (cohesion weighs rare words, a place stem must be rare as a word)
and its part of speech (ns is a place, nr a person) — lives in jieba's internals
(`jieba.dt.FREQ`, `jieba.dt.total`, `jieba.posseg.dt.word_tag_tab`).  They are read
here and nowhere else, so a jieba release that moves them breaks this module alone,
and tests/test_words.py names what broke.  The dictionary loads once, quietly.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    jieba.initialize()
    return jieba.dt.FREQ, jieba.dt.total


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    jieba.posseg.dt.initialize()
    return jieba.posseg.dt.word_tag_tab


def load() -> None:
    """Load the dictionary now (half a second), so a server's first reader does not wait for it."""
    _dictionary()


def tokenize(text: str) -> Iterator[tuple[str, int, int]]:
    """Precise-mode words of `text` with their character offsets: (word, start, end)."""
    _dictionary()
    return jieba.tokenize(text)


def cut(text: str, hmm: bool = True) -> list[str]:
    """Precise-mode words; without HMM, unknown words stay in pieces (a name's own words)."""
    _dictionary()
    return jieba.lcut(text, HMM=hmm)


def frequency(word: str) -> int:
    """How often jieba's dictionary counts the word (0: not a dictionary word)."""
    return _dictionary()[0].get(word) or 0


def total() -> int:
    """The dictionary's total count, against which a frequency is a probability."""
    return _dictionary()[1]


def tag(word: str) -> str | None:
    """The word's part of speech in jieba's dictionary (ns place, nr person, v verb…), None if unknown."""
    return _tags().get(word)


def inside_word(text: str, start: int, end: int, reach: int = 4) -> bool:
    """Whether text[start:end] begins or ends inside a longer dictionary word (北海 in 北海道, 中山 in 孙中山).

    Only a window around the span is cut, so checking a mention costs a few characters, not the article.
    """
    a = max(0, start - reach)
    at = a
    for word in cut(text[a:end + reach], hmm=False):
        w0, w1 = at, at + len(word)
        at = w1
        if (w0 < start < w1) or (w0 < end < w1):
            return True
    return False
