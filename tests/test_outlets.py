"""Outlets a URL names, and their home region as the default place of their stories."""
from __future__ import annotations

import pytest

from archive.describing.papers import home_region
from archive.reading.outlets import outlet
from archive.reading.read import read_source
from archive.storing.pipeline import process_page

ARCHIVED = "https://web.archive.org/web/20210726140456/https://www.hkcnews.com/article/32321/x"


@pytest.mark.parametrize("url, name", [
    (ARCHIVED, "眾新聞"), ("https://www.hkcnews.com/article/1", "眾新聞"), ("http://paper.people.com.cn/rmrb/x.html", "人民日报"),
    ("http://politics.people.com.cn/n1/x.html", "人民网"), ("https://example.com/hkcnews.com", None), (None, None),
    ("not a url", None),
])
def test_a_url_names_its_outlet(url, name):
    assert outlet(url) == name


def test_home_regions_from_the_list_or_the_name():
    assert home_region("眾新聞")[0] == ["香港特别行政区"]
    assert home_region("人民网") == ([], None)                  # national
    assert home_region("乌海日报")[0] == ["内蒙古自治区", "乌海市"]   # no entry needed: the name says it


def _article(tmp_path, body: str):
    path = tmp_path / "a.md"
    path.write_text(f'---\ntitle: "標題"\ndate: "2020-07-27"\nurl: "{ARCHIVED}"\ncategory: "眾聞"\n'
                    f'tags:\n  - "核酸檢測"\n---\n\n{body}\n', "utf-8")
    (page,) = read_source(path).pages
    (article,) = process_page(page)
    return article


def test_a_hong_kong_outlets_story_is_placed_in_hong_kong_unless_it_says_elsewhere(tmp_path):
    local = _article(tmp_path, "立法會今日辯論議案，多名議員發言，政府官員回應質詢。會議持續至深夜。")
    assert local.paper == "眾新聞" and local.region == ["香港特别行政区"]
    assert local.section == "眾聞" and local.tags == ["核酸檢測"]
    away = _article(tmp_path, "武漢市衛生健康委員會今日公布，武漢市新增病例三宗，湖北省其他城市沒有新增病例。")
    assert away.region[:2] == ["湖北省", "武汉市"]


def _page(tmp_path, text: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, "utf-8")
    (page,) = read_source(path).pages
    return process_page(page)


FIRST = "全市冬季长跑比赛昨天在体育中心举行，三百多名选手参加了比赛，男子组冠军由一名大学生获得。"
SECOND = "老城区的十二条背街小巷完成了改造，路面重新铺装，雨污管网分开，沿街还增设了休息座椅。"


def test_a_page_that_names_its_paper_in_one_dateline_files_its_own_news_under_that_paper(tmp_path):
    """青海日报讯 on one story: the page is 青海日报's, so its 本报讯 story is too; the wire story
    keeps no paper of its own and takes the page's."""
    text = (f"长跑赛鸣枪\n青海日报讯（记者 王一）{FIRST}\n\n老街区换新颜\n本报讯（记者 李二）{SECOND}\n\n"
            f"新华社北京5月22日电（记者 张三）{FIRST}\n")
    assert [a.paper for a in _page(tmp_path, text)] == ["青海日报"] * 3


def test_a_page_naming_two_papers_names_none_for_its_own_news(tmp_path):
    text = f"长跑赛鸣枪\n青海日报讯（记者 王一）{FIRST}\n\n老街区换新颜\n西宁晚报讯（记者 李二）{SECOND}\n\n本报讯 {FIRST}\n"
    assert [a.paper for a in _page(tmp_path, text)] == ["青海日报", "西宁晚报", None]
