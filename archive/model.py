"""The records that flow from reading to storing.

A `Page` is what a source file yields before splitting: cleaned text plus whatever
the source itself says about paper, date and page number.  An `Article` is one
item a careful reader finds on a page.  Everything downstream (the store, the
index, the web UI, exports) speaks `Article`, so its fields are the contract of
the whole archive: a value that is not known is None or an empty list, never a
guess.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("article", "photo", "continuation")
DATE_PRECISIONS = ("day", "month", "year")
DATE_SOURCES = ("metadata", "manifest", "filename", "masthead", "text", "librarian")


@dataclass
class Scan:
    """A scanned page as a reader sees it: the image, down-sampled, and its lines' boxes in its pixels."""

    image: bytes                     # JPEG
    width: int
    height: int
    boxes: list[tuple[int, int, int, int, str]]   # x0, y0, x1, y1, text (as Article.scan keeps them)


@dataclass
class Contents:
    """A printed page's table of contents, from an e-paper layout page (版面页): what the page held,
    in the order it lists them, whether or not those articles are in the archive."""

    source: str
    paper: str | None
    date: str | None
    page_no: str | None
    page_name: str | None
    entries: list[dict[str, str]] = field(default_factory=list)   # {"title", "href"} in the page's order


@dataclass
class Page:
    """One page (or one ready article) as read from a source file."""

    source: str                      # path of the file, as given to ingest
    text: str                        # decoded text (raw for OCR pages, body for ready articles)
    format: str                      # "text", "markdown", "html", "jsonl", "scan" (laid out from OCR boxes)
    paper: str | None = None         # from the source's metadata or a manifest
    date: str | None = None          # ISO date, possibly partial: YYYY, YYYY-MM, YYYY-MM-DD
    date_source: str | None = None   # one of DATE_SOURCES
    page_no: str | None = None       # 版次, e.g. "03"
    section: str | None = None       # 版名 or 栏目 from the source's metadata (要闻, 评论)
    tags: list[str] = field(default_factory=list)   # keywords from the source's metadata
    region: list[str] = field(default_factory=list)  # from metadata only
    # Ready articles (HTML, JSON Lines) come already split: these are filled and the
    # splitter is skipped.
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    ready: bool = False              # True when text is one article's body, not a page
    line: int | None = None          # line number inside a JSON Lines file
    scan: Scan | None = None         # a page image's picture and line boxes (image and PDF scans)
    html: str | None = None          # a ready article's body as safe HTML for reading (Markdown sources)


@dataclass
class Topic:
    code: str          # IPTC Media Topics code, e.g. "07000000"
    label: str         # Chinese display label
    score: float       # 0..1, higher is surer
    subtopics: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One article, photo or continuation with its metadata."""

    source: str
    position: int                    # 0-based order on the page
    kind: str = "article"            # one of KINDS
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    authors: list[str] = field(default_factory=list)
    body: str = ""
    paper: str | None = None
    page_no: str | None = None
    section: str | None = None       # 栏目 or 版名: the column or page name it ran under
    tags: list[str] = field(default_factory=list)      # keywords its source gave it (眾新聞's tags)
    region: list[str] = field(default_factory=list)   # province first
    region_code: str | None = None                      # gazetteer code of the last level
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    dates_mentioned: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)  # person/org/place
    url: str | None = None
    dateline: str | None = None      # the dateline or byline text as printed
    furniture: list[str] = field(default_factory=list)  # page header, editors' line printed beside it: kept, not text
    version_group: str | None = None  # id of the earliest near-duplicate ("其他版本"), set at ingest
    scan: dict[str, Any] | None = None  # its place on a scanned page: image (sha1), width, height, boxes
    html: str | None = None          # its body as safe HTML for reading, where the source had markup
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.source_key(), self.position, self.body)

    def source_key(self) -> str:
        """The part of the source that identifies it across machines: the file name."""
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        d = dict(d)
        d["topics"] = [t if isinstance(t, Topic) else Topic(**t) for t in d.get("topics") or []]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in known})

    @property
    def topic_labels(self) -> list[str]:
        return [t.label for t in self.topics]


def article_id(source_key: str, position: int, body: str) -> str:
    """A stable id: the same file read again yields the same ids (permalinks survive re-ingest).

    The body's opening is part of the key so that an improved splitter that moves a
    boundary yields a new id rather than silently pointing an old permalink at other text.
    """
    opening = "".join(body.split())[:64]
    digest = hashlib.sha1(f"{source_key}\x1f{position}\x1f{opening}".encode("utf-8")).hexdigest()
    return digest[:16]
