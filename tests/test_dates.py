"""Dates keep their precision; relative words resolve only against an exact publication date."""
import pytest

from archive.reading.dates import date_from_filename, dates_mentioned, parse_date


@pytest.mark.parametrize("text,expected", [
    ("2023-12-05", ("2023-12-05", "day")), ("2023年12月5日", ("2023-12-05", "day")),
    ("2023/12", ("2023-12", "month")), ("2023", ("2023", "year")), ("20231205", ("2023-12-05", "day")),
    ("2023-02-11 00:00:00:0", ("2023-02-11", "day")), ("２０２３年１２月５日", ("2023-12-05", "day")),
    ("2023-13-01", None), ("", None), ("unknown", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_date_from_filename():
    assert date_from_filename("2023-12-05_海东时报_03") == ("2023-12-05", "day")
    assert date_from_filename("20191001-04-02") == ("2019-10-01", "day")
    assert date_from_filename("000_28d057f4e3b07edd") is None


def test_mentioned_without_publication_date_keeps_year_unknown():
    text = "12月1日上午，某镇举行仪式。截至9月底，全市参保。6月22日，比赛开赛。2019年，全省启动改革。"
    assert dates_mentioned(text, None) == ["12-01", "06-22", "2019"]


def test_mentioned_with_publication_date():
    text = "昨天上午，记者获悉；12月1日召开会议；去年同期；上月以来；５月２０日至２２日；十二月三日"
    assert dates_mentioned(text, "2023-12-05") == [
        "2023-12-01", "2023-05-20", "2023-05-22", "2023-12-03", "2023-12-04", "2022", "2023-11"]


def test_relative_words_need_an_exact_publication_date():
    assert dates_mentioned("昨天，今年以来", None) == []
    assert dates_mentioned("昨天，今年以来", "2023") == ["2023"]
