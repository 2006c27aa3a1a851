"""Hostile queries: the parser either builds a query or refuses in words; it never crashes or hangs."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.query import QueryError, highlight_terms, parse

PIECES = st.sampled_from(['"', "“", "”", "(", ")", "（", "）", "AND", "OR", "NOT", "-", ":", "title:", "topic:",
                          "医保", "拉面", "\x00", "\u202e", " ", "\t", "*", "?", "~", "^", "\\", "\n"])
HOSTILE = st.one_of(st.text(max_size=600), st.lists(PIECES, max_size=80).map("".join),
                    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map(" ".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_parser_never_crashes(text):
    try:
        parse(text)
        highlight_terms(text)
    except QueryError as exc:
        assert str(exc)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=501, max_size=2000))
def test_huge_queries_are_refused(text):
    try:
        parse(text)
    except QueryError:
        return
    raise AssertionError("a query over the length limit was accepted")
