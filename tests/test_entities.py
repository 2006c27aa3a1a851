"""Entities: people, organisations and places, ranked by mentions."""
from archive.describing.entities import extract_entities

TEXT = ("近日，记者从海东市医疗保障局获悉，全市参保人数稳步增长。“现在特别方便。”环卫工人张秀英说。"
        "市人民医院负责人李国强介绍，医院已接入医保信息平台。张秀英每天五点开始扫街。青海省海东市互助县的做法值得推广。")


def test_people_orgs_and_places():
    found = extract_entities(TEXT)
    assert found["person"][:2] == ["张秀英", "李国强"]
    assert "海东市医疗保障局" in found["org"] and "市人民医院" in found["org"]
    assert {"青海省", "海东市", "互助土族自治县"} <= set(found["place"])


def test_no_false_people_from_common_words():
    found = extract_entities("工作人员表示，大家都很满意。群众说，这个政策好。")
    assert found["person"] == []


def test_common_words_are_not_people_and_one_place_is_one_value():
    found = extract_entities("北京市今天召开会议。北京的气温下降。安全说明了一切。周六说过。记者王芳说，局长张建国表示。")
    assert found["person"] == ["王芳", "张建国"]
    assert found["place"] == ["北京市"]


def test_traditional_text_posts_pronouns_and_generic_names_are_not_entities():
    found = extract_entities("保安局局長鄧炳強表示，有人認為政府應檢討。多間上市公司和有限公司受影響。"
                             "何先生說，向記者說明情況。和學生說，林太又說。孫中山先生的銅像運往北海道。")
    assert found["person"] == ["鄧炳強"]
    assert not any(name.endswith("局局") or name.startswith("認為") for name in found["org"])
    assert "有限公司" not in found["org"] and "上市公司" not in found["org"]
    assert found["place"] == []                      # 中山 in 孫中山, 北海 in 北海道 are not places


def test_an_organisation_ending_the_text_is_kept():
    assert extract_entities("这一项目由杭州市交通运输局")["org"] == ["杭州市交通运输局"]


def test_a_hong_kong_neighbourhood_is_not_a_mainland_city_in_the_place_facet():
    found = extract_entities("天水圍一幢公屋昨晚發生火警。天水圍居民說，消防很快到場。")
    assert "天水市" not in found["place"]


def test_a_surname_and_title_is_no_name_and_a_directional_district_names_no_place():
    found = extract_entities("陳太表示不滿。陳官說案件押後至下月。記者張建國說，中區警署外有人示威，西區也有。")
    assert found["person"] == ["張建國"]
    assert found["place"] == []                      # 中區, 西區: districts of many cities, none named


def test_an_organisation_name_may_hold_ben():
    orgs = extract_entities("香港基本法委員會今日開會。本市人民政府昨日召开常务会议。")["org"]
    assert orgs == ["香港基本法委員會", "市人民政府"]   # 本 (this) still stops 本市…, not 基本法


def test_a_committee_known_by_its_short_form_keeps_its_last_character():
    assert extract_entities("台灣陸委會今日發表聲明。")["org"] == ["台灣陸委會"]   # not 台灣陸委, cut as if 委 ended it
