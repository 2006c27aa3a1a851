"""Librarians correct an article's metadata; the correction is indexed at once when no ingest is running.

POST /articles/<id>/corrections (form) or /api/articles/<id>/corrections (JSON) with
`field`, `value` and an optional `note`.  Like every change, it needs a logged-in
librarian and the session's CSRF token.  Anyone can read who corrected what, when
and why: on the article page and its JSON twin, and across the archive at /corrections
(and /corrections.json), newest first.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from archive.corrections import FIELDS, CorrectionError
from webui.auth import current_user, login_required
from webui.datadir import IngestLocked
from webui.forms import form_data

bp = Blueprint("corrections", __name__)


@bp.route("/corrections")
def recent():
    return render_template("corrections.html", corrections=_recent(), fields=FIELDS)


@bp.route("/corrections.json")
@bp.route("/api/corrections")
def recent_json():
    return jsonify(_recent())


def _recent() -> list[dict]:
    return current_app.config["STORE"].recent_corrections(limit=200)


@bp.route("/api/articles/<article_id>/corrections", methods=["POST"])
@bp.route("/articles/<article_id>/corrections", methods=["POST"])
@login_required
def correct(article_id: str):
    form = form_data()
    store = current_app.config["STORE"]
    try:
        article = store.correct(article_id, form.get("field", ""), form.get("value", ""),
                                note=form.get("note", ""), librarian=current_user())
    except CorrectionError as exc:
        abort(404 if store.get(article_id) is None else 400, description=str(exc))
    indexed = _index_now()
    if request.path.startswith("/api/"):
        return jsonify({"article": article.to_dict(), "corrections": store.corrections(article_id),
                        "indexed": indexed})
    return redirect(url_for("html.article", article_id=article_id))


def _index_now() -> bool:
    """Index the corrected article now; while an ingest runs, that ingest's sync picks it up instead."""
    data = current_app.config["DATA"]          # its store is the app's STORE: no second connection
    try:
        with data.ingest_lock():
            data.sync_index()
    except IngestLocked:
        return False
    return True
