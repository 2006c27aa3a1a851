"""Trends: per-period counts equal the search's own facet counts under the same filters."""
from archive.model import Article, Topic
from indexer.search import Searcher, SearchRequest
from indexer.trends import trend
from indexer.writer import index_articles

ARTS = [Article(source="t.txt", position=i, title=f"标题{i}", body=body, date=date, region=region,
                topics=[Topic("07000000", "健康", 0.9)])
        for i, (body, date, region) in enumerate([
            ("医保改革推进", "2021-03-02", ["青海省", "海东市"]), ("医保基金监管", "2021-05", ["青海省", "海东市"]),
            ("乡村振兴与医保", "2023-01-09", ["青海省"]), ("乡村振兴产业", "2023-07-01", ["内蒙古自治区"]),
            ("乡村振兴规划", None, ["青海省"])])]


def test_trend_counts_equal_facet_counts(tmp_path):
    index_articles(tmp_path, ARTS)
    searcher = Searcher(tmp_path)
    result = trend(searcher, ["医保", "乡村振兴"], SearchRequest(filters={"region": ["青海省"]}), "year")
    assert result.periods == ["2021", "2022", "2023"]
    # 2022: the archive holds nothing under this filter, so it is a gap, not a zero
    assert result.series == {"医保": [2, None, 1], "乡村振兴": [0, None, 1]}
    assert result.totals == [2, 0, 1] and result.shares("医保") == [1.0, None, 1.0]
    assert result.undated == {"医保": 0, "乡村振兴": 1}          # 乡村振兴规划 has no date
    for q, counts in result.series.items():
        facets = searcher.search(SearchRequest(q=q, filters={"region": ["青海省"]})).facets["year"]
        assert {v.value: v.count for v in facets} == {p: c for p, c in zip(result.periods, counts) if c}
    monthly = trend(searcher, ["医保"], SearchRequest(), "month")
    assert monthly.periods[0] == "2021-03" and monthly.periods[-1] == "2023-01" and len(monthly.periods) == 23
    assert monthly.series["医保"][:3] == [1, None, 1]
    csv = monthly.to_csv()
    assert csv.startswith('\ufeffperiod,archive,"医保","医保 share"\r\n2021-03,1,1,1.000000\r\n2021-04,0,,\r\n')
