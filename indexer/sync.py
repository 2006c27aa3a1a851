"""Bring the index up to date with the article store, resumably.

The store marks what is indexed only after the index has committed it, so a crash
in between costs nothing but re-indexing a batch (updates are keyed by id, so the
repeat changes nothing).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from whoosh import index

from archive.storing.store import ArticleStore
from indexer.facets import write_columns
from indexer.schema import build_schema
from indexer.writer import INDEX_NAME, delete_articles, index_articles, settle

PARALLEL_FROM = 2000   # below this, starting tokenizer processes costs more than it saves


def sync_index(store: ArticleStore, index_dir: Path, *, batch: int = 5000,
               progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Index pending articles and drop deleted ones; returns (indexed, deleted)."""
    if _outdated(index_dir):          # built by an earlier version: rebuilt from the store, the system of record
        shutil.rmtree(index_dir)
        store.mark_all_unindexed()
    deleted = store.tombstones()
    if deleted:
        delete_articles(index_dir, deleted)
        store.mark_indexed([], deleted)
    total, done = store.pending_count(), 0
    while True:
        articles = store.pending(limit=batch)
        if not articles:
            break
        procs = min(os.cpu_count() or 1, 4) if len(articles) >= PARALLEL_FROM else 1
        index_articles(index_dir, articles, procs=procs)
        store.mark_indexed([a.id for a in articles])
        done += len(articles)
        if progress:
            progress(done, total)
    if done:
        settle(index_dir)
    if done or deleted:
        write_columns(index_dir)    # the server then opens without reading stored fields
    return done, len(deleted)


def _outdated(index_dir: Path) -> bool:
    """Whether the index on disk has other fields or postings formats than this version's schema
    (or names analyzers this version no longer has, so it cannot even be opened)."""
    if not any(Path(index_dir).glob(f"_{INDEX_NAME}_*.toc")):
        return False
    try:
        held = index.open_dir(str(index_dir), indexname=INDEX_NAME).schema
    except (AttributeError, ImportError):
        return True
    wanted = build_schema()
    return set(held.names()) != set(wanted.names()) or any(
        type(held[name].format) is not type(wanted[name].format) for name in wanted.names())
