"""Folding the script: traditional to simplified, full-width to half-width, same length.

Readers search and facets count in one script whatever the page was printed in, and
word lists (topics, gazetteer) are written once, in simplified characters.  Folding is
character by character so that every offset in the folded text is an offset in the
original: highlights and snippets point at what was printed.  The per-character
mapping is built once (OpenCC over every CJK character) and applied in C, by
`str.translate` for short strings and a numpy lookup over the UTF-32 code points for
long ones (ten times faster than a Python loop on an article): folding sits on the
path of every article ingested and every token indexed.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from opencc import OpenCC

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _table() -> dict[int, str]:
    """Code point → folded character, for the characters folding changes."""
    table = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    table.update({code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)})
    table[0x3000] = " "
    chars = [chr(code) for lo, hi in _CJK_RANGES for code in range(lo, hi + 1)]
    # one conversion call; the newlines keep OpenCC from reading neighbours as phrases
    converted = OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) == len(chars):
        table.update({ord(a): b for a, b in zip(chars, converted) if len(b) == 1 and a != b})
    return table


_FOLD = _table()
_LOOKUP = np.arange(0x110000, dtype=np.uint32)
_LOOKUP[list(_FOLD)] = [ord(c) for c in _FOLD.values()]
_LONG = 200   # characters; below this, numpy's call overhead outweighs its speed


def fold(text: str) -> str:
    """Same-length normalisation: simplified script, half-width forms, lower case."""
    if len(text) < _LONG:
        return text.translate(_FOLD)
    return _LOOKUP[np.frombuffer(text.encode("utf-32-le"), np.uint32)].tobytes().decode("utf-32-le")


TRADITIONAL = 0.8   # share of a page's script-marked characters that are traditional for it to be a traditional page


def is_traditional(text: str) -> bool:
    """Whether a page is printed in traditional characters: most of its characters that differ
    between the scripts are the traditional forms (a handful of simplified ones is an OCR engine
    reading with a model that mixes the scripts)."""
    only = _simplified_only()
    traditional = sum(1 for c in text if ord(c) in _FOLD and CJK.match(c))
    simplified = sum(1 for c in text if c in only)
    return traditional >= 10 and traditional >= TRADITIONAL * (traditional + simplified)


def to_traditional(text: str) -> str:
    """Text in traditional characters, for OCR of a traditional page: OpenCC's phrase-aware conversion
    (公里 stays, 发展 becomes 發展), kept only where the printed character has no traditional use
    (台 and 着 as Taiwan and Hong Kong print them stay)."""
    converted = _s2t().convert(text)
    if len(converted) != len(text):
        return text
    only = _simplified_only()
    return "".join(new if old in only else old for old, new in zip(text, converted))


@lru_cache(maxsize=1)
def _s2t() -> OpenCC:
    return OpenCC("s2t")


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """The characters a traditional page does not print: OpenCC's s2t changes them, and neither the
    Taiwan nor the Hong Kong standard writes them back (台 is 臺 to OpenCC, but Taiwan prints 台)."""
    chars = [chr(code) for lo, hi in _CJK_RANGES for code in range(lo, hi + 1)]
    joined = _s2t().convert("\n".join(chars))
    regional = (OpenCC("t2tw").convert(joined).split("\n"), OpenCC("t2hk").convert(joined).split("\n"))
    converted = joined.split("\n")
    if not all(len(x) == len(chars) for x in (converted, *regional)):
        return frozenset()
    return frozenset(a for a, b, tw, hk in zip(chars, converted, *regional) if a != b and a not in (tw, hk))
