"""Gold pages built from real 人民日报 text (bench/pagegen.py): the generator is sound, and pages it
has never shown the splitter are read to issue 3's bars (boundary F1 >= 0.90).

Seeds 7, 11, 23 (and later 41, 53, 131, 173) were looked at while rules were written; 307, 401
and 503 were first measured after the last change (docs/gold-pages.md has the figures of each).
The floors sit just under today's level on every set, so a rule that helps one set by breaking
another fails here.
"""
import json
import re

import pytest

from archive.evaluate import evaluate
from bench.pagegen import build_pages

BARS = {"f1": 0.94, "title": 0.92, "authors": 0.92}


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
    def squash(s: str) -> str:
        return re.sub(r"\s+", "", s).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for page in gold["pages"]:
        text = squash((out / page["seed"]).read_text("utf-8"))
        for item in page["articles"]:
            assert squash(item["starts_with"]) in text and squash(item["ends_with"]) in text
    kinds = {item["kind"] for page in gold["pages"] for item in page["articles"]}
    assert kinds == {"article", "photo", "continuation"}


@pytest.mark.parametrize("seed", [7, 11, 23, 307, 401, 503])
def test_generated_pages_are_read_to_the_bar(corpus_dir, tmp_path, seed):
    gold = json.loads(build_pages(corpus_dir, tmp_path, seed=seed).read_text("utf-8"))
    overall = evaluate(gold, tmp_path).metrics()
    assert overall["f1"] >= BARS["f1"]
    assert overall["title"]["accuracy"] >= BARS["title"]
    assert overall["authors"]["accuracy"] >= BARS["authors"]


# Region and topic hand labels (bench/gold_labels.tsv) cover the default seed's articles.  These
# floors hold today's level (topics 0.96; provinces 0.92, prefectures 0.94, national news 0.92;
# prefectures on seeds 11 and 23: 1.00 and 0.89).
LABEL_FLOORS = {"province": 0.90, "prefecture": 0.90, "no_region": 0.88, "topic": 0.93}


def test_hand_labelled_regions_and_topics_hold_their_level(pages):
    out, gold = pages
    items = [i for p in gold["pages"] for i in p["articles"]]
    assert all("topics" in i for i in items) and sum("region" in i for i in items) >= 100
    overall = evaluate(gold, out).metrics()
    for check, floor in LABEL_FLOORS.items():
        assert overall[check]["total"] >= 15 and overall[check]["accuracy"] >= floor, check


def test_the_shipped_topic_method_measures_best_on_held_out_articles(corpus_dir):
    from bench.topics_eval import run
    accuracy = run(corpus_dir)["accuracy"]
    shipped = accuracy.pop("lexicon (shipped)")["heldout"]
    assert shipped >= 0.85
    assert all(shipped >= other["heldout"] for other in accuracy.values())


# The fourth labelled set (final2: the articles seed 307 adds) was labelled blind after this round's
# rules were fixed and measured once: provinces 0.91, prefectures 0.92, national news 0.77, topics 0.89.
FINAL2_FLOORS = {"province": 0.88, "prefecture": 0.85, "no_region": 0.75, "topic": 0.85}


def test_the_blind_labelled_set_holds_its_level(corpus_dir, tmp_path):
    gold = json.loads(build_pages(corpus_dir, tmp_path, seed=307).read_text("utf-8"))
    overall = evaluate(gold, tmp_path).metrics()
    for check, floor in FINAL2_FLOORS.items():
        assert overall[check]["total"] >= 10 and overall[check]["accuracy"] >= floor, check
