"""Collections: librarians curate, order and annotate articles; anyone reads published ones.

Every page has a JSON twin (`/collections/<slug>.json`, `/api/collections/...`) and
exports (CSV for Excel, JSON Lines, RIS).  Unpublished collections are visible to
their owner only; a collection's permalink never changes.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from archive.curating.exports import EXPORTS
from archive.curating.librarians import Collection, CollectionError
from webui.auth import current_user, login_required
from webui.forms import form_data

bp = Blueprint("collections", __name__)


def _store():
    return current_app.config["STORE"]


def _colls():
    return current_app.config["COLLECTIONS"]


def _visible(slug: str) -> Collection:
    found = _colls().get(slug)
    if found is None or not (found.published or found.owner == current_user()):
        abort(404, description="没有这个专题，或它尚未公开")
    return found


def _owned(slug: str) -> Collection:
    found = _colls().get(slug)
    if found is None or found.owner != current_user():
        abort(404, description="没有这个专题，或你无权编辑它")
    return found


def _entries(coll: Collection) -> list[dict]:
    """Items with their articles; an article no longer in the store is shown as missing, not dropped."""
    return [{"item": item, "article": _store().get(item.article_id)} for item in coll.items]


def collection_dict(coll: Collection) -> dict:
    return {"slug": coll.slug, "title": coll.title, "description": coll.description, "owner": coll.owner,
            "published": coll.published, "created_at": coll.created_at, "updated_at": coll.updated_at,
            "url": url_for("collections.show", slug=coll.slug, _external=True),
            "items": [{"article_id": e["item"].article_id, "position": e["item"].position, "note": e["item"].note,
                       "title": e["article"].title if e["article"] else None,
                       "date": e["article"].date if e["article"] else None,
                       "paper": e["article"].paper if e["article"] else None}
                      for e in _entries(coll)]}


def _listing() -> list[Collection]:
    mine = _colls().list(owner=current_user()) if current_user() else []
    public = [c for c in _colls().list(published_only=True) if c.owner != current_user()]
    return mine + public


@bp.route("/collections")
def index():
    return render_template("collections.html", collections=_listing())


@bp.route("/collections.json")
@bp.route("/api/collections")
def index_json():
    return jsonify([collection_dict(c) for c in _listing()])


@bp.route("/api/collections", methods=["POST"])
@bp.route("/collections", methods=["POST"])
@login_required
def create():
    form = form_data()
    try:
        coll = _colls().create(current_user(), form.get("title", ""), form.get("description", ""))
    except CollectionError as exc:
        abort(400, description=str(exc))
    if request.path.startswith("/api/"):
        return jsonify(collection_dict(coll)), 201
    return redirect(url_for("collections.show", slug=coll.slug))


@bp.route("/collections/<slug>")
def show(slug: str):
    coll = _visible(slug)
    return render_template("collection.html", coll=coll, entries=_entries(coll),
                           editable=coll.owner == current_user())


@bp.route("/collections/<slug>.json")
@bp.route("/api/collections/<slug>")
def show_json(slug: str):
    return jsonify(collection_dict(_visible(slug)))


@bp.route("/collections/<slug>/export.<fmt>")
def export(slug: str, fmt: str):
    if fmt not in EXPORTS:
        abort(404, description="不支持的导出格式")
    coll = _visible(slug)
    articles = [e["article"] for e in _entries(coll) if e["article"]]
    mimetype, render = EXPORTS[fmt]
    body = render(articles, lambda a: url_for("html.article", article_id=a.id, _external=True),
                  {i.article_id: i.note for i in coll.items})
    return Response(body, mimetype=mimetype.split(";")[0],
                    headers={"Content-Disposition": f'attachment; filename="collection-{slug}.{fmt}"'})


@bp.route("/api/collections/<slug>/items", methods=["POST"])
@bp.route("/collections/<slug>/items", methods=["POST"])
@login_required
def add_item(slug: str):
    _owned(slug)
    form = form_data()
    article_id = form.get("article_id", "")
    if _store().get(article_id) is None:
        abort(400, description="没有这篇文章")
    _apply(lambda: _colls().add_item(slug, article_id, form.get("note", "")))
    return _done(slug)


@bp.route("/api/collections/<slug>/items/<article_id>", methods=["POST"])
@bp.route("/collections/<slug>/items/<article_id>", methods=["POST"])
@login_required
def edit_item(slug: str, article_id: str):
    """One route for an item's edits: action=note|move|remove (forms cannot send PATCH/DELETE)."""
    _owned(slug)
    form = form_data()
    action = form.get("action", "note")
    if action == "note":
        _apply(lambda: _colls().set_note(slug, article_id, form.get("note", "")))
    elif action == "move":
        _apply(lambda: _colls().move(slug, article_id, _int(form.get("position"))))
    elif action == "remove":
        _colls().remove_item(slug, article_id)
    else:
        abort(400, description="未知操作")
    return _done(slug)


@bp.route("/api/collections/<slug>/settings", methods=["POST"])
@bp.route("/collections/<slug>/settings", methods=["POST"])
@login_required
def settings(slug: str):
    _owned(slug)
    form = form_data()
    if form.get("action") == "delete":
        _colls().delete(slug)
        return (jsonify({"deleted": slug}) if request.path.startswith("/api/")
                else redirect(url_for("collections.index")))
    published = form.get("published")
    _apply(lambda: _colls().update(slug, title=form.get("title"), description=form.get("description"),
                                   published=None if published is None else str(published).lower() in ("1", "true", "on")))
    return _done(slug)


def _apply(change) -> None:
    try:
        change()
    except CollectionError as exc:
        abort(400, description=str(exc))


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        abort(400, description="位置必须是整数")


def _done(slug: str):
    if request.path.startswith("/api/"):
        return jsonify(collection_dict(_colls().get(slug)))
    return redirect(url_for("collections.show", slug=slug))
