"""Ways in besides a query: the home page, browsing paper → year → issue → article, advanced search."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from webui import create_app

RECORDS = [  # paper, date, page, title
    ("海东时报", "2023-12-05", "01", "海东召开经济工作会议"),
    ("海东时报", "2023-12-05", "03", "拉面人的新生活"),
    ("海东时报", "2023-12-05", "01", "冬季供暖保障有力"),
    ("海东时报", "2023-12-06", "02", "医保异地结算更便捷"),
    ("海东时报", "2024-01-02", "01", "新年新气象"),
    ("青海日报", "2023-11-25", "01", "全省医保工作会议召开"),
    ("青海日报", "2023", None, "年度回顾"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from tests.conftest import build_data_dir
    root = tmp_path_factory.mktemp("browse")
    source = root / "records.jsonl"
    source.write_text("".join(json.dumps({"title": t, "paper": p, "date": d, "page": n, "body": f"{t}。正文内容在这里。" * 4},
                                         ensure_ascii=False) + "\n" for p, d, n, t in RECORDS), "utf-8")
    layout = root / "node_1.htm"          # the e-paper's layout page of 海东时报 2023-12-05, page 01
    layout.write_text("<html><head><title>海东时报--数字报</title></head><body><p>2023年12月05日</p>"
                      "<a href='node_1.htm'>第01版：要 闻</a><a href='node_2.htm'>第02版：综合</a>"
                      + "".join(f"<a href='content_{k}.htm'>{t}</a>" for k, t in
                                enumerate(["海东召开经济工作会议", "冬季供暖保障有力", "没有收录的一篇报道"]))
                      + "</body></html>", "utf-8")
    build_data_dir(root / "data", [source, layout])
    return create_app({"DATA_DIR": root / "data", "TESTING": True}).test_client()


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def test_home_shows_what_the_archive_holds(client):
    home = _json(client, "/index.json")
    assert home["articles"] == 7
    assert home["papers"][0] == {"paper": "海东时报", "articles": 5, "first": "2023-12-05", "last": "2024-01-02"}
    assert home["papers"][1]["first"] == "2023" and home["papers"][1]["last"] == "2023-11-25"
    page = client.get("/").get_data(as_text=True)
    assert 'role="search"' in page and "/papers/%E6%B5%B7%E4%B8%9C%E6%97%B6%E6%8A%A5" in page
    assert "2023-12-05 至 2024-01-02" in page and 'lang="zh-Hans"' in page


def test_paper_year_issue_article(client):
    paper = _json(client, "/papers/海东时报.json")
    assert paper["years"] == [{"value": "2023", "count": 4, "path": None}, {"value": "2024", "count": 1, "path": None}]
    year = _json(client, "/papers/海东时报/2023.json")
    assert year["months"] == {"2023-12": [{"date": "2023-12-05", "articles": 3}, {"date": "2023-12-06", "articles": 1}]}
    assert "/papers/%E6%B5%B7%E4%B8%9C%E6%97%B6%E6%8A%A5/2023/2023-12-05" in client.get("/papers/海东时报/2023").get_data(as_text=True)
    issue = _json(client, "/papers/海东时报/2023/2023-12-05.json")
    assert [p["page_no"] for p in issue["pages"]] == ["01", "03"]
    assert [a["title"] for a in issue["pages"][0]["articles"]] == ["海东召开经济工作会议", "冬季供暖保障有力"]
    html = client.get("/papers/海东时报/2023/2023-12-05").get_data(as_text=True)
    article = issue["pages"][1]["articles"][0]["id"]
    assert f"/articles/{article}" in html and "第 03 版" in html
    assert client.get(f"/articles/{article}").status_code == 200


def test_an_issue_page_shows_its_table_of_contents_from_the_layout_page(client):
    issue = _json(client, "/papers/海东时报/2023/2023-12-05.json")
    first = issue["pages"][0]
    assert first["contents"]["name"] == "要闻" and issue["pages"][1]["contents"] is None
    held = {a["title"]: a["id"] for a in first["articles"]}
    assert first["contents"]["entries"] == [{"title": "海东召开经济工作会议", "id": held["海东召开经济工作会议"]},
                                            {"title": "冬季供暖保障有力", "id": held["冬季供暖保障有力"]},
                                            {"title": "没有收录的一篇报道", "id": None}]
    html = client.get("/papers/海东时报/2023/2023-12-05").get_data(as_text=True)
    assert "版面目录" in html and "没有收录的一篇报道 <span class=\"muted\">（本期馆藏未见）</span>" in html


def test_a_year_known_only_to_the_year_points_to_search(client):
    year = _json(client, "/papers/青海日报/2023.json")
    assert year["articles"] == 2 and list(year["months"]) == ["2023-11"]
    assert _json(client, "/papers/青海日报.json")["undated"] == 0


@pytest.mark.parametrize("url", ["/papers/不存在日报", "/papers/海东时报/1999", "/papers/海东时报/20x3",
                                 "/papers/海东时报/2023/2023-02-30", "/papers/海东时报/2023/2024-01-02",
                                 "/papers/不存在日报.json"])
def test_browsing_what_is_not_held_is_a_plain_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if url.endswith(".json"):
        assert response.get_json()["status"] == 404
    else:
        assert "没有找到" in response.get_data(as_text=True)


def test_advanced_search_writes_the_query_and_filters(client):
    assert 'name="title"' in client.get("/advanced").get_data(as_text=True)
    response = client.get("/advanced?go=1&all=医保  结算&phrase=异地就医&title=会议&author=&none=广告"
                          "&paper=青海日报&from=2023&sort=date")
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert target.path == "/search"
    assert params == {"q": '医保 结算 "异地就医" title:会议 -广告', "adv": "1", "paper": "青海日报", "from": "2023",
                      "sort": "date"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "高级检索写成的检索式" in page


def test_advanced_search_finds_what_the_form_asks(client):
    response = client.get("/advanced?go=1&title=会议&paper=海东时报", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "海东召开经济工作<mark>会议</mark>" in page and "全省医保工作" not in page
