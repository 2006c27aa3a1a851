"""The analyzers: sequential positions, true offsets, no overlapping words, same-length normalisation."""
from indexer.analysis import CharGramTokenizer, CharTokenizer, WordTokenizer, char_grams, normalize, words

TEXT = "南京市鼓楼区召开经济工作会议，马克思主义理论研究。"


def test_word_positions_are_sequential_and_offsets_slice_the_text():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in WordTokenizer()(TEXT, positions=True, chars=True)]
    assert [p for _, p, _, _ in tokens] == list(range(len(tokens)))
    for text, _, start, end in tokens:
        assert TEXT[start:end] == text
    starts = [s for _, _, s, _ in tokens]
    ends = [e for _, _, _, e in tokens]
    assert all(e <= s for e, s in zip(ends, starts[1:])), "tokens overlap"
    assert "马克思主义" in [t for t, *_ in tokens] and "，" not in [t for t, *_ in tokens]


def test_grams_are_every_pair_of_neighbours_at_its_offset():
    toks = [(t.text, t.pos, t.startchar) for t in CharGramTokenizer()("经济工作，GDP增长", positions=True, chars=True)]
    assert toks == [("经济", 0, 0), ("济工", 1, 1), ("工作", 2, 2), ("作,", 3, 3), (",g", 4, 4), ("gd", 5, 5),
                    ("dp", 6, 6), ("p增", 7, 7), ("增长", 8, 8)]


def test_characters_are_counted_one_by_one_without_marks():
    assert [t.text for t in CharTokenizer()("疫情，5G")] == ["疫", "情", "5", "g"]


def test_normalisation_keeps_length_and_unifies_scripts():
    for text in ("醫療保障局", "ＡＢＣ１２３", "臺灣 香港"):
        assert len(normalize(text)) == len(text)
    assert normalize("醫療保障局") == "医疗保障局"
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert words("醫保") == words("医保")


def test_no_gram_spans_a_space():
    assert char_grams("是 的!") == [("是", 0), ("的!", 2)]
