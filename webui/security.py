"""What every response carries, and what every request may ask.

Security headers go on every response: a Content-Security-Policy that allows no
inline script or style (the templates have none), nosniff, a same-origin
referrer policy and no framing.  Request parameters are bounded here, before any
search runs, so an over-limit request gets a 400 with a plain message at once.
"""
from __future__ import annotations

from flask import Request

from indexer.search import MAX_FILTER_VALUES, MAX_PAGE, MAX_PER_PAGE, QueryError, SearchRequest

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
MAX_Q = 500
FILTERS = ("region", "topic", "paper", "kind", "entity")


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def search_request(request: Request, per_page: int = 20) -> SearchRequest:
    """The SearchRequest a query string asks for; QueryError (→ 400) when it asks too much."""
    args = request.args
    q = args.get("q", "")
    if len(q) > MAX_Q:
        raise QueryError(f"检索词过长（最多 {MAX_Q} 个字符）")
    filters = {name: [v for v in args.getlist(name) if v.strip()] for name in FILTERS}
    if any(len(v) > MAX_FILTER_VALUES for v in filters.values()):
        raise QueryError(f"每种筛选条件最多 {MAX_FILTER_VALUES} 个值")
    page, size = _int(args.get("page"), 1, "page"), _int(args.get("per_page"), per_page, "per_page")
    if not 1 <= page <= MAX_PAGE or not 1 <= size <= MAX_PER_PAGE:
        raise QueryError(f"页码应在 1 到 {MAX_PAGE} 之间，每页 1 到 {MAX_PER_PAGE} 条")
    return SearchRequest(q=q, region=filters["region"], topic=filters["topic"], paper=filters["paper"],
                         kind=filters["kind"], entity=filters["entity"], date_from=args.get("from") or None, date_to=args.get("to") or None,
                         sort=args.get("sort") or "relevance", mode=args.get("mode") or "exact", page=page,
                         per_page=size)


def _int(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} 必须是整数") from None
