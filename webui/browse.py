"""Ways in besides a query: the home page, browsing paper → year → issue → page, and a scanned page whole.

Every page here has a JSON twin (`.json`), as Datasette's do.  Browsing is searching
with filters and no words: a paper's years are the year facet of its articles, a
year's calendar is the day facet, an issue is its articles in page order, so the
counts shown are the counts a search would give.
"""
from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort

from archive.model import Contents
from archive.reading.dates import is_iso_date
from archive.reading.script import fold
from indexer.search import SearchRequest, SearchResult
from webui import context
from webui.twins import page

bp = Blueprint("browse", __name__)
ISSUE_SIZE = 100        # articles of one issue listed (a daily rarely prints more)
HOME_FACETS = ("topic", "region")


def _search(req: SearchRequest, limits: dict[str, int] | None = None) -> SearchResult:
    return context.searcher().search(req, limits)


@page(bp, "/", "home.html", "/index.json")
def home() -> dict:
    searcher = context.searcher()
    papers = [{"paper": p, "articles": n, "first": first, "last": last} for p, n, first, last in searcher.holdings()]
    everything = _search(SearchRequest(per_page=1))
    store, colls = context.store(), context.collections()
    return {"articles": everything.total, "papers": papers,
            "years": [asdict(v) for v in everything.facets["year"]],
            "facets": {name: [asdict(v) for v in everything.facets[name][:8]] for name in HOME_FACETS},
            "collections": [{"slug": c.slug, "title": c.title} for c in colls.list(published_only=True)[:6]],
            "corrections": store.recent_corrections(limit=5)}


@page(bp, "/papers/<paper>", "paper.html")
def paper(paper: str) -> dict:
    result = _search(SearchRequest(filters={"paper": [paper]}, per_page=1))
    if not result.total:
        abort(404, description="馆藏中没有这份报纸")
    return {"paper": paper, "articles": result.total, "years": [asdict(v) for v in result.facets["year"]],
            "undated": result.total - sum(v.count for v in result.facets["year"])}


@page(bp, "/papers/<paper>/<year>", "year.html")
def year(paper: str, year: str) -> dict:
    if not (len(year) == 4 and is_iso_date(year)):
        abort(404, description="年份应为四位数字，如 2020")
    result = _search(SearchRequest(filters={"paper": [paper]}, date_from=year, date_to=year, per_page=1))
    if not result.total:
        abort(404, description=f"馆藏中没有这份报纸 {year} 年的文章")
    months: dict[str, list[dict]] = {}
    for v in result.facets["day"]:
        months.setdefault(v.value[:7], []).append({"date": v.value, "articles": v.count})
    return {"paper": paper, "year": year, "articles": result.total, "months": months}


@page(bp, "/papers/<paper>/<year>/<date>", "issue.html")
def issue(paper: str, year: str, date: str) -> dict:
    """One day's issue of a paper: its pages in order, each with its articles as printed on it."""
    if not date.startswith(year):
        abort(404, description="日期与年份不符")
    if not (len(date) == 10 and is_iso_date(date)):
        abort(404, description="日期应为 2020-01-15 这样的形式")
    result = _search(SearchRequest(filters={"paper": [paper]}, date_from=date, date_to=date, sort="date_asc",
                                   per_page=ISSUE_SIZE))
    printed = {c.page_no or "": c for c in context.store().contents_of(paper, date)}
    if not result.total and not printed:
        abort(404, description=f"馆藏中没有这份报纸 {date} 的版面")
    pages: dict[str, list[dict]] = {p: [] for p in printed}
    for hit in result.hits:
        pages.setdefault(hit.page_no or "", []).append(
            {"id": hit.id, "title": hit.title, "kind": hit.kind, "authors": hit.authors, "section": hit.section})
    ordered = sorted(pages.items(), key=lambda kv: (kv[0] == "", kv[0].zfill(4)))
    return {"paper": paper, "date": date, "articles": result.total, "shown": len(result.hits),
            "pages": [{"page_no": p or None, "articles": items, "contents": _contents(printed.get(p), result.hits)}
                      for p, items in ordered]}


def _contents(contents: Contents | None, hits: list) -> dict | None:
    """A page's table of contents as its layout page printed it, each entry linked to the issue's
    article of that title where the archive holds it (on whatever page it was filed)."""
    if contents is None:
        return None
    held = {_same(h.title): h.id for h in hits if h.title}
    return {"name": contents.page_name, "source": contents.source,
            "entries": [{"title": e["title"], "id": held.get(_same(e["title"]))} for e in contents.entries]}


def _same(title: str) -> str:
    return fold("".join(title.split()))


@page(bp, "/scans/<image_id>", "scan.html")
def scan_page(image_id: str) -> dict:
    """A scanned page whole, each article's lines a link to it (Chronicling America's page view)."""
    articles = context.store().on_image(image_id)
    if not articles:
        abort(404, description="没有这张版面图像")
    first = articles[0].scan
    return {"image": image_id, "width": first["width"], "height": first["height"],
            "paper": articles[0].paper, "date": articles[0].date, "page_no": articles[0].page_no,
            "articles": [{"id": a.id, "title": a.title, "kind": a.kind, "boxes": [b[:4] for b in a.scan["boxes"]]}
                         for a in articles]}
