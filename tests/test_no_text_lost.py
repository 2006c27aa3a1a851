"""No text is lost in reading: every character of a page ends up in some article's fields, whichever reader.

Checked on the shipped seed pages, on generated gold pages, and on pages made by
damaging the seeds at random (blocks of lines moved, blank lines added or removed,
lines joined or headings marked), since a reader that never drops text on the pages it
knows may still drop it on a page nobody planned.  A doubled headline counts once,
and a Markdown heading's marks (`#`, a leading `-`) are markup, not text.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from archive.model import Page
from archive.reading import clean
from archive.reading.lines import page_lines
from archive.reading.read import read_source
from archive.storing.pipeline import process_page
from bench.pagegen import build_pages

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _chars(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace())


def lost(page: Page) -> Counter:
    """Characters of the page that no article holds (title, kicker, subtitle, body or printed marks)."""
    articles = process_page(page)
    held = _chars("".join((a.kicker or "") + (a.title or "") + (a.subtitle or "") + a.body + (a.dateline or "") + "".join(a.furniture)
                          for a in articles))
    printed = "".join(clean.undouble(x.text.lstrip("-") if x.level else x.text) for x in page_lines(page.text))
    return _chars(printed) - held


@pytest.fixture(params=["rules", "learned", "auto"])
def reader(request, monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_READER", request.param)
    return request.param


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_pages_lose_nothing(path, reader):
    assert not lost(read_source(path).pages[0])


def test_generated_pages_lose_nothing(corpus_dir, tmp_path, reader):
    gold = json.loads(build_pages(corpus_dir, tmp_path, n_pages=12, seed=59).read_text("utf-8"))
    for page in gold["pages"]:
        assert not lost(read_source(tmp_path / page["seed"]).pages[0]), page["seed"]


def _damage(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(3):                       # move a block of lines elsewhere (columns read out of order)
        a = rng.randrange(len(lines))
        block = lines[a:a + rng.randint(1, 8)]
        del lines[a:a + len(block)]
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = block
    out = []
    for line in lines:
        r = rng.random()
        if r < 0.05 and out:
            out[-1] += line                  # two lines read as one
        elif r < 0.08 and line.strip():
            out.append("## " + line)         # a layout tool calls it a heading
        elif r < 0.15 and not line.strip():
            continue                         # a blank line lost
        else:
            out.append(line)
        if rng.random() < 0.05:
            out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("trial", range(12))
def test_damaged_pages_lose_nothing(trial, reader):
    rng = random.Random(trial)
    path = SEEDS[trial % len(SEEDS)]
    page = read_source(path).pages[0]
    damaged = Page(source=page.source, text=_damage(page.text, rng), format="text")
    assert not lost(damaged)
