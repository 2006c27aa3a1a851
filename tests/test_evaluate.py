"""The evaluation engine: figures that can fail, on the seeds and on a small invented gold file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.evaluate import evaluate, format_report

ROOT = Path(__file__).resolve().parents[1]
GOLD_FILE = ROOT.parent / "shared" / "gold" / "seeds.json"
FIXTURES = Path(__file__).parent / "fixtures" / "segment"

TOPICS = {"topic_labels": {"15000000": "体育", "10000000": "生活与休闲"},
          "topic_aliases": {"sport": "15000000", "medtop:15000000": "15000000"}}


def _gold(**page) -> dict:
    return {**TOPICS, "pages": [page]}


def test_seed_boundaries_titles_authors_and_kinds_reach_the_targets():
    if not GOLD_FILE.exists():
        pytest.skip(f"gold file {GOLD_FILE} not present")
    report = evaluate(json.loads(GOLD_FILE.read_text("utf-8")), ROOT / "seeds")
    m = report.metrics()
    assert m["gold"] == 26 and m["matched"] == 26 and m["f1"] >= 0.95
    assert m["title"]["correct"] >= 20 and m["title"]["total"] == 21
    assert m["authors"]["accuracy"] >= 0.9
    assert m["kind"]["accuracy"] == 1.0


def test_found_items_and_failed_checks_are_reported():
    gold = _gold(seed="xinhua_and_reporter.txt", articles=[
        {"kind": "article", "title": "图书馆周末开放时间延长", "authors": ["林晓雨"],
         "starts_with": "入冬以来，市图书馆", "ends_with": "随时借书还书。", "topics": ["生活与休闲"]},
        {"kind": "photo", "title": "别的标题", "authors": ["何东"],
         "starts_with": "12月5日，市体育中心", "ends_with": "七十多岁。", "topics": ["sport"]},
        {"kind": "article", "title": None, "authors": [], "starts_with": "这段文字不在页面上", "ends_with": "。"},
    ])
    report = evaluate(gold, FIXTURES)
    m = report.metrics()
    assert (m["gold"], m["extracted"], m["matched"]) == (3, 3, 2)
    assert m["precision"] == pytest.approx(2 / 3, abs=1e-3) and m["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert m["title"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert m["kind"]["correct"] == 1 and m["authors"]["correct"] == 2
    failed = {f["index"]: f["failed"] for f in report.failures()}
    assert failed[1][:2] == ["title", "kind"]  # topic depends on the classifier
    assert failed[2][0] == "boundary"


def test_report_text_and_json():
    gold = _gold(seed="traditional.txt", articles=[
        {"kind": "article", "title": "社區中心舉辦長者健康講座", "authors": ["陳大文"],
         "starts_with": "本週六上午", "ends_with": "飲食注意事項。"}])
    report = evaluate(gold, FIXTURES)
    text = format_report(report)
    assert "traditional.txt: boundaries P=0.50 R=1.00" in text and "OVERALL" in text
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["overall"]["matched"] == 1 and data["pages"][0]["items"][0]["found"] is True


def test_a_missing_page_is_an_error_not_a_crash(tmp_path):
    report = evaluate(_gold(seed="absent.txt", articles=[
        {"kind": "article", "authors": [], "starts_with": "甲", "ends_with": "乙"}]), tmp_path)
    assert report.pages[0].error and report.metrics()["recall"] == 0.0
    assert "ERROR" in format_report(report)


def test_an_item_labelled_as_about_no_place_checks_that_none_is_given():
    gold = _gold(seed="xinhua_and_reporter.txt", articles=[
        {"kind": "article", "title": "图书馆周末开放时间延长", "authors": ["林晓雨"],
         "starts_with": "入冬以来，市图书馆", "ends_with": "随时借书还书。", "region": []},
    ])
    item = evaluate(gold, FIXTURES).pages[0].items[0]
    assert "no_region" in item.checks and "province" not in item.checks
