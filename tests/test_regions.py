"""The gazetteer and region resolution: every county of 青海 and 内蒙古, short forms, context, ambiguity."""
import pytest

from archive.describing.papers import home_region, paper_from_dateline
from archive.describing.regions import gazetteer, page_context, resolve_region, short_forms

PROVINCES = ("630000", "150000")    # 青海省, 内蒙古自治区


def _counties(province: str):
    gaz = gazetteer()
    return [d for d in gaz.all_divisions() if d.level == 3 and gaz.ancestors(d.code)[0] == province]


@pytest.mark.parametrize("province", PROVINCES)
def test_every_county_and_its_short_forms_resolve(province):
    gaz = gazetteer()
    counties = _counties(province)
    assert len(counties) >= (40 if province == "630000" else 100)
    for county in counties:
        expected = gaz.path(county.code)
        prefecture = gaz.by_code[county.parent].name
        for name in {county.name, *short_forms(county)}:
            # the way a page prints it: after its prefecture, inside a sentence
            text = f"近日，{prefecture}{name}召开会议，部署下一阶段工作。"
            assert resolve_region(text)[0] == expected, (name, expected)


def test_short_forms_are_made_by_rule():
    gaz = gazetteer()
    assert [d.name for d in gaz.lookup("海西州")] == ["海西蒙古族藏族自治州"]
    assert [d.name for d in gaz.lookup("互助县")] == ["互助土族自治县"]
    assert [d.name for d in gaz.lookup("格尔木")] == ["格尔木市"]
    assert [d.name for d in gaz.lookup("海东")] == ["海东市"]
    assert gaz.lookup("互助") == [] and gaz.lookup("平安") == []      # everyday words stay words


def test_places_inside_divisions():
    path, _ = resolve_region("7月8日，在可可西里卓乃湖区域，棕熊准备捕猎藏羚羊。")
    assert path == ["青海省", "玉树藏族自治州", "治多县"]


def test_ambiguous_names_resolve_from_context():
    gaz = gazetteer()
    assert len(gaz.lookup("城关区")) >= 2
    lanzhou = resolve_region("城关区今年新建社区服务站。", context=["甘肃省", "兰州市"])[0]
    assert lanzhou == ["甘肃省", "兰州市", "城关区"]
    lhasa = resolve_region("城关区今年新建社区服务站。", context=["西藏自治区", "拉萨市"])[0]
    assert lhasa == ["西藏自治区", "拉萨市", "城关区"]


def test_local_references_use_the_context():
    text = "今年以来，我市持续推进老旧小区改造，全市完成改造项目39个。"
    assert resolve_region(text, context=["青海省", "海西蒙古族藏族自治州", "格尔木市"])[0][-1] == "格尔木市"
    assert resolve_region(text) == ([], None)                         # unknown stays unknown


def test_enumerations_do_not_outweigh_the_subject():
    text = ("近年来，海东市针对海东籍务工人员矛盾高发问题，探索建立调解机制。海东市在江苏、武汉、广州、深圳等省市设置办事处，"
            "与湖北省武汉市、河北省张家口市、河南省郑州市等城市签订协议。海东创新成立巡回法庭。")
    assert resolve_region(text)[0] == ["青海省", "海东市"]


def test_page_context_votes_by_article():
    texts = ["海勃湾区今年新增公交线路。", "乌达区12路公交车替换为新能源车，乌海市民出行更便捷。",
             "市民刘艳在海南省三亚市买了房，每年冬天去海南省三亚市住半年，去三亚前要办备案。"]
    assert page_context(texts) == ["内蒙古自治区", "乌海市"]


def test_papers_and_home_regions():
    assert paper_from_dateline("青海日报讯（记者 王菲菲）") == "青海日报"
    assert paper_from_dateline("本报讯（记者 李莎莎）") is None
    assert paper_from_dateline("新华社西宁12月3日电（记者 张三）") == "新华社"
    assert home_region("乌海日报")[0] == ["内蒙古自治区", "乌海市"]
    assert home_region("海东时报")[0] == ["青海省", "海东市"]
    assert home_region("人民日报") == ([], None)


def test_national_news_has_no_region_even_with_a_venue():
    text = ("国务院新闻办公室今天在北京举行新闻发布会。生态环境部负责人介绍，今年以来全国地表水水质持续改善，"
            "我国将继续深入打好污染防治攻坚战，各地要压实责任。")
    assert resolve_region(text, context=["青海省", "海东市"]) == ([], None)


def test_the_nation_acting_in_its_capital_is_not_beijing_news_but_the_municipality_is():
    national = ("国家副主席王岐山12日在北京会见泰国公主诗琳通。王岐山说，中泰友好源远流长，诗琳通公主"
                "多次访华，为两国友好作出了贡献。诗琳通表示，愿继续为泰中友好作出努力。")
    assert resolve_region(national) == ([], None)
    local = ("今年春节期间，北京市文化和旅游局主办的新春演出季将在京启幕，北京市剧院运营服务平台联合"
             "全国地方戏演出中心推出百场演出。")
    assert resolve_region(local)[0] == ["北京市"]


def test_a_local_story_that_mentions_the_nation_stays_local():
    text = ("近日，海东市乐都区获评全国文明城区。乐都区将巩固创建成果，海东市各县区也在推进创建工作，"
            "乐都区居民说，街道变干净了。")
    assert resolve_region(text)[0][:2] == ["青海省", "海东市"]


def test_a_page_of_stories_from_everywhere_has_no_context():
    texts = ["长沙市今年消除集体经济薄弱村。", "三亚市内免税店接待顾客增长。", "淮安市帮助农户销售滞销果蔬。",
             "全国秋粮收购进展顺利。"]
    assert page_context(texts) == []


def test_a_city_whose_name_is_also_a_word_needs_its_province_and_to_stand_alone():
    text = "在山西大同，车管窗口推出新举措。今年以来，大同交警支队简化流程。"
    assert resolve_region(text)[0] == ["山西省", "大同市"]
    assert resolve_region("这是对世界大同的美好向往。") == ([], None)          # no province: a word
    assert resolve_region("河北省要求各地确保定期检查，防范风险。")[0] == ["河北省"]   # 确保|定期, not 保定
    assert resolve_region("大同小异的方案，山西省各地都在推进。")[0] == ["山西省"]    # one idiom


def test_a_province_printed_before_its_city_is_part_of_the_address():
    text = "第五届全区运动会将在内蒙古包头市举行，内蒙古自治区体育局通报了筹备情况。内蒙古自治区代表队已报名参赛。"
    assert resolve_region(text)[0] == ["内蒙古自治区", "包头市"]


def test_a_province_and_its_city_listed_together_are_one_place():
    text = ("国务院副总理率中央指导组督导湖北省、武汉市落实集中收治措施，指导组察看了武汉两所方舱医院，"
            "全国支援的医疗队已到位。")
    assert resolve_region(text)[0] == ["湖北省", "武汉市"]


def test_a_disease_named_after_a_place_does_not_place_the_story():
    assert resolve_region("香港一間醫院爆發武漢肺炎群組，衞生署跟進。")[0] == ["香港特别行政区"]
    assert resolve_region("俄罗斯新增武汉肺炎病例，莫斯科宣布封城。")[0] == []
    assert resolve_region("武汉市今天召开新闻发布会，通报疫情防控情况。")[0] == ["湖北省", "武汉市"]


def test_a_story_about_somewhere_abroad_takes_no_home_region():
    column = "德国的庇护法规定，申请人须在入境后提出申请。德国联邦移民局去年处理了数十万宗申请，柏林的法院也在审理上诉。"
    assert resolve_region(column, title="德国如何审理庇护申请", context=["香港特别行政区"]) == ([], None)
    home = "香港立法会今日讨论房屋政策，议员引用德国的做法。香港房屋委员会表示会研究。"
    assert resolve_region(home, context=["香港特别行政区"])[0] == ["香港特别行政区"]
    listed = "成都一带一路产业园区联盟日前在成都成立，波兰、新加坡、泰国、巴基斯坦、意大利的园区加入。"
    assert resolve_region(listed)[0][:2] == ["四川省", "成都市"]


def test_foreign_names_inside_chinese_words_are_not_abroad():
    for text, place in (("本报杭州3月21日电 21日本报讯，杭州市今年新增公园十座，杭州市民可就近游园。", "浙江省"),
                        ("延边朝鲜族自治州今年旅游收入增长，延边朝鲜族自治州各县市接待游客增多。", "吉林省"),
                        ("湖南省沿海地区没有，但湖南省中东部地区今天有大雨，湖南省气象台发布预警。", "湖南省")):
        assert resolve_region(text)[0][:1] == [place], text


def test_a_district_takes_more_than_one_mention_in_passing():
    """Named once late in a story, a district is where one detail happened; named in the opening, it is the story's place."""
    middle = "记者走访了多所幼儿园，家长们普遍表示满意，孩子们也很喜欢新的校园。" * 5
    opening = "泉州市鲤城区今年新建了二十所幼儿园，学前教育资源明显增加。" + middle + "其中一所位于开元寺附近。"
    passing = "今年新建了二十所幼儿园，学前教育资源明显增加。" + middle + "其中一所位于泉州市鲤城区。"
    assert resolve_region(opening)[0] == ["福建省", "泉州市", "鲤城区"]
    assert resolve_region(passing)[0] == ["福建省", "泉州市"]


def test_hong_kong_neighbourhoods_are_hong_kong_not_the_mainland_cities_sharing_their_names():
    """天水围 is not 天水市 (Gansu).  (Text is read folded to simplified script, as describe.py passes
    it.)  Names a mainland place shares (马鞍山, 大埔, 中环, 湾仔) are left out of the list: a story
    naming 安徽马鞍山 or 上海中环 must not move to Hong Kong."""
    assert resolve_region("天水围一幢公屋昨晚发生火警，消防到场救熄。")[0] == ["香港特别行政区"]
    assert resolve_region("安徽马鞍山今年新建五座公园，马鞍山居民散步更加方便。")[0][:1] == ["安徽省"]
    assert resolve_region("上海内环、中环、外环高架今晨车流缓慢，中环沿线多处拥堵。")[0][:1] == ["上海市"]
