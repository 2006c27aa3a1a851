"""Segments merge by size tier: small commits never rewrite the big segments, and segments stay few."""
from __future__ import annotations

from archive.model import Article
from indexer.postings import segment_id
from indexer.search import Searcher, SearchRequest
from indexer.writer import TIER, index_articles, open_index


def _articles(source: str, n: int) -> list[Article]:
    return [Article(id=f"{source}#{i}", source=source, position=i, title=f"第{i}篇",
                    body=f"{source}的第{i}篇报道，讲述乡村振兴。") for i in range(n)]


def _segments(path) -> dict[str, int]:
    with open_index(path).reader() as reader:
        return {segment_id(sub): sub.doc_count_all() for sub, _ in reader.leaf_readers()}


def test_small_commits_leave_the_big_segment_alone_and_segments_few(tmp_path):
    index_articles(tmp_path, _articles("bulk", 600))
    (big,) = _segments(tmp_path)
    for n in range(3 * TIER):
        index_articles(tmp_path, _articles(f"daily{n}", 5))
        segments = _segments(tmp_path)
        assert big in segments and segments[big] == 600
        assert len(segments) <= 2 * TIER
    assert len(_segments(tmp_path)) < 3 * TIER          # merges did happen
    assert Searcher(tmp_path).search(SearchRequest(q="乡村振兴")).total == 600 + 3 * TIER * 5


def test_a_segment_mostly_replaced_is_rewritten_without_its_dead_documents(tmp_path):
    index_articles(tmp_path, _articles("page", 100))
    (old,) = _segments(tmp_path)
    replaced = _articles("page", 100)
    for art in replaced[:60]:
        art.body += "（更正）"
    index_articles(tmp_path, replaced[:60])
    segments = _segments(tmp_path)
    assert old not in segments and sum(segments.values()) == 100


def test_a_sync_leaves_no_tier_full_for_the_next_small_ingest(tmp_path):
    from indexer.writer import settle
    for n in range(TIER):
        index_articles(tmp_path, _articles(f"part{n}", 30))
    assert len(_segments(tmp_path)) == TIER                 # the last commit added the eighth
    assert settle(tmp_path) and len(_segments(tmp_path)) == 1
    assert not settle(tmp_path)
