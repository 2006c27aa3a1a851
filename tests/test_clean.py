"""OCR clean-up: spaces, doubled headlines, paragraphs, width conventions."""
from __future__ import annotations

import pytest

from archive.reading import clean
from archive.reading.clean import clean_text, fix_spaces, undouble


@pytest.mark.parametrize("raw, want", [
    ("次 ，产 生 费 用", "次，产生费用"),
    ("12 月 1 日上午", "12月1日上午"),
    ("异地发生医药费用 2.922 亿元", "异地发生医药费用2.922亿元"),
    ("7533.98 元 降 低 到 6126.95 元 ，相 比", "7533.98元降低到6126.95元，相比"),
    ("上涨原因为 CMI 值上升", "上涨原因为CMI值上升"),
    ("the World Bank  said", "the World Bank said"),
    # numbers OCR broke with spaces inside Chinese text are read whole; Latin context keeps its spaces
    ("总理李克强 1 0 月18日下午", "总理李克强10月18日下午"),
    ("新华社西宁1 2月3日电", "新华社西宁12月3日电"),
    ("结算 量 2 .45万亿元，占收支的45 . 4 %。", "结算量2.45万亿元，占收支的45.4%。"),
    ("Windows 10 2004 版本", "Windows 10 2004版本"),
    ("GB 18030 standard", "GB 18030 standard"),
])
def test_stray_spaces(raw, want):
    assert fix_spaces(raw) == want


def test_spaces_between_names_in_a_byline_are_kept():
    assert fix_spaces("本报讯（记者 金华山 通讯员 巴婧）12 月 1 日") == "本报讯（记者 金华山 通讯员 巴婧）12月1日"


@pytest.mark.parametrize("raw, want", [
    ("集中攻坚打击传统盗抢骗集中攻坚打击传统盗抢骗", "集中攻坚打击传统盗抢骗"),
    ("住新房住新房啦啦！！", "住新房啦！"),
    ("海东市基本医疗保险参保人数达海东市基本医疗保险参保人数达140140..55万人万人",
     "海东市基本医疗保险参保人数达140.5万人"),
    ("红崖村自红崖村自然灾害搬迁户安置分房然灾害搬迁户安置分房", "红崖村自然灾害搬迁户安置分房"),
    ("春节春节返乡返乡高峰高峰", "春节返乡高峰"),
    ("大国大国有担当有担当 世界世界更美好更美好", "大国有担当 世界更美好"),       # each part doubled on its own
    ("——瞩目新瞩目新时代的时代的中国与中国与世界世界", "——瞩目新时代的中国与世界"),   # a subtitle's dash stays whole
])
def test_doubled_headlines_collapse(raw, want):
    assert undouble(raw) == want


@pytest.mark.parametrize("word", ["陆陆续续", "工工整整", "密密麻麻", "高高兴兴地回家", "新华社记者张龙摄"])
def test_real_words_are_not_undoubled(word):
    assert undouble(word) == word


def test_reduplicated_words_in_a_body_survive_cleaning():
    text = "7月底开始，“党群积分超市”陆\n陆续续迎来兑换物品的社区居民。上面密密麻麻、工工整整地记录了。\n"
    assert "陆陆续续" in clean_text(text)
    assert "密密麻麻、工工整整" in clean_text(text)


def test_hard_wraps_join_without_spaces_and_blank_lines_split_paragraphs():
    text = "近年来，海东市针对拉面人常\n年在外务工的问题，探索建立调解机制。\n\n海东市聚焦跨域矛盾纠纷调处\n面临的问题，加快平台建设。\n"
    assert clean_text(text) == ("近年来，海东市针对拉面人常年在外务工的问题，探索建立调解机制。\n"
                                "海东市聚焦跨域矛盾纠纷调处面临的问题，加快平台建设。")


def test_blank_line_after_an_unfinished_line_is_a_column_break():
    text = ("第一段的文字写到这里还没有写完这句话\n继续写到这一行也还没有结束这个句子\n\n"
            "所以空行之后仍然是同一段的文字。\n")
    assert clean_text(text).count("\n") == 0


def test_page_with_a_blank_line_after_every_line_is_joined():
    lines = ["青海日报讯（记者 王某某）11 月", "25 日，记者从新闻发布会获悉，今年以", "来全省医保系统推进实施一系列重要",
             "改革，工作成效突出。", "在居民医保率先实现省级统筹的", "基础上，稳步推进职工医保省级统筹。"]
    paras = clean_text("\n\n".join(lines) + "\n").split("\n")
    assert paras == ["青海日报讯（记者 王某某）11月25日，记者从新闻发布会获悉，今年以来全省医保系统推进实施一系列重要改革，工作成效突出。",
                     "在居民医保率先实现省级统筹的基础上，稳步推进职工医保省级统筹。"]


def test_latin_words_keep_a_space_across_a_wrap():
    assert clean.join_lines(["the new", "policy"]) == "the new policy"
    assert clean.join_lines(["申报项目 5", "项"]) == "申报项目 5项"
    assert fix_spaces(clean.join_lines(["申报项目 5", "项"])) == "申报项目5项"


def test_full_width_digits_and_latin_become_half_width_but_punctuation_stays():
    assert clean.normalize("２０２４年ＡＢＣ，。“”") == "2024年ABC，。“”"


def test_headline_lines_are_flagged_and_read_once():
    text = ("本报讯（记者 张三）今天上午，市里召开了全市安全生产工作会议，部署冬季安全生产\n"
            "工作，要求各部门切实落实安全生产责任。\n\n住新房住新房啦啦！！\n红崖村自红崖村自然灾害搬迁户安置分房然灾害搬迁户安置分房\n")
    heads = [p for p in clean.paragraphs(text) if p.head]
    assert [p.lines for p in heads] == [["住新房啦！", "红崖村自然灾害搬迁户安置分房"]]


def test_markdown_heading_marks_are_removed():
    text = "### 保障民生\n\n# 健康保障启新篇\n\n### -多举措深化医保改革\n\n本报记者 张某\n\n正文第一段。\n"
    paras = clean.paragraphs(text)
    assert [(p.text, p.level, p.dash) for p in paras[:3]] == [
        ("保障民生", 3, False), ("健康保障启新篇", 1, False), ("多举措深化医保改革", 3, True)]


def test_control_characters_are_dropped():
    assert clean_text("正文\x00第一\x1b段。") == "正文第一段。"


def test_a_byline_bracket_broken_over_a_blank_line_stays_one_paragraph():
    """No paragraph ends inside a bracket, and a line closing one is no headline."""
    body = "\n\n".join(["为做好疫情期间的药品保障，", "全市动员连锁药店紧急采购，", "畅通物资渠道保障药品供应。（通讯员",
                        "  范 昊 天 鲜敢）", "海水淡化工程建成投产", "药品供应渠道畅通"]) + "\n"
    paras = clean.paragraphs(body)
    assert [p.head for p in paras] == [False, True, True]
    assert paras[0].text.endswith("鲜敢）")


def _side_by_side(left: list[str], right: list[str], gutter: int = 40) -> list[str]:
    """Two columns printed on the same rows, the right one starting at display column `gutter`."""
    rows = []
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else ""
        b = right[k] if k < len(right) else ""
        rows.append((a + " " * (gutter - clean.width(a)) + b).rstrip() if b else a)
    return rows


def test_rows_read_across_one_gutter_are_read_column_by_column_and_block_by_block():
    """The right column starts at one display column on every row, whatever the gap (two spaces
    after a full line): each block of rows reads left column, then right, then the next block."""
    left = ["城东新建的三座口袋公园今天起向", "市民开放，园内种植了银杏和海棠，", "还设置了儿童游乐区和健身步道。",
            "附近居民说，以前这里是一片荒地，", "现在下楼就能散步。"]
    right = ["全市冬季长跑比赛在体育中心鸣枪", "开跑，三百多名选手参加了比赛，", "男子组冠军由一名大学生获得。",
             "赛道沿江而设，沿途不少市民为选", "手加油，不少人举着“加油”的牌子", "为选手鼓劲。"]
    below = ["截至上周，全市已有六百多万人次", "使用电子社保卡线上办事，查询、", "挂失和缴费都能在手机上完成。"]
    beside = ["据介绍，线上服务还将接入医保结", "算和养老金资格认证，年底前全部", "上线，方便老人和外地务工人员。"]
    rows = _side_by_side(["口袋公园开放", *left], ["冬季长跑赛鸣枪", *right], gutter=34) + [""] \
        + _side_by_side(["电子社保卡", *below], ["线上服务", *beside], gutter=34)
    assert any("  " in r and "   " not in r for r in rows)         # a full left line leaves two spaces
    cleaned = clean_text("\n".join(rows) + "\n")
    for story in ("".join(left), "".join(right), "".join(below), "".join(beside)):
        assert story in cleaned.replace("\n", "")
    order = [cleaned.index(t) for t in ("口袋公园开放", "冬季长跑赛鸣枪", "电子社保卡", "线上服务")]
    assert order == sorted(order)


def test_lines_read_across_a_gutter_are_read_column_by_column():
    text = ("“临时增加这个节目，体现了春晚的     立扶贫之本 谋土瑶之福\n"
            "社会担当。”“节目让直面疫       深居于大桂山山脉的瑶族群\n"
            "情的人们多了一份安心。”    众，主要聚居于广西壮族自治\n"
            "区贺州市平桂区。\n")
    cleaned = clean_text(text).replace("\n", "")
    assert "体现了春晚的社会担当。”“节目让直面疫情的人们多了一份安心。”" in cleaned
    assert "深居于大桂山山脉的瑶族群众，主要聚居于广西壮族自治区贺州市平桂区。" in cleaned


def test_two_columns_read_line_by_line_are_put_back_one_after_the_other():
    """OCR read two columns row by row, a line of each in turn: the words broken at line ends run on
    two lines down, not into the next, so the run is read column by column; the lines after it go
    on with the column they continue."""
    one = ("城东新建的三座口袋公园今天起向市民开放，园内种植了银杏和海棠，还设置了儿童游乐区和健身步道。"
           "附近居民说，以前这里是一片荒地，现在下楼就能散步，周末还有不少家长带孩子来玩。")
    other = ("全市冬季长跑比赛在体育中心鸣枪开跑，三百多名选手参加了比赛，男子组冠军由一名大学生获得。"
             "赛道沿江而设，沿途不少市民为选手加油，组委会还为老年选手设置了短距离组别。")
    a, b = [one[k:k + 8] for k in range(0, len(one), 8)], [other[k:k + 8] for k in range(0, len(other), 8)]
    rows = [x for pair in zip(a[:-2], b[:-2]) for x in pair] + a[-2:] + [""] + b[-2:]
    cleaned = clean_text("\n".join(rows) + "\n").replace("\n", "")
    assert one in cleaned and other in cleaned
