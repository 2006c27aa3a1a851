"""Search finds every article holding the characters typed, and a quoted phrase means that phrase.

The truth is brute force (substring of the folded text), never a hand-picked count; the
queries are drawn from the articles' own text with a seed the benchmark does not use.
"""
from __future__ import annotations

import pytest

from bench import recall
from indexer.search import Searcher, SearchRequest


@pytest.fixture(scope="module")
def archive(corpus_dir, tmp_path_factory):
    data = recall.build(corpus_dir, 500, tmp_path_factory.mktemp("recall"))
    return data.searcher(), recall.texts(data.store())


@pytest.mark.corpus
def test_every_kind_of_query_finds_every_article_holding_it(archive):
    searcher, docs = archive
    queries = recall.draw_queries(docs, per_kind=40, seed=23)
    report = recall.measure(searcher, docs, queries)
    for kind, figures in report.items():
        assert figures["queries"] >= 20, kind
        assert figures["recall"] >= 0.995, (kind, figures)
    for kind in ("phrase", "punct"):
        assert report[kind]["precision"] == 1.0, (kind, report[kind])


@pytest.fixture
def small(make_data_dir):
    data = make_data_dir([
        {"title": "马克思主义理论研讨会召开", "body": "学者讨论马克思主义。"},
        {"title": "马克在北京", "body": "外国友人马克参观了故宫，经济社会发展很快。"},
        {"title": "乡村", "body": "推动经济发展，政策不摘帽。"},
    ])
    return Searcher(data / "index")


def test_word_mode_keeps_words_apart_and_exact_mode_finds_characters(small):
    exact = {h.title for h in small.search(SearchRequest(q="马克")).hits}
    words = {h.title for h in small.search(SearchRequest(q="马克", mode="words")).hits}
    assert exact == {"马克思主义理论研讨会召开", "马克在北京"}
    assert words == {"马克在北京"}


def test_a_phrase_never_spans_other_characters_or_a_mark(small):
    assert [h.title for h in small.search(SearchRequest(q='"经济发展"')).hits] == ["乡村"]
    assert small.search(SearchRequest(q='"发展很快，政策"')).total == 0
    assert small.search(SearchRequest(q='"政策不摘"')).total == 1
    assert small.search(SearchRequest(q='"故宫，经济"')).total == 1


def test_a_title_only_match_is_marked_in_the_title(small):
    hit = small.search(SearchRequest(q="研讨会")).hits[0]
    assert hit.title_html == "马克思主义理论<mark>研讨会</mark>召开"


def test_an_unknown_mode_is_refused_with_a_reason(small):
    from indexer.search import QueryError
    with pytest.raises(QueryError, match="检索方式"):
        small.search(SearchRequest(q="马克", mode="fuzzy"))


def test_an_operator_with_nothing_to_join_is_searched_for(small):
    assert small.search(SearchRequest(q="与")).total == 0       # not the whole archive
    assert small.search(SearchRequest(q="OR")).total == 0
    assert small.search(SearchRequest(q="马克 OR 乡村")).total == 3
