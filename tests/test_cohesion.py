"""Lexical cohesion tells one story from two (archive/reading/cohesion.py)."""
from archive.reading import cohesion

FLOOD = ("今年入汛以来，长江流域降雨偏多，多条支流水位超过警戒线。防汛部门加密巡查堤防，"
         "转移低洼地区群众，水库提前腾出防洪库容。")
FLOOD_MORE = ("连日来，沿江各地组织抢险队伍日夜巡堤，加固险工险段，防汛物资提前运抵堤防一线，"
              "确保长江干堤安全度汛。")
CHESS = ("全国象棋锦标赛昨天在杭州闭幕，特级大师在最后一轮执黑逼和对手，以一分优势夺得男子个人冠军，"
         "女子组冠军由一名年轻棋手获得。")


def test_paragraphs_of_one_story_cohere_and_two_stories_do_not():
    same = cohesion.similarity(FLOOD, FLOOD_MORE)
    different = cohesion.similarity(FLOOD, CHESS)
    assert same > cohesion.BOUNDARY > different


def test_across_reads_only_the_text_next_to_the_break():
    assert cohesion.across([CHESS, FLOOD], [FLOOD_MORE]) > cohesion.across([FLOOD, CHESS], [FLOOD_MORE])


def test_empty_text_has_no_cohesion():
    assert cohesion.similarity("", FLOOD) == 0.0


def test_traditional_text_is_read_in_simplified_words():
    """jieba's dictionary is simplified: unfolded, traditional text splits into characters that all look alike."""
    from opencc import OpenCC
    t = OpenCC("s2t").convert
    assert abs(cohesion.similarity(t(FLOOD), t(CHESS)) - cohesion.similarity(FLOOD, CHESS)) < 0.02
    assert abs(cohesion.similarity(t(FLOOD), t(FLOOD_MORE)) - cohesion.similarity(FLOOD, FLOOD_MORE)) < 0.02
