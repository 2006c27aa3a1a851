"""Citations a journalist can quote and reference managers can read.

GB/T 7714-2015 gives newspaper articles the form `作者. 题名[N]. 报纸名, 出版日期(版次).`;
RIS (`TY  - NEWS`), EndNote's and NoteExpress's tagged formats and BibTeX carry the same
facts for Zotero, EndNote, NoteExpress and LaTeX.
Only what the archive knows is printed: a missing paper or date is left out,
never filled with a guess.
"""
from __future__ import annotations

import re
import unicodedata

from archive.model import Article

_MAX_GBT_AUTHORS = 3


def gbt7714(article: Article) -> str:
    """The GB/T 7714-2015 reference for a newspaper article."""
    parts = []
    if article.authors:
        names = article.authors[:_MAX_GBT_AUTHORS]
        parts.append(", ".join(names) + (", 等" if len(article.authors) > _MAX_GBT_AUTHORS else "") + ". ")
    parts.append(f"{article.title or '（无题）'}[N]. ")
    source = article.paper or "（报纸不详）"
    when = article.date or ""
    if article.page_no:
        when += f"({article.page_no})"
    parts.append(f"{source}, {when}." if when else f"{source}.")
    return "".join(parts)


def _facts(article: Article, url: str | None) -> list[tuple[str, str]]:
    """What every tagged format says of an article, in order, as (fact, value)."""
    facts = [("title", article.title or "（无题）")] + [("author", name) for name in article.authors]
    if article.paper:
        facts.append(("paper", article.paper))
    if article.date:
        facts += [("year", article.date[:4]), ("date", article.date)]
    if article.page_no:
        facts.append(("page", article.page_no))
    if article.section:
        facts.append(("section", article.section))
    facts += [("keyword", label) for label in article.topic_labels + article.tags]
    if url:
        facts.append(("url", url))
    return facts + [("id", article.id)]


# Each tagged format: its opening line, its tag for each fact (a fact it has no tag for is left out),
# how a line is written, and its closing line.
_TAGGED = {
    "ris": ("TY  - NEWS", {"title": "TI", "author": "AU", "paper": "T2", "year": "PY", "date": "DA", "page": "SP",
                           "section": "SE", "keyword": "KW", "url": "UR", "id": "ID"}, "{}  - {}", "LA  - zh\nER  -"),
    "enw": ("%0 Newspaper Article", {"title": "%T", "author": "%A", "paper": "%J", "year": "%D", "date": "%8",
                                     "page": "%P", "section": "%&", "keyword": "%K", "url": "%U", "id": "%M"},
            "{} {}", "%G Chinese"),
    "netx": ("{Reference Type}: Newspaper Article", {
        "title": "{Title}", "author": "{Author}", "paper": "{Secondary Title}", "year": "{Year}", "date": "{Date}",
        "page": "{Pages}", "section": "{Section}", "keyword": "{Keywords}", "url": "{URL}", "id": "{Accession Number}"},
        "{}: {}", "{Language}: Chinese"),
}


def tagged(article: Article, fmt: str, url: str | None = None) -> str:
    """One record in a reference manager's tagged format: RIS (Zotero, EndNote, Mendeley), EndNote's
    own (.enw) or NoteExpress's (.netx, which CNKI exports for Chinese reference managers)."""
    opening, tags, line, closing = _TAGGED[fmt]
    lines = [opening]
    for fact, value in _facts(article, url):
        if fact in tags:
            value = value.replace("-", "/") if fmt == "ris" and fact == "date" else value
            lines.append(line.format(tags[fact], one_line(value)).rstrip())
    return "\n".join([*lines, closing]) + "\n"


def ris(article: Article, url: str | None = None) -> str:
    """One RIS record (CRLF-free; reference managers accept LF)."""
    return tagged(article, "ris", url)


def one_line(value: str) -> str:
    """A value on one line: a line break (or any control character) in a title must not start a
    forged tag or record in RIS."""
    return "".join(" " if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in value)


_BIBTEX = {"title": "title", "paper": "journal", "year": "year", "date": "date", "page": "pages", "url": "url"}


def bibtex(article: Article, url: str | None = None) -> str:
    """One BibTeX entry (biblatex-friendly `date`, plus `year` for classic BibTeX)."""
    fields = [(_BIBTEX[fact], value) for fact, value in _facts(article, url) if fact in _BIBTEX]
    if article.authors:
        fields.insert(1, ("author", " and ".join(article.authors)))
    fields.append(("language", "chinese"))
    body = ",\n".join(f"  {name} = {{{_bib_escape(one_line(value))}}}" for name, value in fields)
    return f"@article{{{_bib_key(article)},\n{body}\n}}\n"


def _bib_key(article: Article) -> str:
    year = (article.date or "nd")[:4]
    return f"newsarchive{year}{article.id[:8]}"


def _bib_escape(value: str) -> str:
    """Balance-safe: braces and the characters LaTeX treats specially are escaped."""
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)
