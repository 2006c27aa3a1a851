"""The naive way, exactly as jieba's and Whoosh's documentation show it: the baseline we measure against.

jieba's README ("ChineseAnalyzer for Whoosh"): a Schema whose TEXT fields take
`jieba.analyse.ChineseAnalyzer()`, `writer.add_document(...)` one document at a
time, one `writer.commit()`.  Whoosh's docs ("Sorting and faceting",
"How to create highlighted search result excerpts"): `QueryParser`, a `filter=`
query, `groupedby=` with `sorting.FieldFacet` over plain ID fields, and
`hit.highlights("body")`.  Nothing here is tuned: that is the point.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh import index, query, sorting
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

FACETS = ("region", "topic")


def schema() -> Schema:
    analyzer = ChineseAnalyzer()
    return Schema(id=ID(stored=True, unique=True),
                  title=TEXT(stored=True, analyzer=analyzer),
                  body=TEXT(stored=True, analyzer=analyzer),
                  region=ID(stored=True), topic=ID(stored=True),
                  paper=ID(stored=True), date=ID(stored=True))


def record_fields(rec: dict) -> dict[str, str]:
    """One benchmark record as the naive schema's fields: region path joined, first topic only."""
    topics = rec.get("topics") or []
    return {"id": rec["id"], "title": rec.get("title") or "", "body": rec.get("body") or "",
            "region": ">".join(rec.get("region") or []), "topic": topics[0] if topics else "",
            "paper": rec.get("paper") or "", "date": rec.get("date") or ""}


def build_index(records: Iterable[dict], index_dir: Path) -> int:
    """Index records one `add_document` at a time with one commit; returns how many."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), schema())
    writer = ix.writer()
    count = 0
    for rec in records:
        writer.add_document(**record_fields(rec))
        count += 1
    writer.commit()
    return count


def open_index(index_dir: Path):
    return index.open_dir(str(index_dir))


def _filter(filters: dict) -> query.Query | None:
    """Filters as the docs show: Term queries on the ID fields, a TermRange on the ISO date."""
    parts: list[query.Query] = []
    if filters.get("region"):
        parts.append(query.Prefix("region", ">".join(filters["region"])))
    if filters.get("topic"):
        parts.append(query.Term("topic", filters["topic"]))
    if filters.get("date_from") or filters.get("date_to"):
        parts.append(query.TermRange("date", filters.get("date_from"), filters.get("date_to")))
    return query.And(parts) if parts else None


def search(ix, text: str, filters: dict | None = None, limit: int = 10) -> dict:
    """One results page: total, facet counts over all matches, highlighted snippets of the page."""
    parser = QueryParser("body", ix.schema)
    with ix.searcher() as searcher:
        results = searcher.search(parser.parse(text), limit=limit, filter=_filter(filters or {}),
                                  groupedby=[sorting.FieldFacet(name) for name in FACETS])
        facets = {name: {k: len(v) for k, v in results.groups(name).items()} for name in FACETS}
        snippets = [hit.highlights("body") for hit in results]
        return {"total": len(results), "facets": facets, "snippets": snippets}
