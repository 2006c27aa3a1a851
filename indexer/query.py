"""The query language: words, "phrases", AND/OR/NOT, -word, field:value, parentheses.

A small hand-written parser rather than Whoosh's: every input, however hostile,
either parses or raises `QueryError` with a message for the user, within limits
on length, terms and nesting, and never expands wildcards.  Each word or phrase
becomes "in the title or in the body", in one of two modes:

* `exact` (the default): its characters, contiguous, in that order, as a string
  search would find them: character bigrams at their offsets (one character: the
  character itself), so the match never depends on how jieba cut the sentence,
  and nothing but the query's own punctuation lies between its characters.  The
  jieba words are added as an optional part that only scores, so an article
  where the query is a word ranks above one where it is glued to a neighbour.
* `words`: jieba's words only (马克 does not find 马克思); words written together
  must also stand together as characters, so a sub-word never makes its
  neighbours adjacent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as Q

from indexer.analysis import RUN, normalize, pieces, words
from indexer.registry import FILTER, FILTERS
from indexer.schema import TEXT_FIELDS

MAX_LENGTH = 500
MAX_TERMS = 32
MAX_DEPTH = 8
MODES = ("exact", "words")
OR, AND, NOT = ("OR", "或", "|"), ("AND", "与", "&"), ("NOT", "非")
# field:value in a query: the text fields, and every filter by its name or its Chinese label (地区:青海).
FIELDS = {"title": "title", "标题": "title", "body": "body", "正文": "body", "authors": "author"}
FIELDS |= {key: f.name for f in FILTERS for key in (f.name, f.label)}
_TOKEN = re.compile(r'\s*(?:(?P<lp>[(（])|(?P<rp>[)）])|"(?P<phrase>[^"]*)"?|“(?P<cphrase>[^”]*)”?|'
                    r'(?P<word>[^\s()（）"“”]+))')


class QueryError(ValueError):
    """A query we will not run; the message is for the user (Chinese)."""


@dataclass
class _Tok:
    kind: str      # "(", ")", "word", "phrase"
    text: str


def tokenize(text: str) -> list[_Tok]:
    if len(text) > MAX_LENGTH:
        raise QueryError(f"检索词过长（最多 {MAX_LENGTH} 个字符）")
    text = "".join(c for c in text if c.isprintable() or c in " \t")
    toks, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("lp"):
            toks.append(_Tok("(", "("))
        elif m.group("rp"):
            toks.append(_Tok(")", ")"))
        elif m.group("phrase") is not None or m.group("cphrase") is not None:
            toks.append(_Tok("phrase", m.group("phrase") if m.group("phrase") is not None else m.group("cphrase")))
        elif m.group("word"):
            toks.append(_Tok("word", m.group("word")))
    if sum(t.kind in ("word", "phrase") for t in toks) > MAX_TERMS:
        raise QueryError(f"检索词太多（最多 {MAX_TERMS} 个）")
    return _literal_operators(toks)


def _literal_operators(toks: list[_Tok]) -> list[_Tok]:
    """An operator with nothing to join is a word searched for: a bare OR, 与 alone, NOT at the end."""
    def kind(i: int) -> str:
        return toks[i].kind if 0 <= i < len(toks) else ""

    def operand(i: int) -> bool:
        return kind(i) == "phrase" or kind(i) == "word" and toks[i].text not in OR + AND + NOT

    def group_or_operand(i: int, bracket: str) -> bool:
        return operand(i) or kind(i) == bracket

    out = []
    for i, tok in enumerate(toks):
        binary = tok.text in OR + AND and not (group_or_operand(i - 1, ")") and (
            group_or_operand(i + 1, "(") or kind(i + 1) == "word" and toks[i + 1].text in NOT))
        unary = tok.text in NOT and not group_or_operand(i + 1, "(")
        out.append(_Tok("phrase", tok.text) if tok.kind == "word" and (binary or unary) else tok)
    return out


class Parser:
    """Recursive descent: or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | atom."""

    def __init__(self, toks: list[_Tok], mode: str = "exact"):
        self.toks, self.i, self.depth, self.mode = toks, 0, 0, mode

    def parse(self) -> Q.Query | None:
        node = self._or()
        while self.i < len(self.toks):        # stray ")" or trailing operators: skip, keep what parsed
            self.i += 1
            more = self._or()
            node = _and([node, more])
        return node

    def _peek(self, *words: str) -> bool:
        return self.i < len(self.toks) and self.toks[self.i].kind == "word" and self.toks[self.i].text in words

    def _or(self) -> Q.Query | None:
        parts = [self._and()]
        while self._peek(*OR):
            self.i += 1
            parts.append(self._and())
        parts = [p for p in parts if p is not None]
        return parts[0] if len(parts) == 1 else (Q.Or(parts) if parts else None)

    def _and(self) -> Q.Query | None:
        parts = []
        while self.i < len(self.toks) and self.toks[self.i].kind != ")" and not self._peek(*OR):
            if self._peek(*AND):
                self.i += 1
                continue
            parts.append(self._unary())
        return _and(parts)

    def _unary(self) -> Q.Query | None:
        tok = self.toks[self.i]
        if tok.kind == "word" and tok.text in NOT:
            self.i += 1
            inner = self._unary() if self.i < len(self.toks) else None
            return Q.Not(inner) if inner is not None else None
        if tok.kind == "word" and tok.text.startswith("-") and len(tok.text) > 1:
            self.i += 1
            inner = self._atom(_Tok("word", tok.text[1:]))
            return Q.Not(inner) if inner is not None else None
        self.i += 1
        if tok.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError("括号嵌套过深")
            inner = self._or()
            if self.i < len(self.toks) and self.toks[self.i].kind == ")":
                self.i += 1
            self.depth -= 1
            return inner
        return self._atom(tok)

    def _atom(self, tok: _Tok) -> Q.Query | None:
        if tok.kind == "word" and ":" in tok.text.replace("：", ":"):
            name, _, value = tok.text.replace("：", ":").partition(":")
            field = FIELDS.get(name.lower())
            if field and value:
                return self._field(field, value.strip('"“”'))
            if not field and name.isalpha():
                raise QueryError(f"不认识的字段“{name}”：可用 {'、'.join(sorted(set(FIELDS)))}")
        if tok.kind in ("word", "phrase"):
            return text_query(tok.text, mode=self.mode)
        return None

    def _field(self, field: str, value: str) -> Q.Query | None:
        if field in TEXT_FIELDS:
            return text_query(value, fields=(field,), mode=self.mode)
        spec = FILTER[field]
        return Q.Term(spec.field, spec.fold(value))


def _and(parts: list) -> Q.Query | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    positive = [p for p in parts if not isinstance(p, Q.Not)]
    if not positive:                    # "NOT x" alone means everything but x
        parts = [Q.Every()] + parts
    return parts[0] if len(parts) == 1 else Q.And(parts)


class Adjacent(Q.Phrase):
    """Character grams each at a fixed offset from the first (indexer/engine.py matches it): unlike a
    Whoosh phrase, the grams of "政策、不摘" are 3 apart, and no gram exists across the 、."""

    def __init__(self, fieldname: str, grams: list[str], offsets: list[int], boost: float = 1.0):
        super().__init__(fieldname, grams, boost=boost)
        self.offsets = offsets


def _cover(length: int) -> list[int]:
    """Starts of bigrams covering every character of a run: 0, 2, 4, … and the last pair."""
    return sorted(set(range(0, length - 1, 2)) | {length - 2})


def char_query(norm: str, field: str) -> Q.Query | None:
    """Folded text as characters of `field`: contiguous between spaces, each stretch at its offset."""
    parts = pieces(norm)
    if not any(RUN.search(piece) for piece, _ in parts):
        return None                     # marks alone are no search
    if len(parts) == 1 and len(parts[0][0]) == 1:
        return Q.Term(f"{field}_chars", parts[0][0])
    grams, offsets, lone = [], [], []
    for piece, at in parts:
        if len(piece) == 1:     # one character between spaces: present, its place unchecked
            lone += [Q.Term(f"{field}_chars", piece)] if RUN.match(piece) else []
        for i in _cover(len(piece)) if len(piece) > 1 else []:
            grams.append(piece[i:i + 2])
            offsets.append(at + i)
    adjacent = [Adjacent(f"{field}_grams", grams, [o - offsets[0] for o in offsets])] if grams else []
    return _and(adjacent + lone)


def _word_query(toks: list[str], field: str) -> Q.Query | None:
    """Every word in the field (words keep no positions: their order is the characters' to check)."""
    terms = [Q.Term(field, t) for t in dict.fromkeys(toks)]
    return None if not terms else terms[0] if len(terms) == 1 else Q.And(terms)


def _any(parts: list) -> Q.Query | None:
    parts = [p for p in parts if p is not None]
    return None if not parts else parts[0] if len(parts) == 1 else Q.Or(parts)


def text_query(text: str, fields: tuple[str, ...] = TEXT_FIELDS, mode: str = "exact") -> Q.Query | None:
    """A word or phrase in any of `fields`, as characters (matching) and words (scoring), by `mode`."""
    norm = normalize(text)
    toks = words(norm)
    chars = _any([char_query(norm, f) for f in fields])
    by_words = _any([_word_query(toks, f) for f in fields])
    if mode == "words":
        return Q.And([by_words, chars]) if len(toks) > 1 and chars is not None else by_words
    if chars is None or by_words is None:
        return chars
    return Q.AndMaybe(chars, by_words)


def parse(text: str, mode: str = "exact") -> Q.Query | None:
    """The Whoosh query for user text; None for an empty query (everything)."""
    return Parser(tokenize(text or ""), mode).parse()


def highlight_terms(text: str) -> list[str]:
    """The literal strings a query looks for (for marking matches in snippets)."""
    out = []
    for tok in tokenize(text or ""):
        if tok.kind not in ("word", "phrase") or tok.text in ("AND", "OR", "NOT", "与", "或", "非", "&", "|"):
            continue
        value = tok.text
        if tok.kind == "word":
            if value.startswith("-"):
                continue
            if ":" in value.replace("：", ":"):
                name, _, value = value.replace("：", ":").partition(":")
                if FIELDS.get(name.lower()) not in ("title", "body"):
                    continue
        value = normalize(value.strip('"“”')).strip()
        if value:
            out.append(value)
    return out
