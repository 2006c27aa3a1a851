"""HTML pages and their twins: search (/search, .json, .csv, .jsonl, .ris, .enw, .netx), a facet's values
(/facets/<name>, .json) and articles (/articles/<id>, .json, .ris, .enw, .netx, .bib)."""
from __future__ import annotations

from dataclasses import asdict, replace

from flask import (
    Blueprint,
    Response,
    abort,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from markupsafe import Markup

from archive.curating.cite import bibtex, gbt7714, tagged
from archive.curating.exports import MEDIA_TYPES, STREAMS
from archive.reading import markdown, script
from archive.storing.corrections import FIELDS
from indexer.query import highlight_terms
from indexer.registry import FACET, FILTER, FILTERS, SIDEBAR
from indexer.search import QueryError, SearchResult
from indexer.snippets import highlight
from webui import context
from webui.auth import current_user
from webui.security import search_request
from webui.twins import View, page

bp = Blueprint("html", __name__)
EXPORT_LIMIT = 10000
FACET_ALL = 1000       # values listed on a facet's own page
KIND_NAMES = {"article": "文章", "photo": "图片新闻", "continuation": "续文"}


def run_search(per_page: int = 20, facet_limits: dict[str, int] | None = None) -> SearchResult:
    """The search the query string asks for; 400 with the reason when it cannot run."""
    searcher = context.searcher()
    try:
        return searcher.search(search_request(request, per_page), facet_limits)
    except QueryError as exc:
        abort(400, description=str(exc))


@bp.app_context_processor
def _registry() -> dict:
    """What every template may name: the facets and filters as declared, and the kinds' names."""
    return {"FACET": FACET, "FILTERS": FILTERS, "FILTER": FILTER, "SIDEBAR": SIDEBAR, "kind_names": KIND_NAMES}


def permalink(article_id: str) -> str:
    return url_for("html.article", article_id=article_id, _external=True)


def _collapse(hits):
    """Hits of one story (same version group) on this page: the first shown, the others beneath it."""
    groups: dict[str, dict] = {}
    for hit in hits:
        key = hit.version_group or hit.id
        if key in groups:
            groups[key]["versions"].append(hit)
        else:
            groups[key] = {"hit": hit, "versions": []}
    return list(groups.values())


@page(bp, "/search", "search.html")
def search() -> View:
    """Matches with facets; the HTML shows each story once, its other versions beneath it."""
    result = run_search()
    return View(result.to_dict(), lambda: {"result": result, "entries": _collapse(result.hits), "snippet": Markup})


def _facet_or_404(name: str):
    if name not in FACET:
        abort(404, description=f"没有“{name[:40]}”这种分面：可用 {'、'.join(FACET)}")
    return FACET[name]


@page(bp, "/facets/<name>", "facet.html")
def facet(name: str) -> dict:
    """Every value of one facet over the search's matches (the sidebar shows the first few), as Datasette does."""
    spec = _facet_or_404(name)
    result = run_search(per_page=1, facet_limits={name: FACET_ALL})
    return {"facet": name, "label": spec.label, "filter": spec.filter, "by_value": spec.by_value,
            "total": result.total, "truncated": name in result.truncated,
            "values": [asdict(v) for v in result.facets[name]]}


@bp.route("/search.<fmt>")
def search_export(fmt: str):
    """The first EXPORT_LIMIT matches in the search's order, streamed (the CLI's --export has no limit)."""
    if fmt not in STREAMS:
        abort(404, description="不支持的导出格式")
    searcher = context.searcher()
    try:
        ids = searcher.all_ids(replace(search_request(request), page=1), EXPORT_LIMIT)
    except QueryError as exc:
        abort(400, description=str(exc))
    store = context.store()
    articles = (a for a in map(store.get, ids) if a)
    body = stream_with_context(STREAMS[fmt](articles, lambda a: permalink(a.id)))
    return Response(body, mimetype=MEDIA_TYPES[fmt].split(";")[0],
                    headers={"Content-Disposition": f'attachment; filename="search.{fmt}"'})


def _article_or_404(article_id: str):
    article = context.store().get(article_id)
    if article is None:
        abort(404, description="没有这篇文章（编号可能有误）")
    return article


@page(bp, "/articles/<article_id>", "article.html", "/articles/<article_id>.json", "/api/articles/<article_id>")
def article(article_id: str) -> View:
    """An article with its citation, versions and corrections; the HTML adds what a reader needs beside it."""
    art = _article_or_404(article_id)
    store = context.store()
    versions = store.versions(art)
    corrections = store.corrections(art.id)
    data = art.to_dict() | {"url": art.url, "permalink": permalink(art.id), "citation": gbt7714(art),
                            "versions": [a.id for a in versions], "corrections": corrections}
    return View(data, lambda: _reading(art) | {"versions": versions, "corrections": corrections,
                                               "citation": data["citation"], "permalink": data["permalink"]})


def _reading(art) -> dict:
    """The article page's context beyond its data: paragraphs with the searched words marked, related stories."""
    try:
        terms = highlight_terms(request.args.get("q", "")) if request.args.get("q") else []
    except QueryError as exc:
        abort(400, description=str(exc))
    user = current_user()
    return {"art": art, "references": REFERENCES,
            "paragraphs": [Markup(highlight(p, terms)) for p in art.body.split("\n") if p.strip()],
            "marked": _marked(art, terms) if art.scan else [],
            # a search's words: the plain text, marked; otherwise the source's own safe HTML
            "body_html": Markup(markdown.safe(art.html)) if art.html and not terms else None,
            "related": context.searcher().related(art.id),
            "my_collections": context.collections().list(owner=user) if user else [],
            "fields": FIELDS, "librarian": user}


def _marked(art, terms: list[str]) -> list[dict]:
    """The article's line boxes on its scanned page, each saying whether it holds a searched word (terms come folded)."""
    return [{"box": b[:4], "hit": any(t in script.fold(b[4]) for t in terms)} for b in art.scan["boxes"]]


@bp.route("/scans/<image_id>.jpg")
def scan_image(image_id: str):
    """A scanned page's image (kept once per image, named by its SHA-1; cached for a year: it never changes)."""
    path = context.store().image_path(image_id)
    if path is None:
        abort(404, description="没有这张版面图像")
    return send_file(path, mimetype="image/jpeg", max_age=365 * 24 * 3600)


REFERENCES = {"ris": "RIS", "enw": "EndNote", "netx": "NoteExpress", "bib": "BibTeX"}


@bp.route("/articles/<article_id>.<fmt>")
def article_reference(article_id: str, fmt: str):
    """The article for a reference manager: RIS, EndNote, NoteExpress or BibTeX, with its permalink."""
    if fmt not in REFERENCES:
        abort(404, description=f"不支持的格式：可用 {'、'.join(REFERENCES)}")
    art = _article_or_404(article_id)
    if fmt == "bib":
        body, mimetype = bibtex(art, permalink(art.id)), "application/x-bibtex"
    else:
        body, mimetype = tagged(art, fmt, permalink(art.id)), MEDIA_TYPES[fmt].split(";")[0]
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{art.id}.{fmt}"'})


def _changed(changes: dict) -> dict:
    """This request's query string with some parameters changed (None removes one); a new filter or
    sort starts again at page 1, so the page is dropped unless it is what changes."""
    args = request.args.to_dict(flat=False)
    if "page" not in changes:
        args.pop("page", None)
    for key, value in changes.items():
        if value is None or value == []:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    return args


@bp.app_template_global()
def with_args(**changes) -> str:
    """This page with some parameters changed."""
    return url_for(request.endpoint, **(request.view_args or {}), **_changed(changes))


@bp.app_template_global()
def search_url(**changes) -> str:
    """The results page of this page's search, with some parameters changed (from a facet or trends page)."""
    return url_for("html.search", **_changed(changes))
