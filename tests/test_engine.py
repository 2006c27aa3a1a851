"""The numpy engine answers exactly as Whoosh's own matchers do, over segments, deletions and caches."""
from __future__ import annotations

import random

import numpy as np
import pytest

from archive.model import Article, Topic
from indexer import postings
from indexer.query import parse
from indexer.search import Searcher, SearchRequest
from indexer.writer import document, index_articles, open_index

WORDS = ("经济", "发展", "乡村", "振兴", "农民", "收入", "增长", "教育", "改革", "医疗", "保障", "文化", "旅游",
         "生态", "环境", "保护", "交通", "建设", "科技", "创新", "高质量", "人民", "群众", "服务", "工作", "会议")


def _article(rng: random.Random, n: int, source: str) -> Article:
    body = "，".join("".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(3, 12)))
    return Article(id=f"{source}#{n}", source=source, position=n, title="".join(rng.sample(WORDS, 2)), body=body + "。",
                   region=[rng.choice(["青海省", "内蒙古自治区"])], topics=[Topic("04000000", "经济", 0.5)],
                   date=f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """Three commits (three segments), then updates and deletions, so live masks matter."""
    path, rng = tmp_path_factory.mktemp("engine"), random.Random(5)
    index_articles(path, [_article(rng, n, "part0.txt") for n in range(150)])
    for part in (1, 2):                      # Whoosh would merge small segments away: keep them apart
        writer = open_index(path).writer()
        for n in range(150):
            writer.add_document(**document(_article(rng, n, f"part{part}.txt")))
        writer.commit(merge=False)
    writer = open_index(path).writer()
    for n in range(20):                      # updates: the old copies become deletions
        writer.update_document(**document(_article(rng, n, "part1.txt")))
    for n in range(10):
        writer.delete_by_term("id", f"part2.txt#{n}")
    writer.commit(merge=False)
    return path


def _queries(rng: random.Random) -> list[str]:
    out = []
    for _ in range(40):
        words = rng.sample(WORDS, rng.randint(1, 3))
        out += [" ".join(words), f'"{"".join(words[:2])}"', f"{words[0]} OR {words[-1]}", f"{words[0]} -{words[-1]}",
                f"title:{words[0]}", f"({words[0]} OR {words[1 % len(words)]}) {rng.choice(WORDS)}"]
    return out


def test_matched_documents_and_scores_equal_whooshs(index_dir):
    """Word mode builds only queries Whoosh itself understands: its matchers are the reference."""
    s = Searcher(index_dir)
    whoosh = s._searcher
    assert whoosh.reader().has_deletions() and len(list(whoosh.reader().leaf_readers())) >= 2
    for text in _queries(random.Random(9)):
        if '"' in text:                      # a quoted phrase also holds as characters: the brute-force test below
            continue
        query = parse(text, mode="words")
        ours = s._matched(query, SearchRequest(q=text, mode="words"))
        expected = sorted(whoosh.docs_for_query(query))
        assert ours.docs.tolist() == expected, text
        if "-" in text:                      # NOT scores by our own (documented) rule
            continue
        scores = {hit.docnum: hit.score for hit in whoosh.search(query, limit=None)}
        assert np.allclose(ours.scores, [scores[d] for d in ours.docs.tolist()], rtol=1e-4), text


def test_relevance_page_is_the_top_of_the_full_ranking(index_dir):
    s = Searcher(index_dir)
    result = s.search(SearchRequest(q="经济 发展", per_page=10, page=2, mode="words"))
    ranking = sorted(((h.score, -h.docnum, h["id"]) for h in s._searcher.search(parse("经济 发展", mode="words"),
                                                                                 limit=None)),
                     reverse=True)
    assert [h.id for h in result.hits] == [r[2] for r in ranking[10:20]]


def test_exact_mode_finds_every_document_holding_the_characters_and_no_other(index_dir):
    """Brute force is the reference for character matching: substrings of the stored text."""
    from indexer.analysis import normalize
    s = Searcher(index_dir)
    texts = {f["id"]: normalize(f["headline"]) + "\n" + normalize(f["body"]) for f in s._searcher.all_stored_fields()}
    rng = random.Random(4)
    for _ in range(150):
        text = rng.choice(list(texts.values()))
        start = rng.randrange(len(text) - 6)
        needle = text[start:start + rng.randint(1, 6)]
        if not needle.strip() or "\n" in needle:     # title and body are apart
            continue
        got = set(s.all_ids(SearchRequest(q=f'"{needle}"')))
        assert got == {i for i, t in texts.items() if needle in t}, needle


def test_postings_and_positions_equal_whooshs_matcher(index_dir, tmp_path):
    s = open_index(index_dir).searcher()
    cache = postings.TermCache(tmp_path / "cache")
    fmt = s.schema["body_grams"].format
    for word in WORDS[:8]:
        ours = cache.read(s.reader(), "body_grams", word, positions=True)
        m, docs, weights, places = s.postings("body_grams", word), [], [], []
        while m.is_active():
            docs.append(m.id())
            weights.append(m.weight())
            places.extend(fmt.decode_positions(m.value()))
            m.next()
        live = ours.docs[[not s.reader().is_deleted(d) for d in ours.docs]]
        assert live.tolist() == docs
        assert np.allclose(ours.weights[np.isin(ours.docs, live)], weights)
        kept = np.repeat(np.isin(ours.docs, live), ours.counts)
        assert ours.positions[kept].tolist() == places


def test_common_terms_are_kept_on_disk_until_their_segment_goes(index_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(postings, "CACHE_FROM", 1)
    reader = open_index(index_dir).searcher().reader()
    first = postings.TermCache(tmp_path / "cache").read(reader, "body_grams", "经济", positions=True)
    files = list((tmp_path / "cache").rglob("*.npz"))
    assert len(files) == len(list(reader.leaf_readers()))
    again = postings.TermCache(tmp_path / "cache")
    monkeypatch.setattr(postings, "_read_segment", lambda *a: pytest.fail("read Whoosh instead of the cache"))
    second = again.read(reader, "body_grams", "经济", positions=True)
    assert second.docs.tolist() == first.docs.tolist() and second.positions.tolist() == first.positions.tolist()
    again.prune(set())
    assert not list((tmp_path / "cache").rglob("*.npz"))


def test_searcher_results_survive_a_merge(index_dir, tmp_path):
    """A merge purges deletions and renumbers documents: same answers, fresh caches (idf may move)."""
    import shutil
    copy = tmp_path / "ix"
    shutil.copytree(index_dir, copy)
    s = Searcher(copy)

    def answer():
        pages = [s.search(SearchRequest(q="乡村 振兴", per_page=100, page=p, sort="date")) for p in (1, 2, 3)]
        return pages[0].total, pages[0].facets, [h.id for page in pages for h in page.hits]

    before = answer()
    open_index(copy).optimize()
    s.refresh()
    assert len(list(s._searcher.reader().leaf_readers())) == 1
    assert answer() == before
