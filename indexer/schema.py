"""The Whoosh schema: what is searchable, what is filterable, what is stored for display.

`title` and `body` hold jieba words, frequencies only (ranking, word-mode search).
Beside each, `*_grams` holds its character bigrams at their character offsets and
`*_chars` its single characters (frequencies only), so any string of characters is
found where it occurs, whatever jieba did with it (indexer/query.py builds the
queries).  Adjacency is checked on the grams alone, so the words keep no positions:
that saving pays for most of the grams, and the grams' positions are packed as varints
(indexer/formats.py; bench/recall.py measures the size).
`TEXT_FIELDS` names them once for the query builder.
Filter fields come from the registry (indexer/registry.py): KEYWORDs of folded terms
(`region` has `青海省`, `青海省/海东市`, `海东市`, … so a filter at any level is one term);
what a hit and a facet show, as printed, is stored apart in `shown`.
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import CharGramTokenizer, char_analyzer, gram_analyzer, word_analyzer
from indexer.formats import PackedPositions
from indexer.registry import FILTERS

TEXT_FIELDS = ("title", "body")     # searched as words, and as characters in f"{name}_grams"/f"{name}_chars"
TITLE_BOOST = 3.0


def build_schema() -> Schema:
    words, grams, chars = word_analyzer(), gram_analyzer(), char_analyzer()
    filters = {f.field: KEYWORD(commas=True) for f in FILTERS}
    return Schema(
        id=ID(unique=True, stored=True),
        headline=STORED(),
        title=TEXT(analyzer=words, phrase=False, field_boost=TITLE_BOOST),
        title_grams=_grams(grams, TITLE_BOOST),
        title_chars=TEXT(analyzer=chars, phrase=False, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=words, phrase=False, stored=True),
        body_grams=_grams(grams),
        body_chars=TEXT(analyzer=chars, phrase=False),
        shown=STORED(),                # each facet's values as printed, and the byline: for hits and facet columns
        date=ID(stored=True),
        date_sort=NUMERIC(int, bits=32, sortable=True, stored=True),
        version_group=ID(stored=True),
        source=STORED(),
        **filters,
    )


def _grams(analyzer: CharGramTokenizer, boost: float = 1.0) -> TEXT:
    """A gram field: Whoosh's TEXT with positions, kept in the packed format."""
    field = TEXT(analyzer=analyzer, field_boost=boost)
    field.format = PackedPositions(field_boost=boost)
    return field
