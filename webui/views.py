"""HTML pages and their twins: search (/search, .json, .csv, .jsonl, .ris) and articles (/articles/<id>, .json, .ris, .bib)."""
from __future__ import annotations

from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from markupsafe import Markup

from archive.cite import bibtex, gbt7714, ris
from archive.exports import FORMATS, STREAMS
from indexer.query import highlight_terms
from indexer.search import QueryError, SearchResult
from indexer.snippets import highlight
from webui.security import search_request

bp = Blueprint("html", __name__)
EXPORT_LIMIT = 10000
FACET_NAMES = {"region": "地区", "topic": "主题", "paper": "报纸", "year": "年份", "kind": "类型",
               "person": "人物", "org": "机构", "place": "地点", "entity": "提及"}
KIND_NAMES = {"article": "文章", "photo": "图片新闻", "continuation": "续文"}


def run_search(per_page: int = 20) -> SearchResult:
    """The search the query string asks for; 400 with the reason when it cannot run."""
    searcher = current_app.config["SEARCHER"]()
    searcher.refresh()
    try:
        return searcher.search(search_request(request, per_page))
    except QueryError as exc:
        abort(400, description=str(exc))


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


@bp.route("/")
@bp.route("/search")
def search():
    result = run_search()
    return render_template("search.html", result=result, entries=_collapse(result.hits), args=request.args,
                           facet_names=FACET_NAMES, kind_names=KIND_NAMES, snippet=Markup)


@bp.route("/search.json")
def search_json():
    return jsonify(run_search().to_dict())


@bp.route("/search.<fmt>")
def search_export(fmt: str):
    """The first EXPORT_LIMIT matches in the search's order, streamed (the CLI's --export has no limit)."""
    if fmt not in STREAMS:
        abort(404, description="不支持的导出格式")
    searcher = current_app.config["SEARCHER"]()
    searcher.refresh()
    try:
        ids = searcher.all_ids(replace(search_request(request), page=1), EXPORT_LIMIT)
    except QueryError as exc:
        abort(400, description=str(exc))
    store = current_app.config["STORE"]
    articles = (a for a in map(store.get, ids) if a)
    body = stream_with_context(STREAMS[fmt](articles, lambda a: permalink(a.id)))
    return Response(body, mimetype=FORMATS[fmt][0].split(";")[0],
                    headers={"Content-Disposition": f'attachment; filename="search.{fmt}"'})


def _article_or_404(article_id: str):
    article = current_app.config["STORE"].get(article_id)
    if article is None:
        abort(404, description="没有这篇文章（编号可能有误）")
    return article


@bp.route("/articles/<article_id>")
def article(article_id: str):
    art = _article_or_404(article_id)
    try:
        terms = highlight_terms(request.args.get("q", "")) if request.args.get("q") else []
    except QueryError as exc:
        abort(400, description=str(exc))
    paragraphs = [Markup(highlight(p, terms)) for p in art.body.split("\n") if p.strip()]
    searcher = current_app.config["SEARCHER"]()
    store, colls = current_app.config["STORE"], current_app.config["COLLECTIONS"]
    from archive.corrections import FIELDS
    from webui.auth import current_user
    return render_template("article.html", art=art, paragraphs=paragraphs, citation=gbt7714(art),
                           versions=store.versions(art), related=searcher.related(art.id),
                           permalink=permalink(art.id), kind_names=KIND_NAMES,
                           my_collections=colls.list(owner=current_user()) if current_user() else [],
                           corrections=store.corrections(art.id), fields=FIELDS, librarian=current_user())


@bp.route("/articles/<article_id>.json")
@bp.route("/api/articles/<article_id>")
def article_json(article_id: str):
    art = _article_or_404(article_id)
    store = current_app.config["STORE"]
    return jsonify(art.to_dict() | {"url": art.url, "permalink": permalink(art.id), "citation": gbt7714(art),
                                    "versions": [a.id for a in store.versions(art)],
                                    "corrections": store.corrections(art.id)})


@bp.route("/articles/<article_id>.ris")
def article_ris(article_id: str):
    art = _article_or_404(article_id)
    return Response(ris(art, permalink(art.id)), mimetype="application/x-research-info-systems",
                    headers={"Content-Disposition": f'attachment; filename="{art.id}.ris"'})


@bp.route("/articles/<article_id>.bib")
def article_bib(article_id: str):
    art = _article_or_404(article_id)
    return Response(bibtex(art, permalink(art.id)), mimetype="application/x-bibtex",
                    headers={"Content-Disposition": f'attachment; filename="{art.id}.bib"'})


@bp.app_template_global()
def with_args(**changes) -> str:
    """This page's query string with some parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [value]
    if "page" not in changes:
        args.pop("page", None)             # a new filter or sort starts again at page 1
    return url_for(request.endpoint, **(request.view_args or {}), **args)


@bp.app_template_global()
def add_filter(name: str, value: str) -> str:
    values = [v for v in request.args.getlist(name) if v != value] + [value]
    return with_args(**{name: values})


@bp.app_template_global()
def remove_filter(name: str, value: str) -> str:
    values = [v for v in request.args.getlist(name) if v != value]
    return with_args(**{name: values or None})
