"""What a view asks of the app it runs in: the data folder's searcher, store and collections.

One place, so no view opens, caches or refreshes a searcher its own way.
"""
from __future__ import annotations

from flask import current_app

from archive.curating.librarians import Collections
from archive.storing.store import ArticleStore
from indexer.search import Searcher


def searcher() -> Searcher:
    """The data folder's one searcher, up to date with the last commit."""
    return current_app.config["DATA"].searcher()


def store() -> ArticleStore:
    return current_app.config["STORE"]


def collections() -> Collections:
    return current_app.config["COLLECTIONS"]
