"""The learned line labeller: labels from gold, training, the shipped weights, the reader switch."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from archive.model import Page
from archive.reading import linemodel, segment
from archive.reading.align import align
from archive.reading.lines import LABELS, features, page_lines, width

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _labelled(gold: dict) -> list[tuple[list, list[str]]]:
    out = []
    for page in gold["pages"]:
        text = (SEEDS / page["seed"]).read_text("utf-8")
        rows = align(text, page["articles"])
        assert rows is not None, f"{page['seed']}: a line fits no gold item"
        out.append((page_lines(text), [role for t, role, _ in rows if t.strip()], text))
    return out


def test_gold_items_label_every_line_of_the_seeds(gold):
    for lines, labels, _ in _labelled(gold):
        assert len(lines) == len(labels) and set(labels) <= set(LABELS)
        assert labels.count("start") + labels.count("photo") >= 3


def test_training_fits_its_pages_and_weights_survive_a_round_trip(gold, tmp_path):
    pages = _labelled(gold)
    xs = [features(lines, segment.rule_labels(text)) for lines, _, text in pages]
    ys = [np.array([LABELS.index(x) for x in labels]) for _, labels, _ in pages]
    model = linemodel.train(np.vstack(xs), np.concatenate(ys), ys, epochs=40)
    got = [model.probabilities(x).argmax(axis=1) for x in xs]
    assert np.mean(np.concatenate(got) == np.concatenate(ys)) >= 0.95
    path = tmp_path / "m.json"
    model.save(path)
    again = linemodel._shipped(path)
    lines, _, text = pages[0]
    assert again.label(lines, segment.rule_labels(text)) == model.label(lines, segment.rule_labels(text))


def test_shipped_weights_read_the_seeds_lines(gold):
    pages = _labelled(gold)
    model = linemodel.load()
    right = sum(sum(a == b for a, b in zip(model.label(lines, segment.rule_labels(text)), labels))
                for lines, labels, text in pages)
    assert right >= 0.95 * sum(len(labels) for _, labels, _ in pages)


def test_an_unknown_reader_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", "magic")
    with pytest.raises(ValueError, match="rules, learned, auto"):
        segment.split_page(Page(source="x.txt", text="本报讯 今天。", format="text"))


def test_shipped_weights_fit_the_feature_code():
    assert linemodel.load().hidden.shape[0] == width()
