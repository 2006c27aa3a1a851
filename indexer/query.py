"""The query language: words, "phrases", AND/OR/NOT, -word, field:value, parentheses.

A small hand-written parser rather than Whoosh's: every input, however hostile,
either parses or raises `QueryError` with a message for the user, within limits
on length, terms and nesting, and never expands wildcards.  Each word or phrase
becomes "in the title or in the body": the jieba words (one term, or a phrase of
several), and for titles OR'd with the exact character-bigram phrase so a
match never depends on how jieba happened to
cut the sentence around it (titles only: see indexer/schema.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as Q

from indexer.analysis import grams, normalize, words

MAX_LENGTH = 500
MAX_TERMS = 32
MAX_DEPTH = 8
FIELDS = {"title": "title", "标题": "title", "body": "body", "正文": "body", "author": "authors",
          "authors": "authors", "作者": "authors", "paper": "paper", "报纸": "paper", "region": "region",
          "地区": "region", "topic": "topics", "主题": "topics", "kind": "kind", "entity": "entities"}
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
    return toks


class Parser:
    """Recursive descent: or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | atom."""

    def __init__(self, toks: list[_Tok], topic_code=lambda s: s):
        self.toks, self.i, self.depth, self.topic_code = toks, 0, 0, topic_code

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
        while self._peek("OR", "或", "|"):
            self.i += 1
            parts.append(self._and())
        parts = [p for p in parts if p is not None]
        return parts[0] if len(parts) == 1 else (Q.Or(parts) if parts else None)

    def _and(self) -> Q.Query | None:
        parts = []
        while self.i < len(self.toks) and self.toks[self.i].kind != ")" and not self._peek("OR", "或", "|"):
            if self._peek("AND", "与", "&"):
                self.i += 1
                continue
            parts.append(self._unary())
        return _and(parts)

    def _unary(self) -> Q.Query | None:
        tok = self.toks[self.i]
        if tok.kind == "word" and tok.text in ("NOT", "非"):
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
        if tok.kind in ("word", "phrase"):
            return text_query(tok.text)
        return None

    def _field(self, field: str, value: str) -> Q.Query | None:
        if field in ("title", "body"):
            return text_query(value, fields=(field,))
        if field == "topics":
            return Q.Term("topics", self.topic_code(value))
        if field in ("authors", "entities"):
            return Q.Term(field, value.lower())
        return Q.Term(field, value)


def _and(parts: list) -> Q.Query | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    positive = [p for p in parts if not isinstance(p, Q.Not)]
    if not positive:                    # "NOT x" alone means everything but x
        parts = [Q.Every()] + parts
    return parts[0] if len(parts) == 1 else Q.And(parts)


def text_query(text: str, fields: tuple[str, ...] = ("title", "body")) -> Q.Query | None:
    """A word or phrase in any of `fields`: jieba words OR the exact bigram phrase."""
    norm = normalize(text)
    toks = words(norm)
    gram_toks = [g for g, _ in grams(norm)]
    if not toks and not gram_toks:
        return None
    options = []
    for field in fields:
        if toks:
            options.append(Q.Term(field, toks[0]) if len(toks) == 1 else Q.Phrase(field, toks))
        if gram_toks and field == "title":
            ng = field + "_ng"
            options.append(Q.Term(ng, gram_toks[0]) if len(gram_toks) == 1 else Q.Phrase(ng, gram_toks))
    return options[0] if len(options) == 1 else Q.Or(options)


def parse(text: str, topic_code=lambda s: s) -> Q.Query | None:
    """The Whoosh query for user text; None for an empty query (everything)."""
    return Parser(tokenize(text or ""), topic_code).parse()


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
