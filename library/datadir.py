"""The data folder: the article store, the index, and the lock that keeps ingests apart.

Searches never take the lock: they read the last committed index while an ingest
runs.  A second ingest started meanwhile stops at once with a clear message
instead of interleaving writes.
"""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from archive.storing.store import ArticleStore


class IngestLocked(RuntimeError):
    """Another ingest holds the data folder."""


class DataDir:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._searcher = None
        self._searcher_lock = threading.Lock()

    @property
    def index_dir(self) -> Path:
        return self.path / "index"

    @cached_property
    def _store(self) -> ArticleStore:
        return ArticleStore(self.path / "articles.sqlite")

    def store(self) -> ArticleStore:
        return self._store

    @cached_property
    def _collections(self):
        from archive.curating.librarians import Collections
        return Collections(self.path / "collections.sqlite")

    def collections(self):
        return self._collections

    def searcher(self):
        """The data folder's one searcher, opened on first use (the index may not exist before) and
        refreshed at every ask, which is cheap when nothing was committed since."""
        from indexer.search import Searcher
        with self._searcher_lock:
            if self._searcher is None:
                self._searcher = Searcher(self.index_dir)
            else:
                self._searcher.refresh()
            return self._searcher

    def sync_index(self) -> tuple[int, int]:
        from indexer.sync import sync_index
        return sync_index(self.store(), self.index_dir)

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        lock_path = self.path / "ingest.lock"
        with open(lock_path, "a+") as handle:
            try:
                # POSIX record locks belong to this process alone: ingest workers forked
                # later do not inherit them, so a killed ingest never leaves the folder locked
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except (BlockingIOError, PermissionError):
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                raise IngestLocked(f"another ingest is running on {self.path} (pid {holder}); "
                                   "wait for it to finish and run this again") from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            try:
                yield
            finally:
                fcntl.lockf(handle, fcntl.LOCK_UN)
