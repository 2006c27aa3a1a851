"""Article pages in HTML: title, date, authors and body from the markup where present.

Two shapes are common in Chinese newspaper archives: web article pages (people.cn
and most portals: `<meta name="publishdate">`, `<h1>`, a body `<div>` of `<p>`s)
and Founder (方正) e-paper pages, which wrap each article in `<founder-content>`
with an `<!--enpproperty ...-->` comment carrying date, title, subtitle, kicker
and URL.  One e-paper file may hold many articles; each becomes its own Page.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning

from archive.model import Contents, Page
from archive.reading import dates
from archive.reading.lines import PAPER_NAME, page_label

_ENP_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "header", "footer", "aside")
_BODY_SELECTORS = ("founder-content", "article", "#ozoom", ".rm_txt_con", ".article-content",
                   ".article", "#content", ".content", "#articleContent", ".TRS_Editor")
_AUTHOR_META = ("author", "article:author", "byline")
_DATE_META = ("publishdate", "article:published_time", "pubdate", "publish_date", "date", "dc.date")
_CREDIT = re.compile(r"[（(]?\s*责编[：:]\s*([^）)]+)[）)]?")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_ARTICLE_LINK = re.compile(r"content_\d+\.html?|/content/|/n\d*/\d{4}/\d{4}/|article", re.I)
_WRITTEN_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2}")
_FOOTER_PAPER = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:日报|晚报|日報|晚報|时报|時報))\s*(?:\[|【|（|\()?\s*[\u4e00-\u9fff]?ICP")


class HtmlError(ValueError):
    """The HTML holds no article text."""


class LayoutPage(HtmlError):
    """The HTML is an e-paper layout page: a map of one printed page's articles, not an article;
    `contents` is that map, kept as the page's table of contents."""

    def __init__(self, message: str, contents: Contents):
        super().__init__(message)
        self.contents = contents


def read_html(text: str, source: str) -> list[Page]:
    """Pages for every article in an HTML file; HtmlError when none has a body."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "html.parser")
    paper = _paper(soup.get_text(" "))
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    founder = soup.find_all("founder-content")
    if not founder and _layout_page(soup):
        contents = _contents(soup, source, paper)
        raise LayoutPage(f"a layout page (版面) listing {len(contents.entries)} articles: kept as the page's "
                         "table of contents", contents)
    pages = [_founder_page(node, source, paper) for node in founder] if founder else [_web_page(soup, source)]
    pages = _once([p for p in pages if p.text.strip()])
    if not pages:
        raise HtmlError("HTML without article text (no body paragraphs found)")
    return pages


def _once(pages: list[Page]) -> list[Page]:
    """Identical fragments (an e-paper export repeats an article for each place it is linked) count once."""
    seen, out = set(), []
    for page in pages:
        key = (page.title, page.text)
        if key not in seen:
            seen.add(key)
            out.append(page)
    return out


def _layout_page(soup: BeautifulSoup) -> int:
    """How many articles a layout page (版面页) links to; 0 when the page is not one.

    A layout page is a map of one printed page: many links to the page's articles and
    almost no running text of its own.
    """
    links = {a.get("href") for a in soup.find_all("a", href=True) if _ARTICLE_LINK.search(a["href"])}
    prose = sum(len(p.get_text(strip=True)) for p in soup.find_all("p"))
    return len(links) if len(links) >= 3 and prose < 200 * len(links) else 0


def _contents(soup: BeautifulSoup, source: str, paper: str | None) -> Contents:
    """A layout page's table of contents: its paper, date and page (第01版：今日要闻) and its article links.

    The page is the navigation link to this very file, else the first page label printed;
    the articles are the page's own links (relative ones: a site's footer links elsewhere).
    """
    links = [(a.get_text(" ", strip=True), a["href"]) for a in soup.find_all("a", href=True)
             if _ARTICLE_LINK.search(a["href"]) and a.get_text(strip=True)]
    own = [(t, h) for t, h in links if not re.match(r"[a-z]+:", h, re.I)] or links
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    labels = [found for a in soup.find_all("a", href=True)
              if a["href"].rsplit("/", 1)[-1] == name and (found := page_label(a.get_text(" ", strip=True)))]
    label = labels[0] if labels else page_label(soup.get_text(" "))
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    paper = paper or (m.group(1) if (m := PAPER_NAME.search(title)) else None)
    found = dates.parse_date(next((m.group(0) for m in _WRITTEN_DATE.finditer(soup.get_text(" "))), ""))
    return Contents(source, paper, found[0] if found and found[1] == "day" else None,
                    label[0] if label else None, label[1] if label else None,
                    [{"title": t, "href": h} for t, h in dict.fromkeys(own)])


def _paper(text: str) -> str | None:
    """The paper named in a page's own furniture: its copyright or licence line (湖北日报 [鄂ICP备…])."""
    found = Counter(m.group(1) for m in _FOOTER_PAPER.finditer(text))
    return found.most_common(1)[0][0] if found else None


_BLOCKS = {"p", "div", "li", "h2", "h3", "h4", "h5", "td", "section", "article", "blockquote", "founder-content"}


def _paragraphs(node) -> str:
    """Body text with one paragraph a line.

    Each piece of text belongs to its nearest block element, so text survives the
    broken nesting real pages have (an unclosed <p> swallowing the next one) and
    a <br> still breaks a paragraph.
    """
    for br in node.find_all("br"):
        br.replace_with("\n")
    runs: list[list[str]] = []
    current = None
    for text in node.find_all(string=True):
        if isinstance(text, Comment):
            continue
        block = next((p for p in text.parents if p.name in _BLOCKS or p is node), node)
        if block is not current:
            runs.append([])
            current = block
        runs[-1].append(str(text))
    lines = (part.strip().strip("\u3000").strip() for run in runs for part in "".join(run).split("\n"))
    return "\n".join(line for line in lines if line)


def _founder_page(node, source: str, paper: str | None) -> Page:
    props: dict[str, str] = {}
    for comment in node.find_all(string=lambda s: isinstance(s, Comment)):
        if comment.strip().startswith("enpproperty"):
            props = {k: v.strip() for k, v in _ENP_FIELD.findall(str(comment))}
    for comment in node.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    page = Page(source=source, text=_paragraphs(node), format="html", ready=True,
                title=props.get("title") or None, subtitle=props.get("subtitle") or None,
                kicker=props.get("introtitle") or None, url=props.get("url") or None, paper=paper)
    layout = node.find_previous(id="nowLayout")
    if layout is not None and layout.get_text(strip=True):
        page.page_no = layout.get_text(strip=True)
    if props.get("author"):
        page.authors = _names(props["author"])
    _set_date(page, props.get("date", ""))
    return page


def _web_page(soup: BeautifulSoup, source: str) -> Page:
    body_node = _body_node(soup)
    page = Page(source=source, text=_paragraphs(body_node) if body_node else "", format="html", ready=True,
                title=_title(soup))
    for name in _AUTHOR_META:
        meta = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if meta and _names(meta.get("content", "")):
            page.authors = _names(meta["content"])
            break
    if not page.authors:
        credit = _CREDIT.search(soup.get_text(" "))
        page.authors = _names(credit.group(1)) if credit else []
    for name in _DATE_META:
        meta = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if meta and _set_date(page, meta.get("content", "")):
            break
    else:
        time = soup.find("time")
        if time:
            _set_date(page, time.get("datetime") or time.get_text())
    canonical = soup.find("link", rel="canonical")
    page.url = canonical.get("href") if canonical else None
    page.paper = _site(soup)
    return page


def _site(soup: BeautifulSoup) -> str | None:
    """The publishing site: og:site_name, else the last part of the <title> (…--时政--人民网)."""
    meta = soup.find("meta", attrs={"property": "og:site_name"})
    if meta and meta.get("content", "").strip():
        return meta["content"].strip()
    title = soup.find("title")
    parts = re.split(r"\s*(?:--|_|\||－－)\s*", title.get_text(strip=True)) if title else []
    return parts[-1] if len(parts) > 1 and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", parts[-1]) else None


def _body_node(soup: BeautifulSoup):
    """The element holding the body: a known container, else the one with most paragraph text."""
    for selector in _BODY_SELECTORS:
        node = soup.select_one(selector)
        if node and len(node.find_all("p")) >= 1:
            return node
    best, best_len = None, 0
    for node in soup.find_all(["div", "section", "td", "body"]):
        length = sum(len(p.get_text(strip=True)) for p in node.find_all("p", recursive=False))
        if length > best_len:
            best, best_len = node, length
    return best or soup.body


def _title(soup: BeautifulSoup) -> str | None:
    for node in (soup.find("meta", attrs={"property": "og:title"}),):
        if node and node.get("content"):
            return node["content"].strip()
    for h1 in soup.find_all("h1"):
        text = h1.get_text(" ", strip=True)
        if text:
            return text
    title = soup.find("title")
    if title and title.get_text(strip=True):
        return re.split(r"\s*(?:--|_|\|)\s*", title.get_text(strip=True))[0]
    return None


def _names(text: str) -> list[str]:
    parts = re.split(r"[\s,，、;；/]+", text.strip())
    return [p for p in parts if _NAME.match(p)]


def _set_date(page: Page, text: str) -> bool:
    parsed = dates.parse_date(text)
    if not parsed:
        return False
    page.date, _precision = parsed
    page.date_source = "metadata"
    return True
