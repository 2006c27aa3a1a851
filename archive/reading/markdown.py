"""Markdown article files (a web archive's export, e.g. 眾新聞): front matter is metadata, markup is not text.

A file that opens with YAML front matter (`---` … `---`) is one article: its title,
date, author and URL come from there, and its Markdown body is reduced to plain
paragraphs, because the index, the snippets and the reading view all want text.
Figures keep their caption (an image's words are its caption and credit), links
keep their words, emphasis marks, table rules and Hugo shortcodes (`{{< video >}}`)
go.  Subheadings stay inside the article as paragraphs.  For reading, the same body
is also rendered to HTML by a maintained CommonMark parser (markdown-it-py) and
sanitised (nh3, the ammonia library): headings, emphasis, lists, tables, quotes and
links stay; scripts, styles, event attributes and images go (a figure keeps its
caption: the archive does not load pictures from the outlet's servers).  Only the flat subset of
YAML such exports use is read (`key: value`, `key: "value"`, lists of `- item`):
anything else in the front matter is ignored, never guessed at.
"""
from __future__ import annotations

import html
import re

from archive.reading import clean

_ALLOWED = {"p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "del", "blockquote", "ul", "ol",
            "li", "a", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "hr", "code", "pre"}

_FENCE = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$")
_ITEM = re.compile(r"^[ \t]+-[ \t]*(.*)$")
_CAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S | re.I)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:[^()]|\([^)]*\))*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|~~")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_AUTHOR_ROLE = re.compile(r"^(?:記者|记者|特約記者|特约记者|撰文|文|Photo)[：:\s]*")


def front_matter(text: str) -> tuple[dict[str, str | list[str]], str] | None:
    """(metadata, body) when the text opens with front matter, else None."""
    found = _FENCE.match(text)
    if not found:
        return None
    meta: dict[str, str | list[str]] = {}
    key = None
    for line in found.group(1).split("\n"):
        item = _ITEM.match(line)
        if item and key:
            value = meta.get(key)
            meta[key] = (value if isinstance(value, list) else []) + [_scalar(item.group(1))]
            continue
        pair = _KEY.match(line)
        if pair:
            key = pair.group(1).lower()
            meta[key] = _scalar(pair.group(2))
    return meta, text[found.end():]


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
        if value and '\\"' in value:
            value = value.replace('\\"', '"')
    return value.strip()


def authors(meta: dict) -> list[str]:
    """The author field as names: a role word (記者) dropped, several names split."""
    value = meta.get("author") or meta.get("authors") or []
    names = value if isinstance(value, list) else re.split(r"[、,，;；]\s*|\s+and\s+", value)
    return [n for n in (_AUTHOR_ROLE.sub("", x).strip() for x in names) if n]


def category(meta: dict) -> str | None:
    """The front matter's category (the first, when it lists several): the column the article ran in."""
    value = meta.get("category") or meta.get("categories") or meta.get("section")
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() or None if isinstance(value, str) else None


def tags(meta: dict) -> list[str]:
    """The tags or keywords of front matter or a JSON record, as a list whichever way they were written."""
    value = meta.get("tags") or meta.get("keywords") or []
    values = re.split(r"[、,，;；]\s*", value) if isinstance(value, str) else value
    if not isinstance(values, list):
        return []
    return list(dict.fromkeys(v.strip() for v in values if isinstance(v, str) and v.strip()))


def to_text(body: str) -> str:
    """Plain paragraphs of a Markdown body, one blank line between them."""
    body = _FIGURE.sub(lambda m: "\n\n" + " ".join(_CAPTION.findall(m.group(0))) + "\n\n", body)
    body = _SHORTCODE.sub("", body)
    paragraphs, current = [], []
    for raw in body.split("\n"):
        line = _line(raw)
        if line is None:
            continue
        heading = _HEADING.match(_QUOTE.sub("", raw))
        if not line or heading:                       # a subheading is its own paragraph
            paragraphs.append(clean.join_lines(current))
            current = []
        if line:
            current.append(line)
        if heading or _LIST.match(raw) or raw.strip().startswith("|"):     # a list item or table row: a line
            paragraphs.append(clean.join_lines(current))
            current = []
    paragraphs.append(clean.join_lines(current))
    return "\n\n".join(p for p in paragraphs if p.strip())


def to_html(body: str) -> str:
    """The body as safe HTML for the reading view (see the module's docstring for what stays)."""
    from markdown_it import MarkdownIt
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    body = _IMAGE.sub(lambda m: f"\n\n<figure><figcaption>{html.escape(m.group(1))}</figcaption></figure>\n\n"
                      if m.group(1).strip() else "", _SHORTCODE.sub("", body))   # an image is its caption
    html_text = rendered.render(body)
    return safe(re.sub(r"<(/?)h1\b", r"<\1h2", html_text))          # the page's h1 is the title


def safe(html_text: str) -> str:
    """HTML reduced to the reading view's tags: no script, style, event attribute, image or javascript: link.

    Applied at ingest and again when a page is shown, so a stored value edited by hand
    is no way in either.
    """
    import nh3
    return nh3.clean(html_text, tags=_ALLOWED, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener noreferrer",
                     attribute_filter=_absolute_links).replace("<p></p>", "").strip()


def _absolute_links(tag: str, name: str, value: str) -> str | None:
    """A link the reader can follow from the archive: absolute (a relative one pointed into the outlet's site)."""
    if tag == "a" and name == "href" and not value.startswith(("http://", "https://", "mailto:")):
        return None
    return value


def _line(raw: str) -> str | None:
    """One line's text; None for a line that is only markup (a table rule)."""
    if _TABLE_RULE.match(raw):
        return None
    line = _HEADING.sub("", _LIST.sub("", _QUOTE.sub("", raw)))
    line = _IMAGE.sub(lambda m: m.group(1), line)
    line = _LINK.sub(lambda m: m.group(1), line)
    line = html.unescape(_TAG.sub("", line))
    line = _EMPHASIS.sub("", line)
    if line.strip().startswith("|") or line.strip().endswith("|"):
        line = "　".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
    return line.strip()
