"""Citations a journalist can quote and reference managers can read.

GB/T 7714-2015 gives newspaper articles the form `作者. 题名[N]. 报纸名, 出版日期(版次).`;
RIS (`TY  - NEWS`) and BibTeX carry the same facts for Zotero, EndNote and LaTeX.
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


def ris(article: Article, url: str | None = None) -> str:
    """One RIS record (CRLF-free; reference managers accept LF)."""
    lines = [("TY", "NEWS"), ("TI", article.title or "（无题）")]
    lines += [("AU", name) for name in article.authors]
    if article.paper:
        lines.append(("T2", article.paper))
    if article.date:
        lines.append(("PY", article.date[:4]))
        lines.append(("DA", article.date.replace("-", "/")))
    if article.page_no:
        lines.append(("SP", article.page_no))
    lines += [("KW", label) for label in article.topic_labels]
    if url:
        lines.append(("UR", url))
    lines += [("ID", article.id), ("LA", "zh"), ("ER", "")]
    return "".join(f"{tag}  - {one_line(value)}".rstrip() + "\n" for tag, value in lines)


def one_line(value: str) -> str:
    """A value on one line: a line break (or any control character) in a title must not start a
    forged tag or record in RIS."""
    return "".join(" " if unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" else c for c in value)


def bibtex(article: Article, url: str | None = None) -> str:
    """One BibTeX entry (biblatex-friendly `date`, plus `year` for classic BibTeX)."""
    fields = [("title", article.title or "（无题）")]
    if article.authors:
        fields.append(("author", " and ".join(article.authors)))
    if article.paper:
        fields.append(("journal", article.paper))
    if article.date:
        fields += [("year", article.date[:4]), ("date", article.date)]
    if article.page_no:
        fields.append(("pages", article.page_no))
    if url:
        fields.append(("url", url))
    fields.append(("language", "chinese"))
    body = ",\n".join(f"  {name} = {{{_bib_escape(one_line(value))}}}" for name, value in fields)
    return f"@article{{{_bib_key(article)},\n{body}\n}}\n"


def _bib_key(article: Article) -> str:
    year = (article.date or "nd")[:4]
    return f"newsarchive{year}{article.id[:8]}"


def _bib_escape(value: str) -> str:
    """Balance-safe: braces and the characters LaTeX treats specially are escaped."""
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)
