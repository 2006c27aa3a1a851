"""Gold pages built from real 人民日报 text (bench/pagegen.py): the generator is sound, and the reading
of pages never falls below where it stands today.

Issue 3 asks boundary F1 >= 0.90 on such pages; today's figure is 0.77 (see docs/gold-pages.md),
so this test holds the line at what is reached and the issue stays open until the splitter gets there.
"""
import json
import re

import pytest

from archive.evaluate import evaluate
from bench.pagegen import build_pages

FLOOR = {"f1": 0.74, "title": 0.65, "authors": 0.75}


@pytest.fixture(scope="module")
def pages(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("gold-pages")
    gold = json.loads(build_pages(corpus_dir, out).read_text("utf-8"))
    return out, gold


def test_generator_is_deterministic_and_its_gold_is_on_the_page(pages, corpus_dir, tmp_path):
    out, gold = pages
    again = json.loads(build_pages(corpus_dir, tmp_path).read_text("utf-8"))
    assert again["pages"] == gold["pages"]
    assert len(gold["pages"]) >= 20
    squash = lambda s: re.sub(r"\s+", "", s).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for page in gold["pages"]:
        text = squash((out / page["seed"]).read_text("utf-8"))
        for item in page["articles"]:
            assert squash(item["starts_with"]) in text and squash(item["ends_with"]) in text
    kinds = {item["kind"] for page in gold["pages"] for item in page["articles"]}
    assert kinds == {"article", "photo", "continuation"}


def test_reading_generated_pages_holds_its_level(pages):
    out, gold = pages
    overall = evaluate(gold, out).metrics()
    assert overall["f1"] >= FLOOR["f1"]
    assert overall["title"]["accuracy"] >= FLOOR["title"]
    assert overall["authors"]["accuracy"] >= FLOOR["authors"]
