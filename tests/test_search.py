"""Search over a real index: phrases, boolean queries, fields, filters, exact facets, sorting, snippets."""
import json

import numpy as np
import pytest
from conftest import SEEDS

from archive.model import Article, Page, Topic
from archive.reading.segment import split_page
from indexer.analysis import normalize
from indexer.query import QueryError
from indexer.search import Searcher, SearchRequest
from indexer.writer import index_articles

EXTRA = [
    Article(source="extra.txt", position=0, title="南京召开会议", body="南京市鼓楼区召开经济工作会议。马克思主义学习。",
            region=["江苏省", "南京市", "鼓楼区"], topics=[Topic("11000000", "政治", 0.8)], date="2023-12-05",
            paper="南京日报", authors=["张三"], entities={"person": ["李四"], "org": ["鼓楼区委"], "place": ["南京市"]}),
    Article(source="extra.txt", position=1, title="醫保改革", body="本報訊 醫療保障局推進醫保改革，<script>alert(1)</script>。",
            region=["青海省", "海东市"], topics=[Topic("07000000", "健康", 0.9)], date="2022-06", paper="海东时报",
            entities={"person": ["李四"], "org": ["海东市医疗保障局"], "place": []}),
    Article(source="extra.txt", position=2, title="经济会议", body="经济方面的工作，今天没有会议。", date="2021",
            region=["青海省", "海西蒙古族藏族自治州", "格尔木市"], topics=[Topic("04000000", "经济、商业与金融", 0.6),
                                                          Topic("11000000", "政治", 0.3)], paper="海东时报"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    articles = list(EXTRA)
    for path in sorted(SEEDS.glob("*.txt")):
        articles += split_page(Page(source=str(path), text=path.read_text("utf-8"), format="text"))
    index_dir = tmp_path_factory.mktemp("index")
    index_articles(index_dir, articles)
    index_articles(index_dir, articles)          # idempotent: the same articles again change nothing
    s = Searcher(index_dir)
    s.articles = articles
    return s


def titles(result):
    return [h.title for h in result.hits]


def test_reindexing_changes_nothing(searcher):
    assert searcher.doc_count() == len(searcher.articles)


def test_phrase_matches_across_any_segmentation(searcher):
    assert titles(searcher.search(SearchRequest(q='"经济工作会议"'))) == ["南京召开会议"]
    assert searcher.search(SearchRequest(q='"工作会议经济"')).total == 0


def test_unquoted_words_and_highlights_whole_words(searcher):
    result = searcher.search(SearchRequest(q="马克思"))
    assert titles(result) == ["南京召开会议"]
    assert "<mark>马克思</mark>" in result.hits[0].snippet
    both = searcher.search(SearchRequest(q="经济 会议"))
    assert {"南京召开会议", "经济会议"} <= set(titles(both))


def test_boolean_and_field_queries(searcher):
    ramen = searcher.search(SearchRequest(q="拉面"))
    assert ramen.total >= 1 and ramen.hits[0].title == "跨域矛调，温情守护“拉面人”"
    assert searcher.search(SearchRequest(q="拉面 NOT 法庭")).total == 0
    assert searcher.search(SearchRequest(q="拉面 -法庭")).total == 0
    either = searcher.search(SearchRequest(q="拉面 OR 马克思")).total
    assert either == ramen.total + 1
    in_title = searcher.search(SearchRequest(q="title:医保"))
    by_id = {a.id: a for a in searcher.articles}
    headings = [" ".join(filter(None, (by_id[h.id].kicker, by_id[h.id].title, by_id[h.id].subtitle)))
                for h in in_title.hits]
    assert in_title.total >= 3 and all("医保" in normalize(text) for text in headings)
    assert titles(searcher.search(SearchRequest(q="author:张三"))) == ["南京召开会议"]
    assert searcher.search(SearchRequest(q="(医保 OR 拉面) AND 海东")).total >= 2


def test_traditional_query_finds_simplified_text_and_back(searcher):
    assert searcher.search(SearchRequest(q="醫保")).total == searcher.search(SearchRequest(q="医保")).total
    assert "醫保改革" in titles(searcher.search(SearchRequest(q="医疗保障局")))


def test_filters_at_every_region_level_topic_paper_and_dates(searcher):
    def total(date_from=None, date_to=None, **filters):
        return searcher.search(SearchRequest(filters=filters, date_from=date_from, date_to=date_to)).total
    assert total(region=["青海省"]) == 2 and total(region=["海东市"]) == 1
    assert total(region=["青海省/海西蒙古族藏族自治州/格尔木市"]) == 1
    assert total(topic=["政治"]) == 2 and total(topic=["11000000"]) == 2 and total(topic=["medtop:07000000"]) == 1
    assert total(paper=["海东时报"]) == 2 and total(paper=["海东时报"], topic=["健康"]) == 1
    assert total(date_from="2022") == 2 and total(date_from="2022-07", date_to="2023-12-05") == 1
    assert total(date_to="2021") == 1


def test_facet_counts_are_exact(searcher):
    for q in ("", "经济", "医保 OR 会议"):
        result = searcher.search(SearchRequest(q=q, per_page=100))
        ids = {h.id for h in result.hits} if result.total <= 100 else None
        matched = [a for a in searcher.articles if ids is None or a.id in ids]
        years = {}
        for a in matched:
            if a.date:
                years[a.date[:4]] = years.get(a.date[:4], 0) + 1
        assert {v.value: v.count for v in result.facets["year"]} == years
        topics = {}
        for a in matched:
            for t in a.topics:
                topics[t.label] = topics.get(t.label, 0) + 1
        assert {v.value: v.count for v in result.facets["topic"]} == topics
        assert sum(v.count for v in result.facets["kind"]) == result.total


def test_sort_by_date_and_paging(searcher):
    newest = searcher.search(SearchRequest(sort="date", per_page=3))
    assert [h.date for h in newest.hits] == ["2023-12-05", "2022-06", "2021"]
    oldest = searcher.search(SearchRequest(sort="date_asc", per_page=1))
    assert oldest.hits[0].date == "2021"
    everything = searcher.search(SearchRequest(per_page=10)).total
    pages = [searcher.search(SearchRequest(page=p, per_page=10)) for p in range(1, everything // 10 + 2)]
    ids = [h.id for r in pages for h in r.hits]
    assert len(ids) == len(set(ids)) == everything


def test_snippets_escape_everything_but_marks(searcher):
    hit = searcher.search(SearchRequest(q="医保改革")).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") >= 1
    assert json.loads(json.dumps(searcher.search(SearchRequest(q="医保")).to_dict()))["total"] >= 1


@pytest.mark.parametrize("req", [
    SearchRequest(q="字" * 501), SearchRequest(q=" ".join(["词"] * 40)), SearchRequest(page=501),
    SearchRequest(per_page=1000), SearchRequest(sort="random"), SearchRequest(date_from="昨天"),
    SearchRequest(q="(" * 20 + "医保"), SearchRequest(filters={"region": ["x"] * 21}),
])
def test_over_limit_requests_are_refused(searcher, req):
    with pytest.raises(QueryError):
        searcher.search(req)


def test_refresh_picks_up_new_commits(tmp_path):
    index_articles(tmp_path, EXTRA[:1])
    s = Searcher(tmp_path)
    assert s.doc_count() == 1
    index_articles(tmp_path, EXTRA[1:])
    s.refresh()
    assert s.doc_count() == 3 and s.search(SearchRequest(q="医保")).total == 1
    assert np.all(s.search(SearchRequest()).total == 3)


def test_related_articles_share_key_terms(searcher):
    ramen = searcher.search(SearchRequest(q="拉面")).hits[0]
    medical = searcher.search(SearchRequest(q="title:异地就医")).hits[0]
    related = searcher.related(medical.id, limit=3)
    assert related and all(h.id != medical.id for h in related)
    assert ramen.id not in [h.id for h in related[:2]]
    assert any("医保" in (h.title or "") or "医疗" in (h.title or "") for h in related)
    assert searcher.related("no-such-id") == []


def test_entity_facets_and_filter(searcher):
    everything = searcher.search(SearchRequest(per_page=1))
    people = {v.value: v.count for v in everything.facets["person"]}
    assert people.get("李四") == 2
    named = searcher.search(SearchRequest(filters={"entity": ["李四"]}))
    assert named.total == 2 and {h.title for h in named.hits} == {"南京召开会议", "醫保改革"}
    assert {v.value: v.count for v in named.facets["org"]} == {"鼓楼区委": 1, "海东市医疗保障局": 1}
    assert searcher.search(SearchRequest(q="医保", filters={"entity": ["李四"]})).total == 1


def test_ingest_writes_facet_columns_so_a_server_opens_without_reading_stored_fields(make_data_dir, monkeypatch):
    """Reading facet values from stored fields takes seconds per 100k documents: ingest does it, once."""
    from indexer import facets
    from indexer.facets import CACHE_DIR
    data = make_data_dir([SEEDS])
    index_dir = data / "index"
    assert list((index_dir / CACHE_DIR).glob("*.npz"))

    def refuse(*_):
        raise AssertionError("facet columns read from stored fields at open")
    monkeypatch.setattr(facets._Segment, "read", classmethod(refuse))
    s = Searcher(index_dir)
    assert s.search(SearchRequest(q="拉面")).total >= 1
