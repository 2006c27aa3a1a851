"""Facets and filters from the one registry: 版次, 栏目 and 标签 beside the rest, every value a page
away, counts in a tree for regions, and the results page around them (pager, empty state, errors)."""
from __future__ import annotations

import re

import pytest

from archive.describing.papers import column
from indexer.registry import FACETS, FILTERS
from indexer.schema import build_schema
from newsarchive.cli import main
from webui import create_app

PAPERS = [  # (paper, page, section, tags, region words in the text)
    ("人民日報", "04", "人民论坛", ["医保"], "青海省西宁市"),
    ("人民日报", "04", "人民论坛", ["医保", "改革"], "青海省海东市"),
    ("人民日报", "05", None, [], "青海省海东市"),
    ("海东时报", "01", "要闻", ["改革"], "北京市"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from tests.conftest import build_data_dir
    root = tmp_path_factory.mktemp("facets")
    lines = []
    for i, (paper, page, section, tags, place) in enumerate(PAPERS):
        record = {"title": f"第{i + 1}篇：医保报销更方便", "paper": paper, "page": page, "tags": tags,
                  "date": f"2020-0{i + 1}-15", "body": f"{place}的医保报销手续简化了，群众办事更方便。" * 3}
        if section:
            record["section"] = section
        lines.append(record)
    lines.append({"title": "文艺评论走进基层（文艺观察）", "paper": "人民日报", "page": "12", "date": "2020-06-01",
                  "body": "基层文艺团体的演出受到欢迎，评论家们走进乡村。" * 3})
    import json
    source = root / "records.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    build_data_dir(root / "data", [source])
    return root / "data"


@pytest.fixture(scope="module")
def client(data_dir):
    return create_app({"DATA_DIR": data_dir, "TESTING": True}).test_client()


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def _counts(result, name):
    return {v["value"]: v["count"] for v in result["facets"][name]}


def test_every_filter_has_an_index_field_and_every_facet_a_filter_or_a_period():
    fields = set(build_schema().names())
    assert all(f.field in fields for f in FILTERS)
    names = {f.name for f in FILTERS}
    assert all(f.filter is None or f.filter in names for f in FACETS)


def test_page_section_and_tag_facets_count_and_filter(client):
    everything = _json(client, "/api/search")
    assert _counts(everything, "page_no") == {"01": 1, "04": 2, "05": 1, "12": 1}
    assert _counts(everything, "section") == {"人民论坛": 2, "要闻": 1, "文艺观察": 1}   # the last from its headline
    assert _counts(everything, "tag") == {"医保": 2, "改革": 2}
    assert _json(client, "/api/search?page_no=04")["total"] == 2
    assert _json(client, "/api/search?section=人民论坛&tag=改革")["total"] == 1
    hit = _json(client, "/api/search?section=要闻")["hits"][0]
    assert hit["page_no"] == "01" and hit["section"] == "要闻"


def test_filters_fold_script_but_facets_show_what_was_printed(client):
    papers = _counts(_json(client, "/api/search"), "paper")
    assert papers == {"人民日報": 1, "人民日报": 3, "海东时报": 1}
    assert _json(client, "/api/search?paper=人民日报")["total"] == 4
    assert _json(client, "/api/search?paper=人民日報")["total"] == 4


def test_query_fields_come_from_the_registry(client):
    assert _json(client, "/api/search?q=栏目:人民论坛")["total"] == 2
    assert _json(client, "/api/search?q=版次:12")["total"] == 1
    assert _json(client, "/api/search?q=标签:改革 医保")["total"] == 2


def test_cli_takes_every_filter(data_dir, capsys):
    assert main(["--data", str(data_dir), "search", "--section", "要闻", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"total": 1' in out and "海东时报" in out


def test_region_facet_is_a_tree_ordered_by_count(client):
    regions = _json(client, "/api/search")["facets"]["region"]
    paths = ["/".join(v["path"]) for v in regions]
    assert paths.index("青海省") < paths.index("青海省/海东市") < paths.index("青海省/西宁市") < paths.index("北京市")
    counts = [v["count"] for v in regions if len(v["path"]) == 1]
    assert counts == sorted(counts, reverse=True)


def test_a_facet_past_its_limit_links_to_a_page_of_every_value(client):
    result = _json(client, "/api/search?per_page=1")
    assert result["facets_truncated"] == []
    every = _json(client, "/facets/page_no.json")
    assert [v["value"] for v in every["values"]] == ["01", "04", "05", "12"] and every["truncated"] is False
    page = client.get("/facets/region?q=医保").get_data(as_text=True)
    assert "北京市" in page and "href=\"/search?q=%E5%8C%BB%E4%BF%9D&amp;region=" in page
    assert "<h1>地区（" in page and "在 " in page                       # the label and the total, from the data view
    assert client.get("/facets/nonsense").status_code == 404
    assert client.get("/facets/nonsense.json").get_json()["status"] == 404


def test_sidebar_shows_more_link_when_a_facet_is_cut(data_dir):
    from indexer.search import Searcher, SearchRequest
    result = Searcher(data_dir / "index").search(SearchRequest(), facet_limits={"page_no": 2})
    assert [v.value for v in result.facets["page_no"]] == ["01", "04"] and result.truncated == ["page_no"]


def test_pager_counts_pages_and_jumps(client):
    page = client.get("/search?per_page=2&page=2").get_data(as_text=True)
    assert "第 2 / 3 页" in page
    assert re.search(r'<span aria-current="page" class="current">2</span>', page)
    assert 'name="page" min="1" max="3"' in page and '<input type="hidden" name="per_page" value="2">' in page
    assert _json(client, "/api/search?per_page=2")["pages"] == 3


def test_no_results_is_a_message_with_the_form_not_a_list_item(client):
    page = client.get("/search?q=不存在的词语组合&section=要闻").get_data(as_text=True)
    assert "没有找到匹配的文章" in page and 'role="search"' in page
    assert "<ol class=\"hits\"" not in page and "导出" not in page and 'class="pager"' not in page
    assert "去掉所有筛选条件再检索" in page


def test_a_bad_request_keeps_the_search_form(client):
    response = client.get("/search?q=foo:医保")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'role="search"' in page and "不认识的字段" in page and 'value="foo:医保"' in page


def test_an_unknown_filter_parameter_is_refused_plainly(data_dir):
    from indexer.query import QueryError
    from indexer.search import Searcher, SearchRequest
    with pytest.raises(QueryError, match="不认识的筛选条件"):
        Searcher(data_dir / "index").search(SearchRequest(filters={"colour": ["red"]}))


@pytest.mark.parametrize("headline, name", [
    ("永葆人民军队性质宗旨本色（人民论坛）", "人民论坛"), ("蚕茧丰收 （礼赞70年）", "礼赞70年"),
    ("抗击疫情离不开命运共同体意识(36)", None), ("改革开放四十年（上）", None), ("说说心里话（之三）", None),
    ("他说（“我们来了”）", None), ("城郊农场迎来丰收季", None), (None, None),
])
def test_a_headline_names_its_column_in_closing_brackets(headline, name):
    assert column(headline) == name
