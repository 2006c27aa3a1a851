"""Searching: one searcher reused across requests, filters as cached bitsets, exact facets.

A request is answered in three steps: the matched documents with their scores
(indexer/engine.py, the query evaluated on postings arrays within the cached
filter bitset) give the total and the facet counts over the whole result set;
only the page shown is picked from the scores or sorted by date, and gets
highlighted snippets.
"""
from __future__ import annotations

import shutil
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as Q

from archive.reading.dates import is_iso_date
from indexer import analysis, snippets
from indexer.engine import Engine, Matches, mask_of
from indexer.facets import CACHE_DIR, FacetColumns, FacetValue, new_vocabs
from indexer.postings import TermCache, segment_id
from indexer.query import MODES, QueryError, highlight_terms, parse, tokenize
from indexer.registry import FACETS, FILTER
from indexer.writer import date_key, key_date, open_index

__all__ = ["SearchRequest", "SearchResult", "Hit", "FacetValue", "QueryError", "Searcher"]
MAX_PAGE = 500
MAX_PER_PAGE = 100
MAX_FILTER_VALUES = 20
SORTS = ("relevance", "date", "date_asc")


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)   # registry.FILTERS name → any of these values
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    mode: str = "exact"      # "exact" characters, or jieba "words" (indexer/query.py)
    page: int = 1
    per_page: int = 20

    def check(self) -> None:
        """QueryError (a message for the user) for anything this archive will not run; nothing is searched yet."""
        tokenize(self.q)                 # too long, too many terms
        if self.sort not in SORTS:
            raise QueryError("排序方式只能是 relevance、date 或 date_asc")
        if self.mode not in MODES:
            raise QueryError("检索方式只能是 exact（精确，按字）或 words（按词）")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"页码应在 1 到 {MAX_PAGE} 之间")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"每页条数应在 1 到 {MAX_PER_PAGE} 之间")
        unknown = set(self.filters) - set(FILTER)
        if unknown:
            raise QueryError(f"不认识的筛选条件“{sorted(unknown)[0]}”：可用 {'、'.join(FILTER)}")
        if any(len(values) > MAX_FILTER_VALUES for values in self.filters.values()):
            raise QueryError(f"每种筛选条件最多 {MAX_FILTER_VALUES} 个值")
        for value in (self.date_from, self.date_to):
            if value and not is_iso_date(value):
                raise QueryError("日期格式应为 2023、2023-12 或 2023-12-05（真实存在的日期）")


@dataclass
class Hit:
    id: str
    title: str | None
    date: str | None
    paper: str | None
    region: list[str]
    topics: list[str]
    snippet: str
    kind: str
    score: float | None = None
    version_group: str | None = None
    title_html: str = ""      # the title escaped, with the query's matches in <mark>
    authors: str = ""         # as a byline: 张三、李四
    page_no: str | None = None   # 版次
    section: str | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    q: str
    truncated: list[str] = field(default_factory=list)    # facets with more values than shown

    @property
    def pages(self) -> int:
        """How many pages the results fill (at most MAX_PAGE can be asked for)."""
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    def to_dict(self) -> dict:
        return {"total": self.total, "page": self.page, "per_page": self.per_page, "pages": self.pages, "q": self.q,
                "hits": [{k: v for k, v in asdict(h).items() if k not in ("score", "version_group")}
                         | {"version_group": h.version_group} for h in self.hits],
                "facets": {name: [asdict(v) for v in values] for name, values in self.facets.items()},
                "facets_truncated": self.truncated}


class Searcher:
    """Reused across requests; `refresh()` picks up new commits. Thread-safe."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._segments: dict = {}
        self._vocabs = new_vocabs()
        self._filters: OrderedDict = OrderedDict()
        self._cache_dir = self.index_dir / CACHE_DIR
        for stale in self.index_dir.glob("facets-v*"):       # columns of an earlier layout
            if stale != self._cache_dir:
                shutil.rmtree(stale, ignore_errors=True)
        self._terms = TermCache(self.index_dir / "postings-v1")
        self._ix = open_index(self.index_dir)
        self._open(self._ix.searcher())
        analysis.warm()

    def _open(self, searcher) -> None:
        """Everything derived from one generation of the index: columns, live documents, engine."""
        self._searcher = searcher
        reader = searcher.reader()
        self._columns = FacetColumns(reader, self._segments, self._vocabs, self._cache_dir)
        self._live = _live_docs(reader)
        self._terms.prune({segment_id(sub) for sub, _ in reader.leaf_readers()})
        self._engine = Engine(searcher, self._terms, self._columns.lengths)
        self._filters.clear()

    def refresh(self) -> None:
        """Open the latest commit, if there is a newer one.

        Not Whoosh's `Searcher.refresh()`: reusing the old readers, it keeps the
        segments a merge has just replaced, and every merged document counts twice.
        """
        with self._lock:
            if self._ix.latest_generation() != self._searcher.reader().generation():
                old = self._searcher
                self._open(self._ix.searcher())
                old.close()

    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def holdings(self, facet: str = "paper") -> list[tuple[str, int, str | None, str | None]]:
        """What the archive holds of each value of a one-value facet (each paper): (value, articles,
        first date, last date), dates as ISO strings (None when none of its articles is dated)."""
        with self._lock:
            spans = self._columns.spans(facet, np.flatnonzero(self._live))
        return [(value, count, key_date(first), key_date(last)) for value, count, first, last in spans]

    def search(self, req: SearchRequest, facet_limits: dict[str, int] | None = None) -> SearchResult:
        """One page of results with every facet's counts (`facet_limits`: more values of some)."""
        req.check()
        query = parse(req.q, req.mode)
        with self._lock:
            matches = self._matched(query, req)
            facets = self._columns.counts(matches.docs, facet_limits)
            page_docs, scores = self._page(query, matches, req)
            stored = [self._searcher.stored_fields(d) for d in page_docs]
        limits = {f.name: (facet_limits or {}).get(f.name, f.limit) for f in FACETS}
        truncated = [name for name, values in facets.items() if len(values) > limits[name]]
        facets = {name: values[:limits[name]] for name, values in facets.items()}
        terms = highlight_terms(req.q)        # snippets outside the lock: a long article delays only its reader
        hits = [_hit(f, scores.get(d), terms) for d, f in zip(page_docs, stored)]
        return SearchResult(len(matches.docs), hits, facets, req.page, req.per_page, req.q, truncated)

    def all_ids(self, req: SearchRequest, limit: int | None = None) -> list[str]:
        """The ids of every match (or the first `limit`) in the request's order: for exports of a whole result."""
        req.check()
        query = parse(req.q, req.mode)
        with self._lock:
            matches = self._matched(query, req)
            count = len(matches.docs) if limit is None else min(limit, len(matches.docs))
            docs, _ = self._page(query, matches, req, 0, count)
            return [self._searcher.stored_fields(d)["id"] for d in docs]

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Articles sharing the most key terms with this one (other versions of it excluded)."""
        with self._lock:
            docnum = self._searcher.document_number(id=article_id)
            if docnum is None:
                return []
            own = self._searcher.stored_fields(docnum)
            group = own.get("version_group")
            results = self._searcher.more_like(docnum, "body", text=own.get("body") or "", top=limit + 10,
                                               numterms=12)
            hits = [_hit(h.fields(), h.score, []) for h in results
                    if h.docnum != docnum and h.get("version_group") != group]
        return hits[:limit]

    # -- matching -------------------------------------------------------------------
    def _matched(self, query: Q.Query | None, req: SearchRequest) -> Matches:
        """Every matched live document, sorted, with its score."""
        mask = self._filter_mask(req)
        allowed = self._live if mask is None else mask & self._live
        if query is None:
            docs = np.flatnonzero(allowed)
            return Matches(docs, np.zeros(len(docs)))
        return self._engine.run(query, allowed)

    def _filter_mask(self, req: SearchRequest) -> np.ndarray | None:
        parts = [self._cached(name, tuple(values)) for name, values in sorted(req.filters.items()) if values]
        if req.date_from or req.date_to:
            parts.append(self._date_mask(req.date_from, req.date_to))
        if not parts:
            return None
        mask = parts[0].copy()
        for part in parts[1:]:
            mask &= part
        return mask

    def _cached(self, name: str, values: tuple[str, ...]) -> np.ndarray:
        """A bitset of the documents filed under any of a filter's `values`; kept until the next commit."""
        key = (name, values)
        if key not in self._filters:
            spec = FILTER[name]
            found = self._engine.run(Q.Or([Q.Term(spec.field, spec.fold(v)) for v in values]), self._live)
            self._filters[key] = mask_of(found.docs, len(self._live))
            while len(self._filters) > 256:
                self._filters.popitem(last=False)
        return self._filters[key]

    def _date_mask(self, date_from: str | None, date_to: str | None) -> np.ndarray:
        lo = date_key(date_from) if date_from else 1
        hi = _upper(date_to) if date_to else 99999999
        return (self._columns.date >= max(lo, 1)) & (self._columns.date <= hi)

    # -- the page shown ---------------------------------------------------------------
    def _page(self, query: Q.Query | None, matches: Matches, req: SearchRequest,
              start: int | None = None, end: int | None = None) -> tuple[list[int], dict]:
        """Document numbers from `start` to `end` in the request's order (its page by default), and scores."""
        if start is None or end is None:
            start, end = (req.page - 1) * req.per_page, req.page * req.per_page
        docs, scores = matches.docs, matches.scores
        if start >= len(docs):
            return [], {}
        if req.sort == "relevance" and query is not None:
            top = np.argpartition(-scores, end - 1)[:end] if end < len(docs) else np.arange(len(docs))
            top = top[np.lexsort((docs[top], -scores[top]))][start:end]
            return docs[top].tolist(), dict(zip(docs[top].tolist(), scores[top].tolist()))
        dates = self._columns.date[docs]
        if req.sort == "date_asc":
            order = np.lexsort((docs, np.where(dates == 0, 99999999, dates)))
        else:
            order = np.lexsort((docs, -dates.astype(np.int64)))
        return docs[order[start:end]].tolist(), {}


def _hit(f: dict, score: float | None, terms: list[str]) -> Hit:
    """A result from its stored fields, with the title and a snippet marked."""
    title, shown = f.get("headline") or None, f.get("shown") or {}

    def first(name: str) -> str | None:
        return next(iter(shown.get(name) or []), None)
    return Hit(id=f["id"], title=title, title_html=snippets.highlight(title or "", terms),
               date=f.get("date") or None, paper=first("paper"), region=list(shown.get("region") or []),
               topics=list(shown.get("topic") or []), snippet=snippets.snippet(f.get("body") or "", terms),
               kind=first("kind") or "article", score=score, version_group=f.get("version_group"),
               authors="、".join(shown.get("authors") or []), page_no=first("page_no"), section=first("section"))


def _live_docs(reader) -> np.ndarray:
    """A mask of the documents not deleted (segments with deletions are read, the rest are all live)."""
    live = np.ones(reader.doc_count_all(), bool)
    for sub, offset in reader.leaf_readers():
        if sub.has_deletions():
            live[offset:offset + sub.doc_count_all()] = False
            live[np.fromiter(sub.all_doc_ids(), np.int64) + offset] = True
    return live


def _upper(date: str) -> int:
    """The last yyyymmdd key a partial date covers: 2023 → 20231299, 2023-06 → 20230699."""
    key = date_key(date)
    if len(date) == 4:
        return key + 1299
    if len(date) == 7:
        return key + 99
    return key
