"""Metadata for one article: paper, date, region, topics, dates mentioned, entities.

Each fact records only what the evidence supports.  The publication date comes from
the source's metadata, a manifest or the file name, never from a date merely
mentioned in the text; the region comes from the article's own words, weighed
against the region of its paper or page (`context`), so 我市 on a 格尔木 page
means 格尔木市.
"""
from __future__ import annotations

from archive.describing import entities, papers, regions, topics
from archive.model import Article, Page
from archive.reading import dates, script

_PRECISION = {4: "year", 7: "month", 10: "day"}


def describe(article: Article, page: Page, context: list[str]) -> Article:
    """Fill the draft's metadata in place and return it."""
    article.paper = article.paper or page.paper
    article.page_no = article.page_no or page.page_no
    article.section = article.section or page.section or papers.column(article.title)
    article.tags = article.tags or list(page.tags)
    if page.date:
        article.date, article.date_source = page.date, page.date_source
        article.date_precision = _PRECISION.get(len(page.date))
    text = "\n".join(filter(None, (article.kicker, article.title, article.subtitle, article.body)))
    # places and topics are read in simplified script: their word lists are written in it
    plain, title = script.fold(text), script.fold(article.title or "") or None
    if page.region:
        article.region = list(page.region)
    else:
        own = papers.home_region(article.paper)[0] if article.paper and article.paper != page.paper else []
        article.region, article.region_code = regions.resolve_region(plain, title=title, context=own or context)
    article.topics = topics.classify(title, script.fold(article.body))
    article.dates_mentioned = dates.dates_mentioned(article.body, article.date)
    article.entities = entities.extract_entities(text)
    return article
