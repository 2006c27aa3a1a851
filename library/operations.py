"""What changes the archive, each step followed by indexing, under the data folder's ingest lock.

A change is stored first (the store is the system of record) and indexed in the
same breath, so what a reader searches never lags what a librarian did; two
writers never interleave, because every operation here takes the lock.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.model import Article
from archive.storing.corrections import CorrectionError
from archive.storing.ingest import IngestReport, ingest_paths
from library.datadir import DataDir, IngestLocked


@dataclass
class Ingested:
    report: IngestReport         # one line per file: what happened to it
    indexed: int                 # articles new or changed, now searchable
    deleted: int                 # articles retired (an earlier version of a changed file)


def ingest(data: DataDir, paths: list[Path], progress=None) -> Ingested:
    """Read, split, describe and store every file (one bad file never stops the rest), then index."""
    with data.ingest_lock():
        report = ingest_paths(paths, data.store(), progress)
        if progress:
            progress.done()
        indexed, deleted = data.sync_index()
    return Ingested(report, indexed, deleted)


def reindex(data: DataDir) -> int:
    """Rebuild the index from the store, the system of record; how many articles were indexed."""
    with data.ingest_lock():
        data.store().mark_all_unindexed()
        indexed, _ = data.sync_index()
    return indexed


@dataclass
class Corrected:
    applied: int = 0
    refused: list[tuple[int, dict, str]] = field(default_factory=list)   # (row number, row, why)


def correct(data: DataDir, rows: Iterable[dict], librarian: str) -> Corrected:
    """Apply rows of corrections (id, field, value, note); a refused row is reported, never stops the rest."""
    done = Corrected()
    with data.ingest_lock():
        for n, row in enumerate(rows, start=1):
            try:
                data.store().correct(row.get("id") or "", row.get("field") or "", row.get("value") or "",
                                     note=row.get("note") or "", librarian=librarian)
                done.applied += 1
            except CorrectionError as exc:
                done.refused.append((n, row, str(exc)))
        data.sync_index()
    return done


def correct_one(data: DataDir, article_id: str, field_name: str, value: str, note: str,
                librarian: str) -> tuple[Article, bool]:
    """One correction from a reader's page: stored at once (CorrectionError when refused), indexed at once
    unless an ingest holds the lock, whose own indexing then picks it up; (article, indexed now)."""
    article = data.store().correct(article_id, field_name, value, note=note, librarian=librarian)
    try:
        with data.ingest_lock():
            data.sync_index()
    except IngestLocked:
        return article, False
    return article, True
