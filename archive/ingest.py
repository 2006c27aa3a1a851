"""Batch ingest: files and folders in, one outcome per file out; one bad file never stops a batch.

Every path the user named, and every file found beneath a named folder, ends with
exactly one `FileOutcome`: ingested, unchanged, duplicate, skipped or failed, with
the reason in words.  Work is committed to the store file by file, so a crash
loses at most the file in hand, and re-running finishes the rest.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive import manifest
from archive.model import Article
from archive.pipeline import process_page
from archive.read import SourceError, read_bytes, read_source, source_format
from archive.store import ArticleStore

STATUSES = ("ingested", "unchanged", "duplicate", "skipped", "failed")


@dataclass
class FileOutcome:
    path: str
    status: str                    # one of STATUSES
    articles: int = 0              # articles stored from this file
    kinds: dict[str, int] = field(default_factory=dict)
    reason: str = ""               # why skipped/failed/duplicate
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.status for f in self.files))

    @property
    def articles(self) -> int:
        return sum(f.articles for f in self.files)

    def to_dict(self) -> dict:
        return {"counts": self.counts(), "articles": self.articles, "files": [asdict(f) for f in self.files]}


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given paths, in a stable order; named files are kept even if odd."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and not manifest.is_manifest(Path(name)):
                        yield Path(root) / name
        else:
            yield path


def ingest_file(path: Path, store: ArticleStore) -> FileOutcome:
    """Read, split, describe and store one file; never raises for bad input."""
    if source_format(path) is None:
        return FileOutcome(str(path), "skipped", reason=f"unsupported file type {path.suffix or '(none)'}")
    try:
        data = read_bytes(path)
        sha = hashlib.sha1(data).hexdigest()
        first = store.source_path(sha)
        if first is not None:
            status = "unchanged" if first == str(path) else "duplicate"
            return FileOutcome(str(path), status, reason="" if status == "unchanged" else f"same bytes as {first}")
        reading = read_source(path, data)
        articles = _articles(reading.pages)
    except SourceError as exc:
        return FileOutcome(str(path), "failed", reason=str(exc))
    if not articles:
        return FileOutcome(str(path), "skipped", reason="no article text found", encoding=reading.encoding,
                           warnings=reading.warnings)
    store.put_source(sha, str(path), articles, reading.encoding)
    kinds = dict(Counter(a.kind for a in articles))
    return FileOutcome(str(path), "ingested", len(articles), kinds, encoding=reading.encoding,
                       warnings=reading.warnings)


def _articles(pages) -> list[Article]:
    articles: list[Article] = []
    for index, page in enumerate(pages):
        articles.extend(process_page(page, index))
    return [a for a in articles if a.body.strip()]


def ingest_paths(paths: Iterable[Path], store: ArticleStore,
                 progress: Callable[[FileOutcome], None] | None = None) -> IngestReport:
    """Ingest every file under `paths` into `store`, reporting each file's fate."""
    report = IngestReport()
    for path in discover(paths):
        try:
            outcome = ingest_file(path, store)
        except Exception as exc:  # a bug on one file must not cost the batch: name it and go on
            outcome = FileOutcome(str(path), "failed", reason=f"internal error: {type(exc).__name__}: {exc}")
        report.files.append(outcome)
        if progress:
            progress(outcome)
    return report
