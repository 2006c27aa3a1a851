"""Page to finished articles: split (unless the source was already one article), then describe."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from archive.describing import papers
from archive.describing.describe import describe
from archive.model import Article, Page, Scan, article_id
from archive.reading import bylines, scans, script, segment

MAX_BODY_CHARS = 100_000   # a long feature is ~20,000 characters; beyond this, parts (search, snippets and pages stay fast)


def within_limit(article: Article) -> list[Article]:
    """The article, or its body cut at paragraph ends into parts of at most MAX_BODY_CHARS, titled k/n.

    Nothing is dropped: every part is stored and found, and ingest reports the cut.
    """
    body = article.body
    if len(body) <= MAX_BODY_CHARS:
        return [article]
    parts, start = [], 0
    while start < len(body):
        end = min(len(body), start + MAX_BODY_CHARS)
        cut = body.rfind("\n", start + MAX_BODY_CHARS // 2, end) if end < len(body) else -1
        end = cut + 1 if cut > 0 else end
        parts.append(body[start:end])
        start = end
    return [replace(article, body=text.strip("\n"), id=article_id(article.source_key(), article.position,
                                                                 f"{article.id} part {k}"),
                    title=f"{article.title or '（无题）'}（{k}/{len(parts)}）", html=None)   # each part shows its text
            for k, text in enumerate(parts, 1) if text.strip()]


def process_page(page: Page, index: int = 0) -> list[Article]:
    """Articles of one page; `index` orders ready articles that share one source file."""
    drafts = [_ready_article(page, index)] if page.ready else segment.split_page(page)
    context = page_context(page, drafts)
    articles = [describe(draft, page, context) for draft in drafts]
    if paper := named_paper(articles):
        for article in articles:
            article.paper = article.paper or paper
    if page.scan:
        scans.place(articles, page.scan, image_id(page.scan))
    return articles


def image_id(scan: Scan) -> str:
    """A page image's name in the data folder: the SHA-1 of its bytes, so each is stored once."""
    return hashlib.sha1(scan.image).hexdigest()


def page_context(page: Page, drafts: list[Article]) -> list[str]:
    """The region a page's 本报/我市 refers to: its paper's home, else where the page mostly is."""
    if page.paper:
        home = papers.home_region(page.paper)[0]
        if home:
            return home
    # the page's own reporting: not reprints from other papers, not (often wire) photos
    own = [d.body for d in drafts if d.body and d.paper in (None, page.paper) and d.kind != "photo"]
    return papers.page_context([script.fold(t) for t in own or [d.body for d in drafts if d.body]])


def named_paper(articles: list[Article]) -> str | None:
    """The paper a page names itself by where nothing else does: a paper prints its own news as
    青海日报讯, so one such name (and no other) on a page is the page's, and its 本报讯 stories are
    that paper's too; a reprint is datelined 新华社…电 or credited 据…, never with another paper's 讯.
    Filled in after describing, so the page's region context stays what its text says."""
    named = {article.paper for article in articles if article.paper}
    return named.pop() if len(named) == 1 else None


def _ready_article(page: Page, index: int) -> Article:
    """An article the source already split; its byline, when the metadata has none, from its opening lines."""
    position = page.line - 1 if page.line else index
    article = Article(source=page.source, position=position, title=page.title, subtitle=page.subtitle,
                      kicker=page.kicker, authors=list(page.authors), body=page.text.strip(),
                      url=page.url, html=page.html)
    if not article.authors:
        for line in article.body.split("\n")[:2]:
            found = bylines.parse_dateline(line.strip())
            if found and found[0].authors:
                article.authors, article.dateline = found[0].authors, found[0].text
                article.paper = article.paper or found[0].paper
                break
    return article
