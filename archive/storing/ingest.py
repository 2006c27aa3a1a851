"""Batch ingest: files and folders in, one outcome per file out; one bad file never stops a batch.

Every path the user named, and every file found beneath a named folder, ends with
exactly one `FileOutcome`: ingested, unchanged, duplicate, skipped or failed, with
the reason in words.  Reading, splitting and describing (the slow part: jieba) run
in worker processes, one per core; the store is written by this process only, a
file (or a chunk of a large JSON Lines file) per transaction, so a crash loses at
most the work in hand, and running the ingest again finishes the rest.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.model import Article
from archive.reading import manifest
from archive.reading.read import (
    NotAnArticle,
    SourceError,
    check_file,
    not_an_article,
    read_bytes,
    read_jsonl_chunks,
    read_source,
    source_format,
)
from archive.storing import neardup
from archive.storing.pipeline import MAX_BODY_CHARS, image_id, process_page, within_limit
from archive.storing.store import ArticleStore

STATUSES = ("ingested", "contents", "unchanged", "duplicate", "skipped", "failed")   # contents: a layout page kept
JSONL_CHUNK = 500
IN_FLIGHT = 8          # page files being prepared ahead of the one being stored


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


def ingest_paths(paths: Iterable[Path], store: ArticleStore,
                 progress: Callable[[FileOutcome], None] | None = None, *, workers: int | None = None) -> IngestReport:
    """Ingest every file under `paths` into `store`, reporting each file's fate.

    Page files are prepared by the workers a few at a time while this process stores
    finished ones in discovery order; a JSON Lines file is spread over the workers
    chunk by chunk.
    """
    report = IngestReport()
    seen: dict[str, str] = {}
    with _pool(workers) as pool:
        window: deque = deque()

        def finish(item) -> None:
            outcome = _finish(item, store)
            report.files.append(outcome)
            if progress:
                progress(outcome)

        for path in discover(paths):
            plan = _plan(path, store, seen)
            if plan[0] == "pages" and pool is not None:
                window.append(("pages", plan[1], plan[3], pool.apply_async(_prepare_pages, ((str(plan[1]), plan[2]),))))
                while len(window) > IN_FLIGHT:
                    finish(window.popleft())
                continue
            while window:
                finish(window.popleft())
            if plan[0] == "jsonl":
                finish(("done", _guard(path, lambda: _ingest_jsonl(path, plan[2], store, pool))))
            elif plan[0] == "pages":
                finish(("pages", path, plan[3], _guard(path, lambda: _prepare_pages((str(path), plan[2])))))
            else:
                finish(plan)
        while window:
            finish(window.popleft())
    return report


def _guard(path: Path, work: Callable):
    """Run one file's work; a bug on one file must not cost the batch: name it and go on."""
    try:
        return work()
    except Exception as exc:
        return FileOutcome(str(path), "failed", reason=f"internal error: {type(exc).__name__}: {exc}")


def _finish(item, store: ArticleStore) -> FileOutcome:
    if item[0] == "done":
        return item[1]
    _, path, sha, result = item
    if hasattr(result, "get"):
        result = _guard(path, result.get)
    return result if isinstance(result, FileOutcome) else _guard(path, lambda: _store_pages(path, sha, result, store))


@contextmanager
def _pool(workers: int | None):
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if count <= 1:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(count, initializer=die_with_parent) as pool:
        yield pool


def die_with_parent() -> None:
    """This (forked) process ends when its parent does, even if the parent is killed outright (Linux)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _plan(path: Path, store: ArticleStore, seen: dict[str, str]) -> tuple:
    """What to do with one file: ("done", outcome) | ("pages", path, data, sha) | ("jsonl", path, sha)."""
    if source_format(path) is None:
        return ("done", FileOutcome(str(path), "skipped", reason=f"unsupported file type {path.suffix or '(none)'}"))
    if (why := not_an_article(path)):
        return ("done", FileOutcome(str(path), "skipped", reason=why))
    is_jsonl = source_format(path) == "jsonl" and not path.name.lower().endswith(".gz")
    try:
        data = None if is_jsonl else read_bytes(path)
        sha = _sha_of_file(path) if is_jsonl else hashlib.sha1(data).hexdigest()
    except SourceError as exc:
        return ("done", FileOutcome(str(path), "failed", reason=str(exc)))
    first = seen.get(sha) or store.source_path(sha)
    if first is not None:
        if first == str(path):
            return ("done", FileOutcome(str(path), "unchanged"))
        return ("done", FileOutcome(str(path), "duplicate", reason=f"same bytes as {first}"))
    seen[sha] = str(path)
    return ("jsonl", path, sha) if is_jsonl else ("pages", path, data, sha)


def _sha_of_file(path: Path) -> str:
    """SHA-1 of a file read in blocks (JSON Lines sources can exceed memory)."""
    check_file(path)
    digest = hashlib.sha1()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _store_pages(path: Path, sha: str, prepared, store: ArticleStore) -> FileOutcome:
    articles, encoding, warnings, images, contents = prepared
    if contents is not None:
        store.put_contents(sha, str(path), contents)
        return FileOutcome(str(path), "contents", reason="; ".join(warnings), encoding=encoding)
    if not articles:
        return FileOutcome(str(path), "skipped", reason="no article text found", encoding=encoding, warnings=warnings)
    for image in images:
        store.put_image(image_id(image), image.image)
    store.put_source(sha, str(path), articles, encoding)
    return FileOutcome(str(path), "ingested", len(articles), dict(Counter(a.kind for a in articles)),
                       encoding=encoding, warnings=warnings)


def _prepare_pages(job: tuple[str, bytes]):
    """Worker: one page file to described articles, or the outcome that says why not."""
    path, data = Path(job[0]), job[1]
    try:
        reading = read_source(path, data)
    except NotAnArticle as exc:
        return FileOutcome(str(path), "skipped", reason=str(exc))
    except SourceError as exc:
        return FileOutcome(str(path), "failed", reason=str(exc))
    images = [page.scan for page in reading.pages if page.scan]
    return _articles(reading.pages, reading.warnings), reading.encoding, reading.warnings, images, reading.contents


def _articles(pages, warnings: list[str]) -> list[Article]:
    """Described articles of some pages; one longer than MAX_BODY_CHARS is stored in parts, and `warnings` says so."""
    articles: list[Article] = []
    for index, page in enumerate(pages):
        for article in process_page(page, index):
            parts = within_limit(article)
            if len(parts) > 1:
                where = f"line {page.line}: " if page.line else ""
                warnings.append(f"{where}article {article.title or '(untitled)'!r} has {len(article.body):,} "
                                f"characters: stored in {len(parts)} parts of at most {MAX_BODY_CHARS:,}")
            articles.extend(parts)
    articles = [a for a in articles if a.body.strip()]
    neardup.precompute(articles)
    return articles


def _ingest_jsonl(path: Path, sha: str, store: ArticleStore, pool) -> FileOutcome:
    """Large JSON Lines files go in chunk by chunk; the source is recorded once all are stored."""
    outcome = FileOutcome(str(path), "ingested")
    kinds: Counter = Counter()
    chunks = read_jsonl_chunks(path, JSONL_CHUNK, outcome.warnings)
    results = pool.imap(_prepare_chunk, chunks) if pool else map(_prepare_chunk, chunks)
    try:
        for articles, notes in results:
            outcome.warnings.extend(notes)
            store.put_articles(sha, articles)
            outcome.articles += len(articles)
            kinds.update(a.kind for a in articles)
    except Exception as exc:   # what was stored stays (a re-run completes it); the report says how much
        return FileOutcome(str(path), "failed", articles=outcome.articles, kinds=dict(kinds),
                           reason=f"stopped after {outcome.articles} stored article(s): {exc}",
                           warnings=outcome.warnings)
    outcome.kinds = dict(kinds)
    if not outcome.articles:
        return FileOutcome(str(path), "failed", reason="no valid JSON Lines records", warnings=outcome.warnings)
    store.put_source(sha, str(path), [], encoding="utf-8", count=outcome.articles)
    return outcome


def _prepare_chunk(pages) -> tuple[list[Article], list[str]]:
    notes: list[str] = []
    return _articles(pages, notes), notes
