"""Librarians correct an article's metadata; the correction is indexed at once when no ingest is running.

POST /articles/<id>/corrections (form) or /api/articles/<id>/corrections (JSON) with
`field`, `value` and an optional `note`.  Like every change, it needs a logged-in
librarian and the session's CSRF token.  Anyone can read who corrected what, when
and why: on the article page and its JSON twin, and across the archive at /corrections
(and /corrections.json), newest first.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from archive.storing.corrections import FIELDS, CorrectionError
from library import operations
from webui import context
from webui.auth import current_user, login_required
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
    return context.store().recent_corrections(limit=200)


@bp.route("/api/articles/<article_id>/corrections", methods=["POST"])
@bp.route("/articles/<article_id>/corrections", methods=["POST"])
@login_required
def correct(article_id: str):
    form = form_data()
    try:
        article, indexed = operations.correct_one(current_app.config["DATA"], article_id, form.get("field", ""),
                                                  form.get("value", ""), form.get("note", ""), current_user())
    except CorrectionError as exc:
        abort(404 if context.store().get(article_id) is None else 400, description=str(exc))
    if request.path.startswith("/api/"):
        return jsonify({"article": article.to_dict(), "corrections": context.store().corrections(article_id),
                        "indexed": indexed})
    return redirect(url_for("html.article", article_id=article_id))
