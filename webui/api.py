"""The JSON API: /api/search and /api/stats (articles: /api/articles/<id>, in views.py beside its page)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from webui import context
from webui.views import run_search

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search():
    return jsonify(run_search().to_dict())


@bp.route("/stats")
def stats():
    searcher = context.searcher()
    return jsonify(context.store().stats() | {"indexed": searcher.doc_count()})
