"""The two libraries read past their public API, each behind one module: what those modules rely on.

archive/reading/words.py reads jieba's dictionary and part-of-speech table; indexer/postings.py reads
Whoosh's W3 posting blocks.  setup.cfg bounds both versions; these tests name what moved
when a release inside the bounds changes them anyway.
"""
from __future__ import annotations

import jieba
import whoosh
from whoosh.codec.whoosh3 import W3LeafMatcher

from archive.reading import words


def test_jieba_dictionary_and_tags_as_the_archive_reads_them():
    assert jieba.__version__.startswith("0.42")
    assert words.frequency("的") > words.frequency("格尔木") >= 0 and words.total() > 10_000_000
    assert words.tag("北京") == "ns" and words.tag("跑") == "v" and words.tag("没有这个词呀") is None
    assert list(words.tokenize("海东市医疗保障局")) and all(isinstance(s, int) for _, s, _ in words.tokenize("医保"))
    assert "".join(words.cut("才让多杰在格尔木", hmm=False)) == "才让多杰在格尔木"


def test_whoosh_w3_block_reader_internals_exist():
    assert whoosh.versionstring().startswith("2.7")
    for name in ("_read_data", "_read_ids", "_read_weights", "_read_values", "_goto"):
        assert callable(getattr(W3LeafMatcher, name, None)), f"W3LeafMatcher.{name} moved"
