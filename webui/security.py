"""What every response carries, and what every request may ask.

Security headers go on every response: a Content-Security-Policy that allows no
inline script or style (the templates have none), nosniff, a same-origin
referrer policy and no framing.  Request parameters are bounded here, before any
search runs, so an over-limit request gets a 400 with a plain message at once.
"""
from __future__ import annotations

from flask import Request

from indexer.registry import FILTERS
from indexer.search import QueryError, SearchRequest

HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def search_request(request: Request, per_page: int = 20) -> SearchRequest:
    """The SearchRequest a query string asks for, checked before any search runs; QueryError (→ 400)
    when it asks too much.  Every page that searches (results, exports, trends, feeds) reads it here."""
    args = request.args
    q = args.get("q", "")
    filters = {f.name: [v for v in args.getlist(f.name) if v.strip()] for f in FILTERS}
    req = SearchRequest(q=q, filters={name: values for name, values in filters.items() if values},
                        date_from=args.get("from") or None, date_to=args.get("to") or None,
                        sort=args.get("sort") or "relevance", mode=args.get("mode") or "exact",
                        page=_int(args.get("page"), 1, "page"), per_page=_int(args.get("per_page"), per_page, "per_page"))
    req.check()
    return req


def _int(value: str | None, default: int, name: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{name} 必须是整数") from None
