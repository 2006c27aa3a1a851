"""The JSON API: /api/search and /api/stats (articles: /api/articles/<id>, in views.py beside its page)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from webui.views import run_search

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search():
    return jsonify(run_search().to_dict())


@bp.route("/stats")
def stats():
    searcher = current_app.config["SEARCHER"]()
    searcher.refresh()
    return jsonify(current_app.config["STORE"].stats() | {"indexed": searcher.doc_count()})
