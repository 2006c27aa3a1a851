"""Segments written compactly read back in Whoosh's own searcher exactly as Whoosh's writer's do."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3Codec

from archive.model import Article
from indexer.analysis import char_grams, normalize
from indexer.writer import WRITER_OPTIONS, document, index_articles, open_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _articles(n: int) -> list[Article]:
    """Articles cut from the seed pages' lines, so the text has real Chinese's spread of characters."""
    lines = [x.strip() for page in sorted(SEEDS.glob("*.txt")) for x in page.read_text("utf-8").splitlines()
             if len(x.strip()) > 4]
    rng = random.Random(3)
    return [Article(id=f"a#{i}", source="a.txt", position=i, title=rng.choice(lines)[:12],
                    body="".join(rng.sample(lines, rng.randint(2, 40))), date=f"2023-0{rng.randint(1, 9)}-1{i % 10}")
            for i in range(n)]


def _queries(articles: list[Article], rng: random.Random) -> list[Q.Query]:
    out: list[Q.Query] = []
    for article in rng.sample(articles, 60):
        text = normalize(article.body)
        start = rng.randrange(max(len(text) - 6, 1))
        grams = [g for g, _ in char_grams(text[start:start + rng.randint(2, 6)])]
        out.append(Q.Phrase("body_grams", grams) if len(grams) > 1 else Q.Term("body_grams", grams[0]))
        out.append(Q.Term("body_chars", text[start]))
        out.append(Q.Term("title_grams", char_grams(normalize(article.title))[0][0]))
        out.append(Q.And([Q.Term("body_chars", text[start]), Q.Term("body_chars", text[-2])]))
    return out


def _plain(path: Path, articles: list[Article]) -> None:
    writer = open_index(path).writer(compound=False)            # Whoosh's own W3 writer
    for article in articles:
        writer.add_document(**document(article))
    writer.commit()


def _answers(path: Path, queries: list[Q.Query]) -> list[list[tuple[str, float]]]:
    with open_index(path).searcher() as s:
        return [[(hit["id"], round(hit.score, 6)) for hit in s.search(q, limit=None)] for q in queries]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    articles = _articles(400)
    plain, compact = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("compact")
    _plain(plain, articles)
    index_articles(compact, articles)
    return articles, plain, compact


def test_whoosh_finds_and_scores_the_same_on_both(built):
    articles, plain, compact = built
    queries = _queries(articles, random.Random(8))
    assert len(queries) >= 200
    ours, theirs = _answers(compact, queries), _answers(plain, queries)
    assert ours == theirs
    assert sum(map(bool, ours)) > 0.8 * len(queries)     # drawn from the text (marks and spaces are not indexed)


def test_segments_name_whooshs_own_codec_and_are_smaller(built):
    _, plain, compact = built
    segments = open_index(compact)._segments()
    assert segments and all(type(s.codec()) is W3Codec for s in segments)

    def size(path: Path) -> int:
        return sum(f.stat().st_size for f in path.glob("*.pst"))
    assert size(compact) < 0.8 * size(plain)


def test_merging_and_deleting_keep_the_answers(built, tmp_path):
    articles, plain, _ = built
    queries = _queries(articles, random.Random(9))
    path = tmp_path / "ix"
    for part in range(3):                          # three commits, updates, a deletion, then one merge
        index_articles(path, articles[part::3])
    index_articles(path, articles[:5])
    writer = open_index(path).writer(**WRITER_OPTIONS)
    writer.delete_by_term("id", "a#7")
    writer.commit(optimize=True)
    assert len(open_index(path)._segments()) == 1
    ours = [sorted(i for i, _ in hits) for hits in _answers(path, queries)]
    theirs = [sorted(i for i, _ in hits if i != "a#7") for hits in _answers(plain, queries)]
    assert ours == theirs
