"""Datelines, bylines and credits: the shapes papers print and the names inside them."""
from __future__ import annotations

import pytest

from archive.reading import bylines


@pytest.mark.parametrize("text, authors, paper, own, rest", [
    ("本报讯（特约记者 巴迎桂）近日，记者从", ["巴迎桂"], None, True, "近日，记者从"),
    ("青海日报讯（记者 王菲菲）11月25日", ["王菲菲"], "青海日报", False, "11月25日"),
    ("本报讯（记者 金华山 通讯员 巴婧）", ["金华山", "巴婧"], None, True, ""),
    ("新华社西宁12月3日电（记者 李四）今天", ["李四"], None, False, "今天"),
    ("本報訊（記者 陳大文）本週六", ["陳大文"], None, True, "本週六"),
    ("（记者 何东）12月5日", ["何东"], None, False, "12月5日"),
    ("本报记者 张楚研", ["张楚研"], None, False, ""),
    ("□ 记者 汤红红", ["汤红红"], None, False, ""),
    ("本报记者 林晓雨 报道", ["林晓雨"], None, False, ""),
    ("本报记者 张楚研 文/图", ["张楚研"], None, False, ""),
    # OCR spaces: inside the role word, and between the characters of a name
    ("本报讯（记者  李 长 云）当地时间", ["李长云"], None, True, "当地时间"),
    ("（记 者   袁泉 鲜敢）记者从", ["袁泉", "鲜敢"], None, False, "记者从"),
    ("□ 记 者 汤红红", ["汤红红"], None, False, ""),
    ("本报记者 林 晓 雨 报道", ["林晓雨"], None, False, ""),
    # OCR engines read round brackets as angle brackets (tesseract: 〈 for （)
    ("本报万象2月21日电〈记者孙广勇)2月21日，", ["孙广勇"], None, True, "2月21日，"),
    ("〈记者 何东〉12月5日", ["何东"], None, False, "12月5日"),
    # a dated 讯, and a day OCR spaced out
    ("本报1月 2 日讯（记者 龚仕建）近日", ["龚仕建"], None, True, "近日"),
    ("本报南京2月 27 日电（记者姚雪青）近日", ["姚雪青"], None, True, "近日"),
])
def test_opening_datelines(text, authors, paper, own, rest):
    byline, after = bylines.parse_dateline(text)
    assert byline.authors == authors
    assert byline.paper == paper
    assert byline.own_paper is own
    assert after == rest


@pytest.mark.parametrize("text", ["记者从海东市医疗保障局获悉", "近日，本报记者来到现场", "新华社是国家通讯社。",
                                  "记者今日从人 民 银 行广州分行", "本报记者近日走访电视台",
                                  "旅途舒心本报讯"])   # a headline wrapped onto a dateline: no paper 旅途舒心本报   # spaced characters only count in a bracket
def test_body_text_is_no_dateline(text):
    assert bylines.parse_dateline(text) is None


@pytest.mark.parametrize("text, before, authors", [
    ("和谐面的“金字招牌”。 （特约记者 海报）", "和谐面的“金字招牌”。", ["海报"]),
    ("（特约记者 陈贇业 马振东 通讯员 格组）", "", ["陈贇业", "马振东", "格组"]),
    ("开展大服务。 （通讯员 吴丹妮、朱紫瑜）", "开展大服务。", ["吴丹妮", "朱紫瑜"]),
    ("药品供应。（通讯员 范 昊 天 鲜敢）", "药品供应。", ["范昊天", "鲜敢"]),
    ("市民反應熱烈。（王小明）", "市民反應熱烈。", ["王小明"]),          # Hong Kong: the name alone, bracketed
    ("這是最後一句。（文：李大文）", "這是最後一句。", ["李大文"]),
    ("這是最後一句。（作者：李大文）", "這是最後一句。", ["李大文"]),
])
def test_closing_bylines(text, before, authors):
    rest, byline = bylines.parse_closing(text)
    assert rest.strip() == before
    assert byline.authors == authors


@pytest.mark.parametrize("text", ["参保人数（动态）为16.72万人", "特困人员（含孤儿）", "（上接一版）",
                                  "故事还没讲完。（待续）", "收入增长。（全文完）", "今年的工作。（资料图）"])
def test_brackets_without_a_role_are_not_bylines(text):
    assert bylines.parse_closing(text) is None


@pytest.mark.parametrize("text, authors", [
    ("城市对外形象不断提升。 记者 马俊杰 摄", ["马俊杰"]),
    ("新华社记者 张龙 摄", ["张龙"]),
    ("返回原栖息地。 王小明 摄", ["王小明"]),
    ("新华社记者 张 伟 摄", ["张伟"]),
    ("王小明攝", ["王小明"]),                       # Hong Kong: glued, on a line of its own
    ("市民在街頭排隊。（李大文攝）", ["李大文"]),      # or bracketed after the caption
    ("本报记者 王小明 摄影报道（城市影像）", ["王小明"]),   # a photo story's credit, its column named after it
])
def test_photo_credits(text, authors):
    assert bylines.parse_credit(text)[1].authors == authors


@pytest.mark.parametrize("text", ["他拿起相机认真拍摄", "現場拍攝", "影展、“城市記憶”全國攝"])
def test_a_verb_ending_in_she_or_a_word_wrapped_before_ying_is_no_credit(text):
    assert bylines.parse_credit(text) is None


def test_names_drop_roles_and_repeats():
    assert bylines.names("记者 金华山 通讯员 巴婧 记者 金华山") == ["金华山", "巴婧"]
    assert bylines.names("记者王菲菲") == ["王菲菲"]


@pytest.mark.parametrize("token, parts", [
    ("王迪王丹", ["王迪", "王丹"]),
    ("丁怡婷程远州", ["丁怡婷", "程远州"]),
    ("劉詩瑤黃建斌", ["劉詩瑤", "黃建斌"]),      # traditional surnames come from the same list
    ("欧阳明月", ["欧阳明月"]),                  # a compound surname is one name
    ("才让多杰", ["才让多杰"]),                  # a Tibetan name has no surname split
    ("额尔敦巴雅尔", ["额尔敦巴雅尔"]),          # nor a Mongolian one
    ("巴迎桂", ["巴迎桂"]),
])
def test_names_printed_without_a_space_are_split_at_surnames(token, parts):
    assert bylines.unglue(token) == parts


def test_a_bracketed_dateline_with_glued_names_is_read():
    byline, rest = bylines.parse_dateline("（记者丁怡婷程远州）应急管理部近日作出部署")
    assert byline.authors == ["丁怡婷", "程远州"] and rest.startswith("应急管理部")


def test_a_wire_dateline_quoted_with_ju_is_a_dateline():
    byline, rest = bylines.parse_dateline("据新华社北京1月9日电（记者 张莹）中国科学院软件研究所")
    assert byline.authors == ["张莹"] and rest == "中国科学院软件研究所"
    assert bylines.parse_dateline("据了解，新华社电") is None


@pytest.mark.parametrize("line, authors", [
    ("文／楊文俊", ["楊文俊"]), ("撰文：岑家雄", ["岑家雄"]), ("眾新聞記者 仰止", ["仰止"]),
    ("【記者勞東來】", ["勞東來"]), ("人民日报记者 李红", ["李红"]), ("記者：王小明", ["王小明"]),
    ("记者：王小明、李红", ["王小明", "李红"])])
def test_hong_kong_and_taiwan_byline_lines(line, authors):
    opened = bylines.parse_dateline(line)
    assert opened is not None and opened[0].authors == authors and not opened[1]


@pytest.mark.parametrize("line", ["【记者手记】", "（记者观察）走进公园，记者看到不少老人。", "记者：您怎么看这次调整？"])
def test_a_columns_label_is_no_byline(line):
    assert bylines.parse_dateline(line) is None


def test_a_body_line_naming_a_date_and_weekday_is_no_page_header():
    assert bylines.is_furniture("眾新聞　2020年3月6日　星期四")
    assert not bylines.is_furniture("看新闻2020年3月6日星期五将推出专题报道")


@pytest.mark.parametrize("text", ["▲上接第1版伟大实践", "上接第2版1月9日，记者", "（上接一版）"])
def test_continued_from_marks_bracketed_or_not(text):
    assert bylines.CONTINUED_FROM.match(text)


@pytest.mark.parametrize("text, marked", [("►下转第6版", True), ("下转第六版", True), ("的决定。 转第3版", True),
                                          ("（下转第三版）", True), ("工作正常运转第3版", False)])
def test_continued_to_marks_bracketed_or_standing_apart(text, marked):
    assert bool(bylines.CONTINUED_TO.search(text)) is marked


@pytest.mark.parametrize("text", ["■简讯■", "【短讯】", "经济短訊", "2019年10月18日　星期五　区域　第十一版",
                                  "人民日报", "第2版 地方新闻", "第三版：综合", "民生 人民日报 03 2020年1月7日",
                                  "眾新聞　第A19版　2020年2月11日　星期日", "2020年5月22日星期五01体育人民日报",
                                  "眾新聞2019年10月23日星期三A5港聞", "版式设计：王小明", "制图：李红",
                                  "RENMIN RIBAO", "3 要闻", "要闻  2", "12 民生"])
def test_briefs_labels_and_page_headers_with_chinese_page_numbers_are_furniture(text):
    assert bylines.is_furniture(text)


def test_a_title_set_in_tortoise_shell_brackets_loses_them():
    assert bylines.unbulleted("●〔全面摸底排查 掌握人员信息〕") == "全面摸底排查 掌握人员信息"


@pytest.mark.parametrize("text", ["春节喜报", "第3版的文章说明了问题", "青海日报讯（记者 王菲菲）", "2020年5月22日星期五10时许",
                                  "再见苹果日报", "致敬人民日报", "警惕假新闻"])
def test_headlines_and_datelines_naming_a_paper_or_page_are_not_furniture(text):
    assert not bylines.is_furniture(text)


@pytest.mark.parametrize("text, before, authors", [
    ("羅家聰（作者為自由撰稿人）", "", ["羅家聰"]),
    ("或有收水線索。羅家聰（作者為自由撰稿人）", "或有收水線索。", ["羅家聰"]),
])
def test_a_columnists_name_and_note_closes_the_piece(text, before, authors):
    rest, byline = bylines.parse_closing(text)
    assert (rest, byline.authors) == (before, authors)


def test_a_note_on_the_author_without_a_name_signs_nothing():
    assert bylines.parse_closing("這是作者的觀點（作者為本報記者）") is None


def test_a_continuation_mark_without_brackets_needs_a_bullet_or_a_page_number():
    assert not bylines.CONTINUED_FROM.match("承上一版刊登的张先生来信，本期继续刊登")


@pytest.mark.parametrize("text, news", [("本报热线电话96111反映。", False), ("本报共收到读者来电3000余个", False),
                                        ("本报讯（记者 李华）今天", True), ("新华社北京1月3日电 今天", True),
                                        ("【香港文匯報訊】香港教育專業人員協會", True)])
def test_only_a_news_source_s_own_dateline_opens_news_mid_line(text, news):
    assert bylines.opens_news(text) is news


@pytest.mark.parametrize("text, authors", [("王小明報道", ["王小明"]), ("台灣特派員 李大文", ["李大文"]),
                                           ("本报特派记者 张红", ["张红"])])
def test_byline_lines_without_the_usual_role(text, authors):
    assert bylines.is_byline(text) and bylines.parse_dateline(text)[0].authors == authors


@pytest.mark.parametrize("text", ["两会特别报道", "独家报道", "新华社报道"])
def test_a_report_label_is_no_byline(text):
    assert not bylines.is_byline(text)


@pytest.mark.parametrize("text", ["5 大亮点", "2 个月后", "NBA", "GDP 增长"])
def test_counts_and_latin_words_are_no_page_furniture(text):
    assert not bylines.is_furniture(text)
