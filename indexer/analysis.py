"""Analyzers: jieba words with true positions and offsets, and character bigrams for titles.

jieba's bundled `ChineseAnalyzer` stores character offsets as token positions and
emits overlapping search-mode tokens, so Whoosh phrase queries never line up and
highlights cut words short.  Here the deliberate choice is:

* `WordTokenizer`: jieba's precise mode, positions 0, 1, 2, … one per word, and
  start/end characters that slice the original text exactly.  When indexing, the
  dictionary words inside a longer word (马克思 in 马克思主义, 医保 in 医保局) are
  added **at their parent's position**: a query for the shorter word finds them,
  yet they never shift the positions of the words that follow, so phrases of
  precise-mode words still line up.  Queries are cut without them.
* `BigramTokenizer`: overlapping CJK character bigrams at consecutive positions
  (Latin words and numbers whole), for titles only (see schema.py for why not
  bodies).  A phrase of bigrams matches exactly where the characters occur,
  whatever way jieba cut the headline around them.

Both first normalise text without changing its length (traditional → simplified,
full-width → half-width, lower case), so offsets stay true and 醫保 finds 医保.
"""
from __future__ import annotations

import logging
import re
import unicodedata

import jieba
from whoosh.analysis import Token, Tokenizer

from archive.script import CJK, fold

jieba.setLogLevel(logging.WARNING)
_CJK = CJK
_SEGMENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
normalize = fold   # the analyzer's normalisation is the archive's script folding


def _is_word(text: str) -> bool:
    return any(c.isalnum() for c in text) and not all(unicodedata.category(c).startswith("P") for c in text)


class WordTokenizer(Tokenizer):
    """jieba precise-mode words, sequential positions, true character offsets."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = normalize(value)
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        with_parts = mode == "index"
        for word, start, end in jieba.tokenize(normalize(value)):
            if not _is_word(word) or word.isspace():
                continue
            for text, a, b in [(word, start, end)] + (_parts(word, start) if with_parts else []):
                token.text = text
                token.boost, token.stopped = 1.0, False
                if keeporiginal:
                    token.original = value[a:b]
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = start_char + a, start_char + b
                yield token
            pos += 1


def _parts(word: str, start: int) -> list[tuple[str, int, int]]:
    """Dictionary words of 2 and 3 characters inside a longer word (jieba's search-mode pieces)."""
    if len(word) < 3 or not _CJK.match(word[0]):
        return []
    freq = jieba.dt.FREQ
    return [(word[i:i + n], start + i, start + i + n) for n in (2, 3) if n < len(word)
            for i in range(len(word) - n + 1) if freq.get(word[i:i + n])]


class BigramTokenizer(Tokenizer):
    """Overlapping CJK bigrams (a lone CJK character stays a unigram); Latin words and numbers whole."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for text, start in grams(normalize(value)):
            token.text = text
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + start + len(text)
            pos += 1
            yield token


def grams(text: str) -> list[tuple[str, int]]:
    """(gram, start) pairs of already normalised text, in order."""
    out = []
    for run in _SEGMENT.finditer(text):
        chunk, base = run.group(0), run.start()
        if not _CJK.match(chunk[0]) or len(chunk) == 1:
            out.append((chunk, base))
            continue
        out.extend((chunk[i:i + 2], base + i) for i in range(len(chunk) - 1))
    return out


def warm() -> None:
    """Load jieba's dictionary now (half a second), so a server's first user does not wait for it."""
    jieba.initialize()


def words(text: str) -> list[str]:
    """The word tokens of a query string, as the index holds them."""
    return [t.text for t in WordTokenizer()(text)]


def word_analyzer() -> WordTokenizer:
    return WordTokenizer()


def bigram_analyzer() -> BigramTokenizer:
    return BigramTokenizer()
