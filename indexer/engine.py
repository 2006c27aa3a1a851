"""Matching and ranking over numpy arrays: every matched document with its BM25F score.

Whoosh scores one document at a time in Python (a few microseconds each), and
a faceted search needs the whole matched set anyway (for its total and its facet
counts), so with Whoosh's collector a common word costs the whole result set
twice.  Here a query tree of the forms our parser builds (Term, Phrase, And, Or,
AndMaybe, Not, Every) is evaluated on arrays of postings (indexer/postings.py): sets are
sorted document numbers, AND is an intersection, OR a union that sums scores, and
a phrase is an intersection of (document, position − offset) keys (offsets 0, 1,
2, … for words; the query's own character offsets for character grams), and
AndMaybe scores its optional side only on the documents its required side matched.  Filters come
in as a boolean mask and narrow each step, so a filtered query decodes less.

Scores are Whoosh's own BM25F (same B, K1, idf, quantised field lengths and field
boosts), so results rank as `searcher.search` ranks them; a phrase scores as one
term whose frequency is the phrase's and whose idf is the sum of its words'.
Any other query type falls back to Whoosh's matcher, unscored.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from indexer.postings import Postings, TermCache

K1, B = 1.2, 0.75        # whoosh.scoring.BM25F defaults, which the index was searched with before
_SHIFT = 32              # phrase keys: document index in the high bits, aligned position in the low
_BIAS = 1 << 12          # keeps position − offset positive: a query is far shorter (indexer/query.py)


@dataclass
class Matches:
    docs: np.ndarray     # sorted, unique global document numbers
    scores: np.ndarray   # float64, one per document


class Engine:
    """Evaluates queries against one searcher's segments."""

    def __init__(self, searcher, terms: TermCache, lengths: dict[str, np.ndarray]):
        self.searcher, self.reader, self.terms, self.lengths = searcher, searcher.reader(), terms, lengths
        self.schema = searcher.schema

    def run(self, query: Q.Query, allowed: np.ndarray) -> Matches:
        """Documents matching `query` among those `allowed` (a boolean mask over document numbers)."""
        if isinstance(query, Q.Term):
            return self._term(query, allowed)
        if isinstance(query, Q.Phrase):
            return self._phrase(query, allowed)
        if isinstance(query, Q.And):
            return self._and(query.subqueries, allowed)
        if isinstance(query, Q.Or):
            return self._or(query, allowed)
        if isinstance(query, Q.AndMaybe):
            required = self.run(query.a, allowed)
            optional = self.run(query.b, mask_of(required.docs, len(allowed)))
            scores = required.scores.copy()
            scores[np.searchsorted(required.docs, optional.docs)] += optional.scores
            return Matches(required.docs, scores)
        if isinstance(query, Q.Not):
            return self._and([Q.Every(), query], allowed)
        if isinstance(query, Q.Every):
            docs = np.flatnonzero(allowed)
            return Matches(docs, np.zeros(len(docs)))
        return self._whoosh(query, allowed)

    # -- leaves -----------------------------------------------------------------------------
    def _term(self, query: Q.Term, allowed: np.ndarray) -> Matches:
        if query.fieldname not in self.schema:
            return _empty()
        postings = self.terms.read(self.reader, query.fieldname, query.text)
        keep = allowed[postings.docs]
        docs, weights = postings.docs[keep], postings.weights[keep]
        return Matches(docs, self._score(query.fieldname, [query.text], weights, docs) * query.boost)

    def _phrase(self, query: Q.Phrase, allowed: np.ndarray) -> Matches:
        field, words = query.fieldname, list(query.words)
        if len(words) == 1:
            return self._term(Q.Term(field, words[0], boost=query.boost), allowed)
        if field not in self.schema:
            return _empty()
        lists = [self.terms.read(self.reader, field, w, positions=True) for w in words]
        rarest, *others = sorted(lists, key=lambda p: len(p.docs))
        candidates = rarest.docs[allowed[rarest.docs]]
        for postings in others:
            candidates = _intersect(candidates, postings.docs)
        if not len(candidates):
            return _empty()
        keys = None
        for offset, postings in zip(getattr(query, "offsets", None) or range(len(lists)), lists):
            aligned = _position_keys(postings, candidates, offset)
            keys = aligned if keys is None else _intersect(keys, aligned)
        freq = np.bincount(keys >> _SHIFT, minlength=len(candidates)).astype(np.float32)
        found = np.flatnonzero(freq)
        docs = candidates[found]
        boost = getattr(self.schema[field].format, "field_boost", 1.0)
        return Matches(docs, self._score(field, words, freq[found] * boost, docs) * query.boost)

    def _whoosh(self, query: Q.Query, allowed: np.ndarray) -> Matches:
        docs = np.fromiter(self.searcher.docs_for_query(query), np.int64)
        docs = np.sort(docs[allowed[docs]])
        return Matches(docs, np.zeros(len(docs)))

    def _score(self, field: str, words: list[str], tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F for these term frequencies (boost included); the weight itself where unscorable."""
        if not self.schema[field].scorable or field not in self.lengths:
            return tf.astype(np.float64)
        if not len(docs):                     # also spares idf a log(0) on an empty archive
            return np.zeros(0)
        idf = sum(self.searcher.idf(field, w) for w in words)
        avg = self.searcher.avg_field_length(field) or 1
        length = self.lengths[field][docs]
        return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avg))

    # -- combinations -----------------------------------------------------------------------
    def _and(self, parts: list[Q.Query], allowed: np.ndarray) -> Matches:
        positive = [p for p in parts if not isinstance(p, Q.Not)]
        negative = [p.query for p in parts if isinstance(p, Q.Not)]
        result = None
        for part in positive or [Q.Every()]:
            mask = allowed if result is None else mask_of(result.docs, len(allowed))
            found = self.run(part, mask)
            result = found if result is None else _add(_restrict(result, found.docs), found)
            if not len(result.docs):
                return result
        for part in negative:
            excluded = self.run(part, mask_of(result.docs, len(allowed)))
            keep = ~np.isin(result.docs, excluded.docs, assume_unique=True)
            result = Matches(result.docs[keep], result.scores[keep])
        return result

    def _or(self, query: Q.Or, allowed: np.ndarray) -> Matches:
        found = [self.run(part, allowed) for part in query.subqueries]
        size = sum(len(m.docs) for m in found)
        if not size:
            return _empty()
        if size * 16 < len(allowed):            # small: sort the few
            unique, inverse = np.unique(np.concatenate([m.docs for m in found]), return_inverse=True)
            scores = np.bincount(inverse, weights=np.concatenate([m.scores for m in found]), minlength=len(unique))
            return Matches(unique, scores * query.boost)
        present, total = np.zeros(len(allowed), bool), np.zeros(len(allowed))
        for m in found:                          # large: accumulate over all document numbers
            present[m.docs] = True
            total[m.docs] += m.scores
        docs = np.flatnonzero(present)
        return Matches(docs, total[docs] * query.boost)


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The common values of two sorted arrays of unique values (binary search, no re-sorting)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    found = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[found] == a]


def _position_keys(postings: Postings, candidates: np.ndarray, offset: int) -> np.ndarray:
    """(candidate index, position − offset) of this word's occurrences in the candidate documents,
    sorted: candidates ascend, and a posting's positions ascend."""
    rows = np.searchsorted(postings.docs, candidates)
    starts = np.concatenate(([0], np.cumsum(postings.counts)[:-1]))[rows]
    counts = postings.counts[rows].astype(np.int64)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    positions = postings.positions[np.repeat(starts, counts) + within].astype(np.int64)
    owners = np.repeat(np.arange(len(candidates), dtype=np.int64), counts)
    return (owners << _SHIFT) | (positions - offset + _BIAS)


def mask_of(docs: np.ndarray, size: int) -> np.ndarray:
    """A boolean mask over `size` document numbers, True at `docs`."""
    mask = np.zeros(size, bool)
    mask[docs] = True
    return mask


def _restrict(matches: Matches, docs: np.ndarray) -> Matches:
    """`matches` narrowed to `docs` (a subset of its documents)."""
    rows = np.searchsorted(matches.docs, docs)
    return Matches(docs, matches.scores[rows])


def _add(a: Matches, b: Matches) -> Matches:
    return Matches(a.docs, a.scores + b.scores)


def _empty() -> Matches:
    return Matches(np.zeros(0, np.int64), np.zeros(0))
