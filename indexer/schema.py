"""The Whoosh schema: what is searchable, what is filterable, what is stored for display.

`title` and `body` hold jieba words with positions (ranking and phrases); `title_ng`
also holds the title's character bigrams, so a word inside a longer title word
(医保 in 医保局) still matches a headline.  The body has no bigram twin: measured,
it doubled the postings and tripled the terms Whoosh writes one by one, cutting
ingest speed by more than half (see bench/).
Facet fields are KEYWORDs holding every level a filter may name: `region` has
`青海省`, `青海省/海东市`, `海东市`, … so a filter at any level is one term.
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import bigram_analyzer, word_analyzer


def build_schema() -> Schema:
    words, grams = word_analyzer(), bigram_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        headline=STORED(),
        title=TEXT(analyzer=words, field_boost=3.0),
        title_ng=TEXT(analyzer=grams, field_boost=3.0),
        body=TEXT(analyzer=words, stored=True),
        authors=KEYWORD(commas=True, stored=True, lowercase=True),
        entities=KEYWORD(commas=True, lowercase=True),
        entity_list=STORED(),          # "person:张三|org:…|place:…", read once into facet columns
        paper=ID(stored=True),
        region=KEYWORD(commas=True),
        region_path=STORED(),
        topics=KEYWORD(commas=True),
        topic_labels=STORED(),
        kind=ID(stored=True),
        date=ID(stored=True),
        date_sort=NUMERIC(int, bits=32, sortable=True, stored=True),
        year=ID(),
        month=ID(),
        version_group=ID(stored=True),
        source=STORED(),
    )
