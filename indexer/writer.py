"""Adding, updating and deleting articles in the index.

Updates are keyed by the article id, so indexing the same articles again changes
nothing and new sources are added without a rebuild.  With `procs` > 1 Whoosh's
multiprocessing writer tokenizes on several cores (jieba is the slow part).

Segments are merged by size tier (`merge_tiers`), not by Whoosh's default: that
policy merged a growing run of the smallest segments at almost every commit, so a
bulk load slowed as it grew and 1,000 new articles added to a 100k archive could
spend minutes rewriting 30,000 old ones.  By tier, every document is rewritten
about once per eightfold growth of the index, and a small commit merges only
when its own tier is full.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index
from whoosh.index import Index
from whoosh.reading import SegmentReader

from archive.model import Article
from indexer.codec import CompactW3Codec
from indexer.registry import FACETS, FILTERS
from indexer.schema import build_schema

INDEX_NAME = "articles"
LOCK_WAIT = 60.0   # seconds to wait for another writer (ingests are also serialised by a lock file)
# Segments as separate files, not Whoosh's default single compound file: a reader of a
# compound file copies its postings and term files into memory (BytesIO over the mmap),
# so a searcher held the whole index in RAM (300 MB at 10k articles, gigabytes at 1M).
WRITER_OPTIONS = {"compound": False, "codec": CompactW3Codec()}   # every writer: files apart, compact blocks
TIER = 8           # segments within one eightfold size range are merged once there are this many


def open_index(index_dir: Path, create: bool = True) -> Index:
    index_dir = Path(index_dir)
    if index.exists_in(str(index_dir), indexname=INDEX_NAME):
        return index.open_dir(str(index_dir), indexname=INDEX_NAME)
    if not create:
        raise FileNotFoundError(f"no index in {index_dir}")
    index_dir.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME)


def date_key(date: str | None) -> int:
    """yyyymmdd as an int, 00 for an unknown month or day, 0 for an unknown date (sorts last)."""
    if not date:
        return 0
    parts = (date.split("-") + ["00", "00"])[:3]
    return int("".join(p.zfill(2) if i else p for i, p in enumerate(parts)))


def key_date(key: int) -> str | None:
    """The ISO date (or year, or month) a `date_key` stands for; None for 0."""
    if not key:
        return None
    year, month, day = key // 10000, key // 100 % 100, key % 100
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def _clean(value: str) -> str:
    return value.replace(",", "，").strip()


def document(article: Article) -> dict:
    """The index fields of one article: its text, what the filters file it under, what a hit shows."""
    date = article.date or ""
    title = " ".join(filter(None, (article.kicker, article.title, article.subtitle)))
    filed = {f.field: ",".join(dict.fromkeys(_clean(f.fold(t)) for t in f.terms(article) if t and t.strip()))
             for f in FILTERS}
    shown = {facet.name: facet.values(article) for facet in FACETS} | {"authors": article.authors}
    return filed | {
        "id": article.id, "headline": article.title or "", "title": title, "title_grams": title, "title_chars": title,
        "body": article.body, "body_grams": article.body, "body_chars": article.body, "shown": shown,
        "date": date, "date_sort": date_key(date), "version_group": article.version_group or article.id,
        "source": article.source,
    }


def index_articles(index_dir: Path, articles: Iterable[Article], *, procs: int = 1,
                   progress: Callable[[int], None] | None = None) -> int:
    """Add or update articles by id in one commit; returns how many were written."""
    ix = open_index(index_dir)
    writer = ix.writer(procs=procs, limitmb=256, multisegment=True, timeout=LOCK_WAIT, **WRITER_OPTIONS) \
        if procs > 1 else ix.writer(limitmb=256, timeout=LOCK_WAIT, **WRITER_OPTIONS)
    count = 0
    try:
        for article in articles:
            writer.update_document(**document(article))
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_tiers)
    return count


def delete_articles(index_dir: Path, ids: Iterable[str]) -> int:
    ix = open_index(index_dir)
    writer = ix.writer(timeout=LOCK_WAIT, **WRITER_OPTIONS)
    deleted = sum(writer.delete_by_term("id", article_id) or 0 for article_id in ids)
    writer.commit(mergetype=merge_tiers)
    return deleted


def settle(index_dir: Path) -> bool:
    """Do now the merges the last commit's segments made due (a commit merges before it adds its own
    segments), so a bulk load pays for its merges rather than the next small ingest; True if any."""
    writer = open_index(index_dir).writer(timeout=LOCK_WAIT, **WRITER_OPTIONS)
    if not _to_merge(writer.segments):
        writer.cancel()
        return False
    writer.commit(mergetype=merge_tiers)
    return True


def merge_tiers(writer, segments: list) -> list:
    """Whoosh merge policy: merge the segments of any size tier holding `TIER` or more, and any segment
    mostly deleted (a re-index or an update leaves those: their live documents are rewritten); keep the rest."""
    merging = _to_merge(segments)
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merging]


def _to_merge(segments: list) -> list:
    tiers: dict[int, list] = defaultdict(list)
    for segment in segments:
        tiers[int(math.log(max(segment.doc_count(), 1), TIER))].append(segment)
    merging = [seg for tier in tiers.values() if len(tier) >= TIER for seg in tier]
    return merging + [seg for seg in segments if seg not in merging and seg.doc_count() * 2 < seg.doc_count_all()]
