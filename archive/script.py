"""Folding the script: traditional to simplified, full-width to half-width, same length.

Readers search and facets count in one script whatever the page was printed in, and
word lists (topics, gazetteer) are written once, in simplified characters.  Folding is
character by character so that every offset in the folded text is an offset in the
original: highlights and snippets point at what was printed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    converted = _T2S.convert(ch)
    return converted if len(converted) == 1 else ch


def fold(text: str) -> str:
    """Same-length normalisation: simplified script, half-width forms, lower case."""
    out = []
    for ch in text:
        if "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - 0xFEE0)
        elif ch == "\u3000":
            ch = " "
        elif CJK.match(ch):
            ch = _char_t2s(ch)
        out.append(ch.lower() if ch.isascii() else ch)
    return "".join(out)
