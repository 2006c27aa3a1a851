"""Analyzers: jieba words with true positions and offsets, and character bigrams for titles.

jieba's bundled `ChineseAnalyzer` stores character offsets as token positions and
emits overlapping search-mode tokens, so Whoosh phrase queries never line up and
highlights cut words short.  Here the deliberate choice is:

* `WordTokenizer`: jieba's precise mode, positions 0, 1, 2, … one per word, and
  start/end characters that slice the original text exactly.  Only the words jieba
  cut: a word search for 马克 does not find 马克思 (the characters do, see below).
* `CharGramTokenizer` and `CharTokenizer`: the same text a second way, as
  overlapping character bigrams at their character offsets and as single
  characters, so any string of characters is findable whatever jieba did with
  it (新冠 in 受新冠/肺炎, 东市 in 海东/市, 2020 in 2020/年度).  Matching uses
  these; jieba's words add to the score (see indexer/query.py).

Both first normalise text without changing its length (traditional → simplified,
full-width → half-width, lower case), so offsets stay true and 醫保 finds 医保.
"""
from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import Token, Tokenizer

from archive.reading import words as jieba_words
from archive.reading.script import fold

# The characters a search for a string can find: letters, digits and CJK of any script, after
# folding (so lower case, half-width).  Punctuation, symbols and spaces are not searched as characters.
RUN = re.compile(r"[^\W_]+")
# What the gram index pairs up: every stretch of text between spaces, marks included, so a phrase
# holding a mark (政策、不摘) matches only that mark, and one without (政策不摘) never spans one.
_PIECE = re.compile(r"\S+")
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
        for word, start, end in jieba_words.tokenize(normalize(value)):
            if not _is_word(word) or word.isspace():
                continue
            token.text = word
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token
            pos += 1


class CharGramTokenizer(Tokenizer):
    """Every overlapping pair of searchable characters, at its character offset as position.

    Every pair of neighbouring characters between spaces (after folding) is a
    gram, marks included: 政策、不摘 holds 策、 and 、不 but no 策不, so a phrase
    without the mark never matches across it.  The position of a gram is the
    offset of its first character, so a query's grams line up at the offsets they
    have in the query.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, start in char_grams(normalize(value)):
            token.text, token.boost, token.stopped = text, 1.0, False
            if positions:
                token.pos = start_pos + start
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + start + 2
            yield token


class CharTokenizer(Tokenizer):
    """Every searchable character once per occurrence (frequencies, no positions): a one-character
    query (疫, 水, 5) is one term, where a gram index would have to expand it to every gram holding it."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for run in RUN.finditer(normalize(value)):
            for i, char in enumerate(run.group(0)):
                token.text, token.boost, token.stopped = char, 1.0, False
                if positions:
                    token.pos = start_pos + run.start() + i
                if chars:
                    token.startchar, token.endchar = start_char + run.start() + i, start_char + run.start() + i + 1
                yield token


def char_grams(text: str) -> list[tuple[str, int]]:
    """(gram, offset) pairs of already folded text: every pair of neighbours between spaces
    (a character standing alone between spaces is a gram by itself)."""
    return [(piece[i:i + 2], at + i) for piece, at in pieces(text) for i in range(max(len(piece) - 1, 1))]


def pieces(text: str) -> list[tuple[str, int]]:
    """(piece, offset) of already folded text: the stretches between spaces."""
    return [(m.group(0), m.start()) for m in _PIECE.finditer(text)]


def warm() -> None:
    """Load jieba's dictionary now (half a second), so a server's first user does not wait for it."""
    jieba_words.load()


def words(text: str) -> list[str]:
    """The word tokens of a query string, as the index holds them."""
    return [t.text for t in WordTokenizer()(text)]


def word_analyzer() -> WordTokenizer:
    return WordTokenizer()


def gram_analyzer() -> CharGramTokenizer:
    return CharGramTokenizer()


def char_analyzer() -> CharTokenizer:
    return CharTokenizer()
