"""Every filter and facet, declared once.

A *filter* narrows a search to the articles filed under any of its values (one index
term each); a *facet* counts the matched articles per value.  From these
declarations come the schema's filter fields, the terms the writer files an article
under, the query language's field names, the request parser's and the CLI's
parameters, the facet columns and counts, and the labels the pages show.  Adding a
facet such as 版次 or 栏目 is one `Filter`, one `Facet` and the article field they read.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive.describing.topics import normalize_topic
from archive.model import Article
from archive.reading import script

LEVELS = 3                      # region levels a facet column keeps: province › city › county


def region_terms(path: list[str]) -> list[str]:
    """Every name and every path prefix, so a filter at any level of the hierarchy is one term."""
    terms = []
    for i, name in enumerate(path):
        terms += [name, "/".join(path[: i + 1])]
    return list(dict.fromkeys(terms))


def topic_code(value: str) -> str:
    """Any accepted form of a topic (code, medtop:code, label, IPTC label) to the code the index holds."""
    return normalize_topic(value) or value.strip()


def folded(value: str) -> str:
    """A term as filters compare it: one script, half-width, lower case (眾新聞 = 众新闻, ＡＢ = ab)."""
    return script.fold(value.strip())


def _one(value: str | None) -> list[str]:
    return [value] if value else []


@dataclass(frozen=True)
class Filter:
    """A URL parameter (?region=), a CLI option (--region) and a query field (region:, 地区:)."""

    name: str                                   # parameter, option and SearchRequest.filters key
    label: str                                  # its Chinese name, also accepted in queries (地区:青海)
    field: str                                  # the index field holding its terms
    terms: Callable[[Article], list[str]]       # what an article is filed under
    fold: Callable[[str], str] = folded         # a value, as filed or as asked → the term compared


FILTERS: tuple[Filter, ...] = (
    Filter("region", "地区", "region", lambda a: region_terms(a.region)),
    Filter("topic", "主题", "topics", lambda a: [t.code for t in a.topics], fold=topic_code),
    Filter("paper", "报纸", "paper", lambda a: _one(a.paper)),
    Filter("page_no", "版次", "page_no", lambda a: _one(a.page_no)),
    Filter("section", "栏目", "section", lambda a: _one(a.section)),
    Filter("tag", "标签", "tags", lambda a: a.tags),
    Filter("kind", "类型", "kind", lambda a: [a.kind]),
    Filter("author", "作者", "authors", lambda a: a.authors),
    Filter("entity", "提及", "entities", lambda a: [e for names in a.entities.values() for e in names]),
)
FILTER = {f.name: f for f in FILTERS}

# How a facet's values are kept in columns (indexer/facets.py):
ONE = "one"         # one value an article (paper, page, year)
PATH = "path"       # a hierarchy: each level counts (region)
MANY = "many"       # any number of values an article (topics, people named)


@dataclass(frozen=True)
class Facet:
    """Counts of the matched articles per value, shown beside the results and at /facets/<name>.

    The writer stores each article's `values` as printed (indexer/writer.py), the
    columns count them, and a click on one applies `filter` with it."""

    name: str                                   # key of SearchResult.facets and of the stored values
    label: str
    shape: str                                  # ONE, PATH or MANY
    values: Callable[[Article], list[str]]      # as shown: 人民日報 stays traditional
    filter: str | None                          # the Filter a value selects (None: a period, which sets dates)
    limit: int = 20                             # values shown beside the results
    by_value: bool = False                      # listed in value order (periods, pages), not by count


def _period(length: int) -> Callable[[Article], list[str]]:
    return lambda a: [a.date[:length]] if a.date and len(a.date) >= length else []


FACETS: tuple[Facet, ...] = (
    Facet("region", "地区", PATH, lambda a: a.region[:LEVELS], "region", limit=30),
    Facet("topic", "主题", MANY, lambda a: [t.label for t in a.topics], "topic", limit=30),
    Facet("paper", "报纸", ONE, lambda a: _one(a.paper), "paper"),
    Facet("section", "栏目", ONE, lambda a: _one(a.section), "section"),
    Facet("page_no", "版次", ONE, lambda a: _one(a.page_no), "page_no", limit=40, by_value=True),
    Facet("tag", "标签", MANY, lambda a: a.tags, "tag"),
    Facet("year", "年份", ONE, _period(4), None, limit=200, by_value=True),
    Facet("month", "月份", ONE, _period(7), None, limit=2400, by_value=True),
    Facet("day", "日期", ONE, _period(10), None, limit=400, by_value=True),      # issues, for the calendar
    Facet("kind", "类型", ONE, lambda a: [a.kind], "kind"),
    Facet("person", "人物", MANY, lambda a: a.entities.get("person", []), "entity"),
    Facet("org", "机构", MANY, lambda a: a.entities.get("org", []), "entity"),
    Facet("place", "地点", MANY, lambda a: a.entities.get("place", []), "entity"),
)
FACET = {f.name: f for f in FACETS}
SIDEBAR = ("region", "topic", "paper", "section", "page_no", "tag", "year", "kind", "person", "org", "place")
