"""Working with results: trends over time (HTML chart, JSON, CSV) and Atom feeds of saved searches.

A saved search is its URL: the feed at /feeds/search.atom takes the same query
string as /search, so a journalist subscribes to exactly what they searched.
"""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for

from indexer.search import QueryError, SearchRequest
from indexer.trends import INTERVALS, MAX_SERIES, Trend, trend
from webui import context
from webui.security import search_request

bp = Blueprint("work", __name__)
CHART_W, CHART_H, PAD = 720, 260, 36
COLORS = ("#b03a2e", "#1f618d", "#117a65", "#b9770e", "#6c3483", "#566573")
FEED_SIZE = 50
SCALES = ("count", "share")


def _base_request() -> SearchRequest:
    try:
        return search_request(request)
    except QueryError as exc:
        abort(400, description=str(exc))


def _trend() -> Trend:
    queries = [q.strip() for q in request.args.getlist("q") if q.strip()][:MAX_SERIES]
    interval = request.args.get("interval", "year")
    if interval not in INTERVALS:
        abort(400, description="interval 只能是 year 或 month")
    base = _base_request()
    try:
        return trend(context.searcher(), queries or [""], base, interval)
    except QueryError as exc:
        abort(400, description=str(exc))


def _scale() -> str:
    scale = request.args.get("scale", "count")
    if scale not in SCALES:
        abort(400, description="scale 只能是 count（篇数）或 share（占当期文章的比例）")
    return scale


def chart(data: Trend, scale: str = "count") -> dict:
    """SVG geometry for the trend lines, computed here so the page needs no script.

    Each line is drawn in runs: a period the archive holds nothing for breaks it
    (a gap is not a zero).  `share` plots each count against what the archive holds then.
    """
    values = {q: data.shares(q) if scale == "share" else c for q, c in data.series.items()}
    n = len(data.periods)
    top = max([v for vs in values.values() for v in vs if v is not None] + [0]) or 1

    def x(i: int) -> float:
        return PAD + (CHART_W - 2 * PAD) * (i / max(n - 1, 1))

    def y(v: float) -> float:
        return CHART_H - PAD - (CHART_H - 2 * PAD) * v / top

    def runs(vs: list) -> list[str]:
        out, run = [], []
        for i, v in enumerate([*vs, None]):
            if v is None:
                if run:
                    out.append(" ".join(run))
                run = []
            else:
                run.append(f"{x(i):.1f},{y(v):.1f}")
        return out

    lines = [{"q": q or "（全部文章）", "color": COLORS[k % len(COLORS)], "total": sum(c or 0 for c in data.series[q]),
              "undated": data.undated[q], "runs": runs(vs),
              "dots": [(round(x(i), 1), round(y(v), 1), data.periods[i], _shown(v, scale)) for i, v in enumerate(vs)
                       if v is not None]}
             for k, (q, vs) in enumerate(values.items())]
    step = max(1, n // 12)
    ticks = [(round(x(i), 1), p) for i, p in enumerate(data.periods) if i % step == 0]
    gaps = [(round(x(i), 1), p) for i, p in enumerate(data.periods) if not data.totals[i]]
    return {"width": CHART_W, "height": CHART_H, "pad": PAD, "top": _shown(top, scale), "lines": lines,
            "ticks": ticks, "gaps": gaps, "y_top": round(y(top), 1), "y_zero": round(y(0), 1), "scale": scale}


def _shown(value: float, scale: str) -> str:
    return f"{value:.1%}" if scale == "share" else str(int(value))


@bp.route("/trends")
def trends():
    data = _trend()
    return render_template("trends.html", data=data, chart=chart(data, _scale()), queries=request.args.getlist("q"))


@bp.route("/trends.json")
@bp.route("/api/trends")
def trends_json():
    return jsonify(_trend().to_dict())


@bp.route("/trends.csv")
def trends_csv():
    return Response(_trend().to_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="trends.csv"'})


@bp.route("/feeds/search.atom")
def search_feed():
    req = _base_request()
    req.sort, req.per_page = "date", FEED_SIZE
    try:
        result = context.searcher().search(req)
    except QueryError as exc:
        abort(400, description=str(exc))
    store = context.store()
    entries = [(hit, store.get(hit.id)) for hit in result.hits]
    page_url = url_for("html.search", _external=True, **request.args.to_dict(flat=False))
    body = render_template("feed.xml", entries=entries, q=req.q, page_url=page_url,
                           feed_url=request.url, updated=_updated([a for _, a in entries if a]))
    return Response(_XML_FORBIDDEN.sub("", body), mimetype="application/atom+xml")


# Characters XML 1.0 forbids (control characters in an OCR title would make the feed unreadable).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _updated(articles) -> str:
    dates = sorted(a.date for a in articles if a.date)
    return atom_date(dates[-1]) if dates else "1970-01-01T00:00:00Z"


def atom_date(date: str | None) -> str:
    """RFC 3339 for a partial date: a year or month is pinned to its first day."""
    if not date:
        return "1970-01-01T00:00:00Z"
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


@bp.app_template_filter("atom_date")
def _atom_date_filter(date: str | None) -> str:
    return atom_date(date)
