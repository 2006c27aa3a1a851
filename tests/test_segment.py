"""Splitting pages into articles: the seed pages against the gold, invented pages, and hostile input."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.model import Page
from archive.reading.clean import clean_text
from archive.reading.segment import split_page

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "segment"
GOLD_FILE = ROOT.parent / "shared" / "gold" / "seeds.json"
_WS = re.compile(r"\s+")


def _gold() -> dict:
    if not GOLD_FILE.exists():
        pytest.skip(f"gold file {GOLD_FILE} not present")
    return json.loads(GOLD_FILE.read_text("utf-8"))


def _squeeze(text: str | None) -> str:
    return _WS.sub("", text or "")


def _split(path: Path):
    return split_page(Page(source=str(path), text=path.read_text("utf-8"), format="text"))


def _page_chars(text: str) -> Counter:
    return Counter(_squeeze(clean_text(text)))


def _article_chars(articles) -> Counter:
    fields = (f for a in articles for f in (a.kicker, a.title, a.subtitle, a.dateline, a.body, *a.furniture))
    return Counter(_squeeze("".join(f for f in fields if f)))


def _gold_pages():
    return [(p["seed"], p["articles"]) for p in _gold()["pages"]]


@pytest.fixture(scope="module")
def seed_results():
    return {seed: (items, _split(SEEDS / seed)) for seed, items in _gold_pages()}


def _match(items, articles):
    """Each gold item's single article whose body starts and ends as the gold says."""
    out = []
    for item in items:
        hits = [a for a in articles if _squeeze(a.body).startswith(_squeeze(item["starts_with"]))
                and _squeeze(a.body).endswith(_squeeze(item["ends_with"]))]
        assert len(hits) == 1, f"{item['starts_with']!r}…{item['ends_with']!r}: {len(hits)} articles"
        out.append(hits[0])
    return out


def test_every_gold_item_is_one_article_and_nothing_else_is_extracted(seed_results):
    for seed, (items, articles) in seed_results.items():
        matched = _match(items, articles)
        assert len({id(a) for a in matched}) == len(items) == len(articles), seed


def test_titles_match_the_gold(seed_results):
    right = total = 0
    for items, articles in seed_results.values():
        for item, article in zip(items, _match(items, articles)):
            if item.get("title"):
                total += 1
                right += _squeeze(article.title) == _squeeze(item["title"])
            else:
                assert article.title is None
    assert total == 21 and right >= 20


def test_subtitles_and_kickers_match_the_gold(seed_results):
    for items, articles in seed_results.values():
        for item, article in zip(items, _match(items, articles)):
            for name in ("subtitle", "kicker"):
                if item.get(name):
                    assert _squeeze(getattr(article, name)) == _squeeze(item[name])


def test_authors_and_kinds_match_the_gold(seed_results):
    for items, articles in seed_results.values():
        for item, article in zip(items, _match(items, articles)):
            assert set(article.authors) == set(item["authors"]), item["starts_with"]
            assert article.kind == item["kind"], item["starts_with"]


def test_positions_follow_page_order(seed_results):
    for _, articles in seed_results.values():
        assert [a.position for a in articles] == list(range(len(articles)))


def test_paper_named_by_the_dateline_or_the_page():
    articles = split_page(Page(source="x.txt", text=(SEEDS / "001_e78c950c36f9347a.txt").read_text("utf-8"),
                               format="text", paper="柴达木日报"))
    assert articles[0].paper == "青海日报"          # 青海日报讯
    assert articles[2].paper == "柴达木日报"         # 本报讯: the page's own paper


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_no_text_is_lost_on_the_seeds(seed):
    text = (SEEDS / seed).read_text("utf-8")
    assert _article_chars(split_page(Page(source=seed, text=text, format="text"))) == _page_chars(text)


def test_doubled_headlines_are_collapsed_on_the_page():
    titles = {a.title for a in _split(SEEDS / "000_28d057f4e3b07edd.txt")}
    assert "集中攻坚打击传统盗抢骗" in titles and "住新房啦！" in titles


# Invented pages: other dateline styles, traditional characters, full-width digits.

def test_xinhua_reporter_and_bracket_datelines():
    articles = _split(FIXTURES / "xinhua_and_reporter.txt")
    assert [a.authors for a in articles] == [["周明远"], ["林晓雨"], ["何东"]]
    assert [a.title for a in articles] == ["省林草局：今年新增造林面积明显增加", "图书馆周末开放时间延长",
                                           "全民健身长跑活动举行"]
    assert articles[0].dateline.startswith("新华社西宁12月3日电")
    assert articles[2].body.startswith("12月5日，市体育中心") and "约300名市民" in articles[2].body


def test_traditional_characters():
    articles = _split(FIXTURES / "traditional.txt")
    assert [(a.title, a.authors) for a in articles] == [
        ("社區中心舉辦長者健康講座", ["陳大文"]), ("區內學校舉行科學展覽", ["李小明"])]
    assert articles[0].body.startswith("本週六上午")


def test_article_without_dateline_gets_its_headline_by_content():
    articles = _split(FIXTURES / "no_dateline.txt")
    assert [(a.title, a.authors, a.kind) for a in articles] == [
        ("城东口袋公园向市民开放", [], "article"), ("消防安全知识走进小学校园", ["赵一鸣"], "article")]
    assert articles[1].body.startswith("2024年12月2日")
    assert "\n" in articles[0].body                       # two paragraphs kept apart


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_no_text_is_lost_on_invented_pages(name):
    text = (FIXTURES / name).read_text("utf-8")
    assert _article_chars(split_page(Page(source=name, text=text, format="text"))) == _page_chars(text)


def test_headlines_gathered_at_the_end_are_matched_by_content_not_order():
    text = ("本报讯（记者 王一）市图书馆今天起延长开放时间，周末也开放到晚上九点，方便读者借阅。\n\n"
            "本报讯（记者 李二）全市冬季长跑比赛在体育中心举行，三百多名选手参加了比赛。\n\n"
            "冬季长跑比赛举行\n\n图书馆延长开放时间\n")
    articles = split_page(Page(source="x.txt", text=text, format="text"))
    assert [a.title for a in articles] == ["图书馆延长开放时间", "冬季长跑比赛举行"]


def test_a_headline_matching_inside_a_titled_article_splits_it_where_the_story_turns():
    """No dateline, no byline between two stories; the gathered headline of the second matches a paragraph
    well inside the first, whose own headline sits at its opening: that paragraph starts another story."""
    text = ("本报讯（记者 王一）城东新建的三座口袋公园今天起向市民开放，园内种植了银杏、海棠等树木，"
            "设置了儿童游乐区和健身步道，园路两旁安装了路灯和座椅，入口处还有介绍植物的展板和自助饮水机。\n\n"
            "附近居民说，以前这里是一片荒地，堆满了建筑垃圾，现在下楼就能散步，孩子们也有了玩耍的地方，"
            "傍晚时分，来跳广场舞、打太极拳的老人很多，周末还有不少家长带着孩子来放风筝。\n\n"
            "截至上周，全市已有六百多万人次使用电子社保卡线上办事，社保卡线上服务涵盖查询、挂失、缴费等业务。\n\n"
            "据介绍，电子社保卡线上服务还将接入医保结算和养老金资格认证，让群众少跑腿。\n\n"
            "电子社保卡线上服务上线\n\n城东口袋公园向市民开放\n")
    articles = split_page(Page(source="x.txt", text=text, format="text"))
    assert [a.title for a in articles] == ["城东口袋公园向市民开放", "电子社保卡线上服务上线"]
    assert articles[1].body.startswith("截至上周")


def test_gathered_headlines_left_over_are_paired_with_untitled_articles_by_content():
    """Two untitled articles, two headlines gathered at the end: the one whose words the first article
    holds (late in its text, not in its opening) is the first's, though it stands right after the second."""
    first = ("本报讯（记者 王一）今年以来，我市把居民最关心的事放在前面，先后听取了三千多户居民的意见，"
             "确定了加装电梯、修缮管网、增设停车位等十二项民生实事，计划年内全部完成。目前已有八项提前完工，"
             "群众满意度明显提高，不少居民主动参与到施工监督中来，出主意、提建议，有的还当起了义务监督员，"
             "每天到工地转一转，看看进度，查查质量，发现问题及时向施工单位反映，施工单位当天就能整改到位。\n\n"
             "一些小区还腾出闲置用房，开办社区食堂和托老所，社区食堂每天供应午餐和晚餐，"
             "老人凭卡就餐还能享受补贴。")
    second = ("本报讯（记者 李二）清晨六点，环卫工人张师傅已经在街上忙碌了一个小时。二十多年来，"
              "他负责的这条街始终干干净净，附近的商户都认识这位勤快的老张，常常请他进店喝口热水，"
              "他说，只要大家走在路上觉得舒心，再辛苦也值得。")
    text = f"{first}\n\n{second}\n\n小区里的爱心食堂\n\n一条街的二十年\n"
    articles = split_page(Page(source="x.txt", text=text, format="text"))
    assert [a.title for a in articles] == ["小区里的爱心食堂", "一条街的二十年"]


def test_a_caption_after_a_headed_article_is_its_own_photo_when_it_tells_another_story():
    text = ("## 全市冬季长跑比赛举行\n\n"
            "全市冬季长跑比赛昨天在体育中心举行，三百多名选手参加了比赛，男子组冠军由一名大学生获得。\n\n"
            "比赛设男子组、女子组和少年组，赛道沿江而设，选手们在冬日的阳光下奔跑，沿途不少市民为他们加油。\n\n"
            "春耕时节，农民在田间抢抓农时播种油菜，拖拉机在地里来回忙碌。\n"
            "记者 王小明 摄\n")
    articles = split_page(Page(source="x.md", text=text, format="markdown"))
    assert [(a.kind, a.title) for a in articles] == [("article", "全市冬季长跑比赛举行"), ("photo", None)]
    assert articles[1].body.startswith("春耕时节") and articles[1].authors == ["王小明"]


def test_a_continuation_never_takes_a_gathered_headline():
    text = ("（上接一版）图书馆还将延长开放时间，周末也开放到晚上九点，方便读者借阅。\n\n"
            "图书馆延长开放时间\n")
    articles = split_page(Page(source="x.txt", text=text, format="text"))
    assert articles[0].kind == "continuation" and articles[0].title is None


# Hostile input: never crash, never lose text.

_TOKENS = st.sampled_from([
    "本报讯（记者 张三）", "（通讯员 李四 王五）", "记者 赵六 摄", "（上接一版）", "（下转二版）", "□ 记者 钱七",
    "本报记者 孙八", "新华社北京1月2日电", "# ", "## ", "### -", "——", "。", "，", "！", "“", "”", "（", "）",
    "(", ")", " ", "  ", "\u3000", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "陆陆续续", "住新房住新房啦啦！！",
    "集中攻坚集中攻坚", "１２月", "2.5 亿元", "GDP", "图书馆延长开放时间", "今天上午，市里召开会议", "\x00", "\x1b",
    "\ufeff", "\u200b", "ab", "😀", "𠀀",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=60).map("".join))
def test_split_page_never_loses_text_on_shaped_input(text):
    articles = split_page(Page(source="h.txt", text=text, format="text"))
    assert _article_chars(articles) == _page_chars(text)
    assert [a.position for a in articles] == list(range(len(articles)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(["text", "markdown"]))
def test_split_page_never_loses_text_on_random_unicode(text, fmt):
    articles = split_page(Page(source="h.md", text=text, format=fmt))
    assert _article_chars(articles) == Counter(_squeeze(clean_text(text, markdown=fmt == "markdown" or None)))


def test_huge_lines_and_unbalanced_brackets():
    text = "（" * 3000 + "正文" * 20000 + "）" * 5 + "\n" + "本报讯（记者 " + "长" * 5000 + "\n"
    articles = split_page(Page(source="h.txt", text=text, format="text"))
    assert _article_chars(articles) == _page_chars(text)


def test_an_unmatched_headline_never_takes_another_headline_away():
    text = ("市图书馆今天起延长开放时间，周末也开放到晚上九点，方便读者借阅图书。\n\n"
            "读者服务再升级读者服务再升级\n\n"
            "全市冬季长跑比赛在体育中心举行，三百多名选手参加了比赛。\n\n"
            "冬季长跑比赛举行\n")
    articles = split_page(Page(source="x.txt", text=text, format="text"))
    assert "冬季长跑比赛举行" in [a.title for a in articles]
    assert _article_chars(articles) == _page_chars(text)


def test_a_short_line_right_before_a_dateline_is_that_articles_headline_not_the_last_line_above():
    text = ("区里新建了三座公园，居民休闲有了好去处。\n\n"
            "城郊农场迎来丰收季\n\n"
            "本报讯（记者 王明）今年，城郊农场的小麦亩产再创新高，农户收入明显增加。\n")
    items = split_page(Page(source="p.txt", text=text, format="text"))
    assert [a.title for a in items] == [None, "城郊农场迎来丰收季"]
    assert items[0].body.endswith("好去处。")


def test_markdown_kicker_line_and_subheads_stay_with_their_article():
    text = ("## 公园建设提速\n\n区里新建了三座公园，公园绿地面积大幅增加，公园成为居民休闲好去处。\n\n"
            "文旅融合添活力\n## 古镇游客量创新高\n\n今年古镇接待游客二百万人次，古镇民宿入住率持续走高。\n\n"
            "### 民宿带动就业\n\n古镇民宿吸纳本地村民就业，古镇游客多了，民宿生意红火。\n")
    items = split_page(Page(source="p.md", text=text, format="markdown"))
    assert [(a.kicker, a.title) for a in items] == [(None, "公园建设提速"), ("文旅融合添活力", "古镇游客量创新高")]
    assert "民宿带动就业" in items[1].body


NARROW = ("城市新闻\n\n"
          "本报华盛顿1月14\n日电（记者李明、\n王芳）当地时间14\n日上午，两国代表\n在会上签署了合作\n"
          "协议，双方表示将\n继续推进各领域的\n务实合作。\n\n"
          "（上接第2版）韩\n信少时家贫，经常饥\n一顿饱一顿，后来功\n成名就，报答了恩人。\n")


@pytest.mark.parametrize("reader", ["rules", "learned"])
def test_a_dateline_wrapped_across_narrow_column_lines_is_still_read(monkeypatch, reader):
    monkeypatch.setenv("NEWSARCHIVE_READER", reader)
    items = split_page(Page(source="p.txt", text=NARROW, format="text"))
    story = next(a for a in items if "签署" in a.body)
    assert story.authors == ["李明", "王芳"]
    assert "日电" not in story.body and story.dateline == "本报华盛顿1月14日电（记者李明、王芳）"


def test_a_continuation_mark_after_a_fresh_start_opens_one_item_not_an_empty_one_too(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "learned")
    items = split_page(Page(source="p.txt", text=NARROW, format="text"))
    assert all(a.body.strip() for a in items)
    assert [a.kind for a in items if "韩信" in a.body.replace("\n", "")] == ["continuation"]


def test_auto_trusts_the_rules_where_the_labeller_agrees_on_the_lines_they_could_be_placed_on():
    from archive.reading.lines import PageLine
    from archive.reading.segment import _agrees
    lines = [PageLine("头条标题", 0, True)] + [PageLine("正文一行", 0, False) for _ in range(19)]
    labels = ["head"] + ["start"] + ["inside"] * 18
    placed_but_one = ["head", "start"] + ["inside"] * 17 + [None]          # one line the rules' reading did not place
    assert _agrees(placed_but_one, labels, lines)
    assert not _agrees(["head", "start"] + [None] * 18, labels, lines)            # too few placed to judge
    disagree = ["head", "start"] + ["photo"] * 4 + ["inside"] * 14
    assert not _agrees(disagree, labels, lines)                           # placed, but they disagree
    assert _agrees(disagree[:6], labels[:6], lines[:6])                   # a handful of lines is no evidence
    printed = lines[:2] + [PageLine("本报讯（记者 王一）今天，", 0, True) for _ in range(4)] + lines[6:]
    assert _agrees(["head", "start"] + ["start"] * 4 + ["inside"] * 14, labels, printed)   # datelines hold


# A plain page as text tools give it: each headline on its own line above its story, blank lines
# between paragraphs, a page header at the top and the editors' line at the foot.
PLAIN = ("人民日报 2020年1月17日 星期五 第3版 要闻\n\n"
         "全市冬季长跑比赛在体育中心举行，三百多名选手参加了\n比赛，赛事吸引了众多市民到场观看和加油助威。（本报\n记者 王明）\n\n"
         "城郊农场小麦亩产再创新高 农户收入明显增加\n\n"
         "今年，城郊农场的小麦亩产再创新高，农户收入明显增加\n，农场负责人表示明年将继续扩大种植面积和规模。\n\n"
         "古镇文旅融合添活力\n——游客量创新高\n\n"
         "今年古镇接待游客二百万人次，古镇民宿入住率持续走高\n，带动了本地村民就业和增收。\n\n"
         "数字经济时代已来\n\n"
         "数据显示，我国数字经济规模持续扩大，新业态新模式不\n断涌现，成为稳增长促就业的重要力量。各地加快建设\n"
         "数据中心和网络设施，企业上云用数赋智步伐加快，数字\n技术与实体经济深度融合，带动传统产业转型升级。\n\n"
         "伟大的中国人民万岁！\n\n"
         "责任编辑：李华 张强\n")


def test_a_plain_page_reads_each_headline_above_its_story(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    items = split_page(Page(source="p.txt", text=PLAIN, format="text"))
    assert [(a.title, a.subtitle) for a in items] == [
        (None, None), ("城郊农场小麦亩产再创新高 农户收入明显增加", None),   # as wide as the column
        ("古镇文旅融合添活力", "——游客量创新高"), ("数字经济时代已来", None)]   # a cheer is no headline
    assert items[0].authors == ["王明"]                                    # its byline wrapped onto two lines
    assert not any(w in a.body + (a.title or "") for a in items for w in ("星期五", "责任编辑"))   # furniture
    assert _article_chars(items) == _page_chars(PLAIN)                    # … kept as printed marks


def test_a_short_line_over_a_long_one_is_kicker_and_title_and_bullets_leave_titles(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    text = ("区里新建了三座公园，居民休闲有了好去处。\n\n"
            "■ 澳网女单\n郑赛赛朱琳张帅三名中国选手晋级次轮\n\n"
            "澳大利亚网球公开赛20日展开首轮比赛的争夺，三名中国选手晋级。\n")
    story = split_page(Page(source="p.txt", text=text, format="text"))[-1]
    assert (story.kicker, story.title, story.furniture) == ("澳网女单", "郑赛赛朱琳张帅三名中国选手晋级次轮", ["■"])


def test_a_heading_where_the_words_change_heads_a_new_story_and_one_where_they_go_on_is_a_subhead():
    text = ("区里新建了三座公园，公园绿地面积大幅增加，公园成为居民休闲好去处，公园里游人如织。\n\n"
            "{head}\n\n"
            "{body}\n")
    same = text.format(head="公园夜间开放", body="公园今年起夜间开放，公园里的灯光步道深受居民喜爱，公园游人更多了。")
    other = text.format(head="冬季长跑比赛举行", body="全市冬季长跑比赛在体育中心举行，三百多名选手参加比赛，赛事吸引众多市民。")
    assert [a.title for a in split_page(Page(source="a.txt", text=same, format="text"))] == [None]
    assert [a.title for a in split_page(Page(source="b.txt", text=other, format="text"))] == [None, "冬季长跑比赛举行"]


def test_a_gathered_headline_left_over_cuts_the_story_the_page_ran_on_into_where_the_words_change(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    text = ("　　新华社北京1月20日电 公园管理处表示，区里新建了三座公园，公园绿地面积大幅增加。\n"
            "　　公园成为居民休闲好去处，公园里游人如织，公园管理处还将增设座椅。\n"
            "　　新年伊始，韩国总统在国会发表演讲，表示将推动出口回升，稳定就业。\n"
            "　　央行预计今年经济增长将放缓，半导体行业有望带动出口回升。\n\n"
            "区里新建三座公园\n\n韩国谋求走出低增长困局\n")
    items = split_page(Page(source="p.txt", text=text, format="text"))
    assert [a.title for a in items] == ["区里新建三座公园", "韩国谋求走出低增长困局"]
    assert items[1].body.startswith("新年伊始")


def test_on_a_page_printing_headlines_above_stories_a_headline_after_an_untitled_one_is_the_next_ones(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    text = ("【公园夜间开放】\n\n"
            "　　区里的公园今年起夜间开放，灯光步道深受居民喜爱，游人更多了。\n\n"
            "长跑比赛举行\n\n"
            "　　全市冬季长跑比赛在体育中心举行，三百多名选手参加比赛。（本报记者 李四）\n\n"
            "　　新年伊始，城郊农场的小麦亩产再创新高，农户收入明显增加。\n\n"
            "古镇民宿生意红火\n"
            "本报记者 王明\n"
            "　　今年古镇接待游客二百万人次，民宿入住率持续走高。\n")
    items = split_page(Page(source="p.txt", text=text, format="text"))
    assert [a.title for a in items] == ["公园夜间开放", "长跑比赛举行", None, "古镇民宿生意红火"]
    assert _article_chars(items) == _page_chars(text)


def test_page_headers_are_lines_of_their_own_not_sentences_naming_a_day():
    from archive.reading.bylines import is_furniture
    assert is_furniture("人民日报 2019年10月6日　星期日") and is_furniture("第4版 地方 2017年11月2日")
    assert not is_furniture("面试将于2020年2月22日（星期六") and not is_furniture("会议于2020年1月17日星期五召开")


def test_furniture_inside_a_story_split_by_a_subhead_is_kept(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    text = ("区里新建了三座公园，公园绿地面积大幅增加，公园成为居民休闲好去处，公园里游人如织。\n\n"
            "公园夜间开放\n\n"
            "2020年1月17日 星期五\n"
            "公园今年起夜间开放，公园里的灯光步道深受居民喜爱，公园游人更多了。\n")
    items = split_page(Page(source="p.txt", text=text, format="text"))
    assert _article_chars(items) == _page_chars(text)


def test_auto_does_not_put_to_the_vote_a_story_starting_under_a_headline_set_apart():
    from archive.reading.lines import PageLine
    from archive.reading.segment import _agrees

    def head(text):
        return PageLine(text, 0, True, True)
    body = [PageLine("正文一行", 0, False) for _ in range(8)]
    lines = [head("头条标题"), PageLine("新闻开头", 0, True)] + body + [head("二条标题"), PageLine("另一开头", 0, True)] + body
    rules = ["head", "start"] + ["inside"] * 8 + ["head", "start"] + ["inside"] * 8
    labels = ["head", "inside"] + ["inside"] * 8 + ["head", "inside"] + ["inside"] * 8
    assert _agrees(rules, labels, lines)


def test_a_briefs_label_is_page_furniture_not_the_first_briefs_title(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    text = ("简讯\n\n城郊农场小麦亩产再创新高\n\n"
            "今年，城郊农场的小麦亩产再创新高，农户收入明显增加，农场负责人表示明年将继续扩大种植。\n")
    items = split_page(Page(source="p.txt", text=text, format="text"))
    assert [(a.title, a.furniture) for a in items] == [("城郊农场小麦亩产再创新高", ["简讯"])]


def test_a_page_header_marked_up_as_a_heading_is_furniture_not_a_title():
    text = ("# 2020年1月17日 星期五 第3版\n\n## 城郊农场小麦亩产再创新高\n\n"
            "今年，城郊农场的小麦亩产再创新高，农户收入明显增加，农场负责人表示明年将继续扩大种植。\n")
    items = split_page(Page(source="p.md", text=text, format="markdown"))
    assert [(a.title, a.furniture) for a in items] == [("城郊农场小麦亩产再创新高", ["2020年1月17日 星期五 第3版"])]


def test_the_labeller_calls_masthead_only_what_tops_the_page_or_reads_as_furniture():
    from archive.reading.lines import page_lines
    from archive.reading.segment import _Draft, _learned_flow
    text = "人民日报 2020年1月17日 星期五\n公园夜间开放\n区里的公园今年起夜间开放，游人更多了。\n灯光步道深受居民喜爱。\n"
    labels = ["masthead", "head", "start", "masthead"]          # the last one is body text, wrongly labelled
    drafts = [d for d in _learned_flow(page_lines(text), labels) if isinstance(d, _Draft)]
    assert [d.furniture for d in drafts] == [["人民日报2020年1月17日星期五"]]
    assert "灯光步道" in "".join(drafts[0].paras)


def _wrapped(text: str, width: int = 16) -> str:
    """A paragraph hard-wrapped at `width` characters, as OCR prints a narrow column."""
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def _read(monkeypatch, text: str) -> list:
    """The printed-mark rules' reading (these tests are about the rules)."""
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")
    return split_page(Page(source="x.txt", text=text, format="text"))


STORIES = (
    ("城东三座口袋公园开放", "城东新建的三座口袋公园今天起向市民开放，园内种植了银杏和海棠，还设置了儿童游乐区和健身步道。"
     "附近居民说，以前这里是一片荒地，现在下楼就能散步。"),
    ("电子社保卡办事超六百万人次", "截至上周，全市已有六百多万人次使用电子社保卡线上办事，查询、挂失和缴费都能在手机上完成。"
     "据介绍，线上服务还将接入医保结算和养老金资格认证。"),
    ("冬季长跑赛鸣枪", "全市冬季长跑比赛在体育中心鸣枪开跑，三百多名选手参加了比赛，男子组冠军由一名大学生获得。"
     "赛道沿江而设，沿途不少市民为选手加油。"),
    ("老街区换新颜", "老城区的十二条背街小巷完成了改造，路面重新铺装，雨污管网分开，沿街还增设了休息座椅。"
     "不少老住户说，走在巷子里又找回了过去的味道。"),
)


def test_stories_set_apart_by_blank_lines_take_the_headlines_gathered_in_one_block_after_them(monkeypatch):
    """Paragraphs run on without blank lines; a blank line stands only between stories, and the
    headlines are gathered in one block at the page's end: each story is one article, titled
    in page order (the block is not read as kicker and title pairs)."""
    body = "\n\n".join("\n".join(_wrapped(part + "。") for part in text.rstrip("。").split("。"))
                       for _, text in STORIES)
    text = body + "\n\n" + "\n".join(title for title, _ in STORIES) + "\n"
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == [title for title, _ in STORIES]
    assert [a.body.replace("\n", "")[:6] for a in articles] == [t[:6] for _, t in STORIES]


def test_a_reporters_line_under_the_last_paragraph_signs_the_story_above(monkeypatch):
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1]) + "\n本报记者 王小明\n\n"
            "冬季长跑赛鸣枪\n" + _wrapped(STORIES[2][1]) + "\n")
    articles = _read(monkeypatch, text)
    assert [(a.title, a.authors) for a in articles] == [("城东口袋公园开放", ["王小明"]), ("冬季长跑赛鸣枪", [])]


def test_a_headline_with_every_character_read_twice_is_a_headline(monkeypatch):
    doubled = "".join(c * 2 for c in "电子社保卡办事超六百万人次")
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1]) + "\n\n" + doubled + "\n" + _wrapped(STORIES[1][1]) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["城东口袋公园开放", "电子社保卡办事超六百万人次"]


def test_a_headline_above_a_story_opened_by_its_dateline_is_that_storys_whatever_its_words_match(monkeypatch):
    """Its words match a paragraph further down better than the opening: on a page that prints
    headlines above stories, it still heads the story under it rather than cutting the story there."""
    first = ("本报北京5月22日电 （记者 王一）" + "全国人大代表今天分组审议政府工作报告，代表们围绕稳就业、保民生等积极发言。")
    second = "代表们认为，今年经济社会发展任务艰巨，要坚定信心，全力保障和改善民生，稳住就业基本盘。"
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1], 30) + "\n\n"
            "坚定发展信心 保障改善民生\n" + _wrapped(first, 30) + "\n　　" + _wrapped(second, 30) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["城东口袋公园开放", "坚定发展信心 保障改善民生"]
    assert articles[1].authors == ["王一"] and articles[1].body.replace("\n", "").endswith("稳住就业基本盘。")


def test_a_numbered_section_head_stays_in_its_story_and_a_headline_over_a_byline_may_ask(monkeypatch):
    """（二）… inside a story is a section of it, even where its words change; a headline asking a
    question, set over a byline line with the story under it, heads that story."""
    text = ("市政府今年推出三项便民措施。\n（一）延长服务时间\n政务大厅周末照常开放，群众办事不用再请假。\n"
            "（二）推行网上办理\n二十多项高频事项可以在手机上办理，最快当天办结。\n\n"
            "老街区改造为何一拖再拖？\n记者 李小红\n" + _wrapped(STORIES[3][1], 24) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == [None, "老街区改造为何一拖再拖？"]
    assert "（二）推行网上办理" in articles[0].body and articles[1].authors == ["李小红"]


def test_in_a_narrow_column_a_headline_wider_than_it_heads_the_story_under_it(monkeypatch):
    """Wrapped lines of 16 carry no full stop, so headline and story form one run of unpunctuated
    lines; the headline is the line after the blank that is wider than the column."""
    text = ("眾新聞　2020年3月6日　星期四\n\n"
            "城东三座口袋公园开放\n" + _wrapped(STORIES[0][1]) + "（記者 王小明）\n\n"
            "电子社保卡线上办事超六百万人次　医保结算明年接入\n" + _wrapped(STORIES[1][1]) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["城东三座口袋公园开放", "电子社保卡线上办事超六百万人次 医保结算明年接入"]
    assert articles[0].authors == ["王小明"] and "星期四" not in articles[0].body


def test_a_headline_opening_with_a_decimal_is_no_numbered_section(monkeypatch):
    quake = "昨晚，云南大理州漾濞县发生6.4级地震，震源深度8千米，当地连夜搭建帐篷安置受灾群众。"
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1] + STORIES[3][1], 25) + "\n\n6.4级地震袭击云南漾濞\n"
            + _wrapped(quake * 2, 25) + "\n")
    assert [a.title for a in _read(monkeypatch, text)] == ["城东口袋公园开放", "6.4级地震袭击云南漾濞"]


def test_a_closing_question_set_apart_above_a_byline_stays_in_its_story(monkeypatch):
    """Only a question right over its byline line (no blank between) can head the story under it."""
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1], 25) + "\n这样的公园谁不喜欢？\n\n记者 李红\n"
            + _wrapped(STORIES[2][1], 40) + "\n")
    articles = _read(monkeypatch, text)
    assert articles[0].body.endswith("这样的公园谁不喜欢？") and articles[1].title is None
    assert articles[1].authors == ["李红"]


def test_a_reporters_line_over_a_dateline_is_that_storys(monkeypatch):
    text = ("城东口袋公园开放\n" + _wrapped(STORIES[0][1], 25) + "\n\n本报记者 王小明\n本报北京1月5日电　"
            + _wrapped(STORIES[2][1], 40) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.authors for a in articles] == [[], ["王小明"]]


def test_briefs_with_run_in_headlines_bullets_and_datelines_mid_line_are_items_of_their_own(monkeypatch):
    text = ("区里新建了三座公园，居民休闲有了好去处。（记者 王明）\n"
            "【春运首日客流平稳】本报讯（记者 李华）春运首日，全市\n各车站客流平稳有序，未发生旅客滞留。\n"
            "〔塞尔维亚副总理兼外长将\n访华〕外交部发言人25日宣布，塞尔维亚副总理兼外长将于\n下月对中国进行正式访问。\n"
            "越南共产党举行建党90周年纪念大会 本\n报讯 越南共产党成立90周年纪念大会3日在\n首都河内举行。\n"
            "●市民公园改造完工\n本报1月 2 日讯 市民公园改造工程日前完工，新增绿地两万\n平方米，游人明显增多。\n")
    stories = _read(monkeypatch, text)
    assert [s.title for s in stories] == [None, "春运首日客流平稳", "塞尔维亚副总理兼外长将访华",
                                          "越南共产党举行建党90周年纪念大会", "市民公园改造完工"]
    assert stories[1].authors == ["李华"] and stories[1].body.startswith("春运首日")
    assert stories[2].body.startswith("外交部发言人") and stories[4].body.startswith("市民公园改造工程")


def test_on_a_double_spaced_page_a_line_opening_with_a_dash_is_the_subtitle_of_the_headline_above(monkeypatch):
    lines = ["三座公园建成开放", "本报讯（记者 王明）区里新建了三座公园，", "居民休闲有了好去处，公园里游人如织。",
             "大国有担当 世界更美好", "——瞩目新时代的中国与世界",
             "本报北京10月4日电（记者 顾仲阳）大国要有大国的样子，", "大国要有大国的担当，这是各国的共识。"]
    stories = _read(monkeypatch, "\n\n".join(lines) + "\n")
    assert [(s.title, s.subtitle) for s in stories] == [("三座公园建成开放", None),
                                                        ("大国有担当 世界更美好", "——瞩目新时代的中国与世界")]


def test_a_jump_line_ends_its_story_and_a_cheer_over_a_dashed_subtitle_is_a_headline(monkeypatch):
    text = ("人民日报\n2020年1月7日 星期二\n第1版 文化\n\n"
            "“我们是一支不可战胜的力量！”\n——国庆阅兵纪实\n"
            "本报北京10月1日电（记者 温红彦）阅兵式号角骤然响起，激昂澎湃的\n分列式进行曲汇成震天撼地的交响。新中国\n"
            "以一场盛大阅兵庆祝70岁生日，对此，通俗理论读物除了着眼于\n转第三版\n\n"
            "有你会平安\n本报讯（特约记者 王金海）没有好父母，哪来的好儿女？没有\n好儿女，哪来的好家园？\n")
    stories = _read(monkeypatch, text)
    assert [(s.title, s.subtitle) for s in stories] == [("“我们是一支不可战胜的力量！”", "——国庆阅兵纪实"),
                                                        ("有你会平安", None)]
    assert stories[0].body.endswith("除了着眼于") and stories[1].authors == ["王金海"]


def test_a_headline_kept_from_its_text_by_a_wide_gap_heads_it(monkeypatch):
    text = ("区里新建了三座公园，居民休闲有了好去处，公园里游人如织。\n"
            "离退休干部建立党支部     临近春节，在山东青岛李沧区大崂路社区，\n"
            "社区离退休干部党支部为生活困难的群众送去补贴，受到了居民的称赞。\n"
            "本报北京2月21日电  （记者邱超奕）国务院联防联控机制举行发布会。\n")
    stories = _read(monkeypatch, text)
    assert [s.title for s in stories] == [None, "离退休干部建立党支部", None]
    assert stories[1].body.startswith("临近春节") and stories[2].authors == ["邱超奕"]


def test_a_short_bracketed_label_before_a_headline_standing_alone_is_part_of_the_title(monkeypatch):
    text = ("【六四集結案】楊森陳情全文：縱使失去自由，我也無悔\n文／勞東來\n"
            "已第四度因非法集結被起訴的楊森，承認一項明知而參與未經批准集結罪，他同樣親自陳情。\n")
    stories = _read(monkeypatch, text)
    assert [(s.title, s.authors) for s in stories] == [("【六四集結案】楊森陳情全文：縱使失去自由，我也無悔", ["勞東來"])]


def test_auto_keeps_the_rules_reading_where_items_begin_inside_lines(monkeypatch):
    briefs = [("春运首日客流平稳", "春运首日，全市各车站客流平稳有序，未发生旅客滞留，", "铁路部门增开临时列车三十列。"),
              ("市民公园改造完工", "市民公园改造工程日前完工，新增绿地两万平方米，", "游人明显增多，周边居民纷纷点赞。"),
              ("老旧小区加装电梯", "今年全市将为老旧小区加装电梯二百部，", "首批五十部已经开工建设，年底前投用。"),
              ("图书馆延长开放时间", "市图书馆自下月起延长开放时间至晚上九点，", "方便上班族下班后阅读学习。"),
              ("农贸市场完成升级", "城区六家农贸市场完成升级改造，", "摊位统一规划，环境焕然一新。"),
              ("公交新增三条线路", "公交公司新增三条线路，覆盖城东新区，", "市民出行更加便捷。")]
    page = Page(source="p.txt", text="".join(f"【{h}】本报讯（记者 李华）{a}\n{b}\n" for h, a, b in briefs), format="text")
    monkeypatch.setenv("NEWSARCHIVE_READER", "auto")
    assert [s.title for s in split_page(page)] == [h for h, _, _ in briefs]


def test_a_columnists_closing_note_signs_the_piece_above_and_heads_nothing(monkeypatch):
    text = ("港大檢討組倡改革特首校監制\n【記者林勵】\n港大校務委員會去年4月委任三人專責\n小組檢討大學管治，校委會最快本月\n"
            "底討論檢討小組提交的報告。據悉，\n報告形容今屆特首選舉提供改革的契\n機，讓校委會重新開始。\n\n\n"
            "人口縮拖累經濟\n上週中、美各公佈了兩項重要數據：\n中國公佈普查人口數據，美國則出通\n脹數據，大陸遂遲一個月出數據。\n"
            "本週美國主要出樓市數據，本港則有\n通脹和失業率。\n羅家聰（作者為自由撰稿人）\n")
    stories = _read(monkeypatch, text)
    assert [(s.title, s.authors) for s in stories] == [("港大檢討組倡改革特首校監制", ["林勵"]), ("人口縮拖累經濟", ["羅家聰"])]


def test_a_list_a_colon_announces_a_bracketed_phrase_mid_sentence_and_a_bracketed_dateline_are_no_headlines(monkeypatch):
    text = ("區議會昨日通過多項措施，相關措施包括：\n●延長食肆營業時間\n●放寬公眾集會人數\n●重開部分公共設施\n\n"
            "教協宣布解散\n\n【香港文匯報訊】香港教育專業人員協會昨日宣布解散，會員大會將於下月舉行。\n\n"
            "本报讯（记者 王小明）近日，一则题为\n【关于全市停水的紧急通知】的消息在朋友圈流传，自来水公司回应称系谣言。\n")
    stories = _read(monkeypatch, text)
    assert [s.title for s in stories] == [None, "教協宣布解散", None]
    assert "重開部分公共設施" in stories[0].body and stories[1].body.startswith("香港教育專業人員協會")
    assert "【关于全市停水的紧急通知】的消息" in stories[2].body.replace("\n", "")


def test_a_table_a_poem_and_one_line_briefs_with_wide_gaps_keep_their_order():
    table = "地区生产总值    1250亿元\n规模以上工业    增长6.5%\n社会消费品零售总额    增长8.2%\n"
    assert clean_text(table).split("\n")[:2] == ["地区生产总值", "1250亿元"]
    poem = "独在异乡为异客    每逢佳节倍思亲\n遥知兄弟登高处    遍插茱萸少一人\n床前明月光是谁    疑是地上霜冷冷\n"
    assert clean_text(poem).replace("\n", "").startswith("独在异乡为异客每逢佳节倍思亲")


def test_a_labelled_headline_set_wider_than_its_column_heads_the_text_under_it(monkeypatch):
    """Any label, when the line is not set to the column's measure and text follows directly; a
    brief whose text fills the column after its 【headline】 is still read as a brief."""
    heads = ["【全市民生工程進度】" + STORIES[0][0] + "　居民下樓就能散步", "【冬季長跑】" + STORIES[2][0] + "　三百選手參賽"]
    text = "\n\n".join(f"{head}\n{_wrapped(body)}" for head, (_, body) in zip(heads, STORIES[::2]))
    brief = _wrapped("【公交新增三条线路】公交公司新增三条线路，覆盖城东新区，市民出行更加便捷。", 16)
    stories = _read(monkeypatch, text + "\n\n" + brief)
    assert [s.title for s in stories] == [h.replace("　", " ") for h in heads] + ["公交新增三条线路"]
    assert [s.body[:4] for s in stories] == ["城东新建", "全市冬季", "公交公司"]


def test_a_paragraphs_short_first_line_that_breaks_off_inside_a_word_is_no_headline(monkeypatch):
    """OCR dropped the indent, so the first line of a paragraph stands off the narrow column after a
    blank line, like a headline; but a clause breaks off in it and the line under it finishes the
    word it began (往|後), so it is the paragraph's first line."""
    first = "城東新建的三座口袋公園今天起向市民開放，園內種了銀杏和海棠，還有兒童遊樂區和健身步道。"
    text = ("口袋公園開放\n\n" + _wrapped(first, 11) + "\n\n自小在此長大，往\n"
            + _wrapped("後的日子也想留在這裏；街坊都說，公園開了，下樓就能散步。老人家最開心，天天來。", 11) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["口袋公園開放"]
    assert "往後的日子" in articles[0].body.replace("\n", "")


def test_a_reporters_line_with_a_blank_under_it_opens_the_story_below(monkeypatch):
    """Headline, 本报记者 X, a blank, the story: on a page whose blanks separate stories, this blank
    separates a byline from its story, not one story from the next."""
    text = "\n\n".join(f"{title}\n本报记者 王小明\n\n" + _wrapped(body, 20) for title, body in STORIES[:2]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.title, a.authors) for a in articles] == [(title, ["王小明"]) for title, _ in STORIES[:2]]
    assert articles[0].body.startswith(STORIES[0][1][:20])


def test_on_text_wider_than_ocr_columns_the_default_reader_is_the_rules(monkeypatch):
    """The line labeller learnt from OCR column text; on wrapped lines of 20 it is not put to the vote."""
    text = "\n\n".join(f"{title}\n本报记者 王小明\n\n" + _wrapped(body, 20) for title, body in STORIES * 3) + "\n"
    ruled = [(a.title, a.body) for a in _read(monkeypatch, text)]
    monkeypatch.setenv("NEWSARCHIVE_READER", "auto")
    assert [(a.title, a.body) for a in split_page(Page(source="x.txt", text=text, format="text"))] == ruled


def test_a_subtitle_under_a_headline_over_a_dateline_stays_the_subtitle(monkeypatch):
    """——强调… wraps onto the headline's paragraph (a dash carries a line on); over the dateline the
    two are still headline and subtitle, not one title."""
    body = "新华社深圳10月16日电（记者 李红）" + STORIES[1][1]
    text = ("城东三座口袋公园开放\n" + _wrapped(STORIES[0][1]) + "\n\n"
            "口袋公园开放首日迎来八方游客\n——市民盼望家门口有更多社区公园\n" + _wrapped(body) + "\n")
    articles = _read(monkeypatch, text)
    assert [(a.title, a.subtitle) for a in articles][1] == ("口袋公园开放首日迎来八方游客", "——市民盼望家门口有更多社区公园")


def test_a_caption_ending_in_a_bracketed_credit_is_no_headline(monkeypatch):
    """Hong Kong sets a photo inside the story, its caption closed by （X攝）: two short lines standing
    apart like a headline, it still heads nothing, and the story goes on under it."""
    after = "附近居民说，以前这里是一片荒地，现在口袋公园的银杏和海棠成了街坊散步聊天的好去处，周末还有不少家长带孩子来玩。"
    text = ("城东三座口袋公园开放\n\n" + _wrapped(STORIES[0][1], 26) + "\n\n市民在口袋公园的健身步道散步，旁边是新种\n"
            "的银杏和海棠（王小明攝）\n\n" + _wrapped(after, 26) + "\n\n冬季长跑赛鸣枪\n\n" + _wrapped(STORIES[2][1], 40) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["城东三座口袋公园开放", "冬季长跑赛鸣枪"]
    assert "（王小明攝）" in articles[0].body and articles[0].body.endswith("带孩子来玩。")


def test_the_line_under_a_bulleted_headline_that_runs_on_past_a_clause_is_the_briefs_text(monkeypatch):
    """The briefs are set wider than the story above them: the brief's first line, outrunning the
    column, is still its text, not a second headline line under ●…."""
    brief = ["口袋公园开放探访节目《开放》，我们把它当作一部构思新颖、细节扎实的城市纪实",
             "来看，它让附近居民说，以前这里是一片荒地，现在下楼就能散步，周末很热闹，",
             "孩子们都很喜欢。"]
    text = ("老街区换新颜\n\n" + "\n\n".join(_wrapped(STORIES[3][1], 26) for _ in range(3)) + "\n\n简讯\n\n"
            "●口袋公园开放\n" + "\n".join(brief) + "\n\n●冬季长跑赛鸣枪\n" + _wrapped(STORIES[2][1], 36) + "\n")
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == ["老街区换新颜", "口袋公园开放", "冬季长跑赛鸣枪"]
    assert articles[1].body.replace("\n", "") == "".join(brief)


def test_a_story_resumed_under_the_photo_set_into_it_is_one_story(monkeypatch):
    """Zoned OCR reads a column's photo (caption, credit) between a story's two parts: the unheaded
    text under the photo goes back to the story, and the photo stays an item of its own."""
    after = "附近居民说，以前这里是一片荒地，现在口袋公园的银杏和海棠成了街坊散步聊天的好去处。"
    caption = "市民在新开放的口袋公园里散步。"
    text = "\n\n".join([STORIES[0][0], _wrapped("本报讯（记者 李红）" + STORIES[0][1], 13), _wrapped(caption, 13),
                        "本报记者 王小明 摄",
                        _wrapped(after, 13), STORIES[2][0], "本报记者 李红", _wrapped(STORIES[2][1], 13)]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.kind, a.title) for a in articles] == [("article", STORIES[0][0]), ("photo", None),
                                                     ("article", STORIES[2][0])]
    assert articles[0].body.replace("\n", "").endswith(after) and articles[1].authors == ["王小明"]


def test_a_kicker_set_apart_from_its_headline_by_double_spacing_is_its_kicker(monkeypatch):
    """Double-spaced pages stand every line apart: two headline lines right over a story, on a page
    that prints headlines above stories, are that story's kicker and title, not two headlines."""
    kicker = "新建三座、改造五座，惠及十万居民"
    text = "\n\n".join([STORIES[1][0], "本报记者 李红", _wrapped(STORIES[1][1], 13), kicker, STORIES[0][0],
                        _wrapped(STORIES[0][1], 13), STORIES[2][0], "本报记者 王小明", _wrapped(STORIES[2][1], 13)]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.kicker, a.title) for a in articles] == [(None, STORIES[1][0]), (kicker, STORIES[0][0]),
                                                       (None, STORIES[2][0])]


def test_items_of_a_list_a_paragraph_announces_are_its_text_not_headlines(monkeypatch):
    """…的三座公园是： over ・城东公园 lines standing apart: list items, however headline-shaped."""
    intro = "记者从市园林局获悉，今年新建的口袋公园已全部开放，分布在城区各个街道，首批开放的三座公园是："
    items = ["・城东银杏公园", "・河西海棠公园", "・北山健身公园"]
    text = "\n\n".join([STORIES[0][0], _wrapped(intro, 20), *items, _wrapped(STORIES[0][1], 20),
                        STORIES[2][0], _wrapped(STORIES[2][1], 20)]) + "\n"
    articles = _read(monkeypatch, text)
    assert [a.title for a in articles] == [STORIES[0][0], STORIES[2][0]]
    assert all(item in articles[0].body for item in items)


def test_a_headline_wrapped_inside_a_word_is_one_title(monkeypatch):
    """口袋公园开放首日迎来八方游 | 客: the break falls inside 游客, so the two lines are one title,
    not a kicker over a title."""
    text = "\n\n".join(["口袋公园开放首日迎来八方游\n客", "本报记者 王小明", _wrapped(STORIES[0][1], 20),
                        STORIES[2][0], "本报记者 李红", _wrapped(STORIES[2][1], 20)]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.kicker, a.title) for a in articles][0] == (None, "口袋公园开放首日迎来八方游客")


def test_a_subhead_never_takes_the_headline_slot_of_a_story_elsewhere(monkeypatch):
    """A dressed subhead (kicker and title) over a story's second part shares more words with the
    story's opening than the story's own headline does: still, a headline printed right over a
    story is that story's, and the subhead may only be the part's under it."""
    opening = ("城东新建的三座口袋公园今天起向市民开放，银杏公园和海棠公园位于老城区，附近居民步行十分钟就能到达，"
               "园内设有儿童游乐区、健身步道和休息座椅。")
    part = "据介绍，今年全市还将改造五座老旧公园，增加夜间照明和无障碍设施，方便老人和孩子使用。"
    text = "\n\n".join([STORIES[2][0], _wrapped(STORIES[2][1], 20), "居民盼望家门口有更多绿地",
                        _wrapped(opening, 20), "银杏公园海棠公园儿童游乐区健身步道", "三座口袋公园向市民开放",
                        _wrapped(part, 20)]) + "\n"
    articles = _read(monkeypatch, text)
    assert articles[1].title == "居民盼望家门口有更多绿地"


def test_a_short_line_standing_between_blank_lines_after_a_finished_story_is_a_headline(monkeypatch):
    """On a page whose blank lines also fall inside paragraphs (so blank lines alone mark nothing),
    a single line off the column, between blank lines, right after a story's closing byline, heads
    the story under it even when that story's first line fills the column as usual."""
    stray = _wrapped(STORIES[1][1], 20).split("\n")
    text = "\n".join([STORIES[1][0], *stray[:2], "", *stray[2:], "（王小明）", "", "冬季长跑赛鸣枪比赛全程", "",
                      _wrapped(STORIES[2][1], 20), "（李红）"]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.title, a.authors) for a in articles] == [(STORIES[1][0], ["王小明"]), ("冬季长跑赛鸣枪比赛全程", ["李红"])]


def test_layout_tool_markdown_pictures_and_bold_headline_parts(monkeypatch):
    """A layout tool's Markdown marks a picture's place (![](media/image1.png)) and sets a kicker or
    subtitle in bold beside the heading: the picture is no text or headline, the bold lines are the
    headline's parts, and a bold line standing alone is text."""
    text = "\n\n".join(["## " + STORIES[0][0], "![](media/image1.png)", "**——新增绿地两万平方米**",
                        STORIES[0][1], "**惠及十万居民**", "# " + STORIES[2][0], STORIES[2][1],
                        "**赛事提示**", "赛道沿江而设，请市民绿色出行。"]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.kicker, a.title, a.subtitle) for a in articles] == [
        (None, STORIES[0][0], "新增绿地两万平方米"), ("惠及十万居民", STORIES[2][0], None)]
    assert "media" not in articles[0].body and "赛事提示" in articles[1].body


def test_a_column_label_and_headline_standing_between_blank_lines_head_the_story_under_them(monkeypatch):
    """Two short lines (a column's label over a headline as wide as the column) between blank lines,
    after a finished story, on a page whose blank lines also fall mid-sentence: the story's head."""
    stray = _wrapped("本报讯（记者 李红）" + STORIES[1][1] + STORIES[0][1], 14).split("\n")
    text = "\n".join([STORIES[1][0], *stray[:4], "", *stray[4:9], "", *stray[9:], "", "市民说", "冬季长跑赛今天鸣枪沿江开跑",
                      "", _wrapped(STORIES[2][1], 14)]) + "\n"
    articles = _read(monkeypatch, text)
    assert [(a.kicker, a.title) for a in articles] == [(None, STORIES[1][0]), ("市民说", "冬季长跑赛今天鸣枪沿江开跑")]
