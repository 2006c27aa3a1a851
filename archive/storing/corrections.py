"""Librarians' corrections to what was read from a page: checked, applied, and kept.

Reading pages is automatic and sometimes wrong: a region taken from a venue, a headline
given to the neighbouring article, a date the page never printed.  A librarian's
correction names one field and its right value; it is checked here (a region must be in
the gazetteer, a topic in the taxonomy, a date a real date), stored with who made it,
when and why (archive/storing/store.py), and applied over the machine's reading every time the
article is stored again, so a re-ingest does not silently undo it.
"""
from __future__ import annotations

import re
from typing import Any

from archive.describing import regions, topics
from archive.model import KINDS, Article, Topic
from archive.reading import dates

# field → Chinese label, in the order forms offer them
FIELDS = {"title": "标题", "authors": "作者", "date": "日期", "paper": "报纸", "region": "地区",
          "topics": "主题", "kind": "类型"}
_LIST_SEP = re.compile(r"[、,，;；\s]+")
_PATH_SEP = re.compile(r"\s*[/>›＞]\s*")


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message says why, in Chinese."""


def parse(field: str, raw: str) -> Any:
    """The checked value of a correction typed as text; an empty text clears the field."""
    if field not in FIELDS:
        raise CorrectionError(f"不能更正这个字段：{field}")
    text = (raw or "").strip()
    if len(text) > 500:
        raise CorrectionError("内容过长")
    return _PARSERS[field](text)


def apply(article: Article, field: str, value: Any) -> None:
    """Set `field` of `article` to a value `parse` returned."""
    if field == "date":
        article.date = value
        article.date_precision = {4: "year", 7: "month", 10: "day"}[len(value)] if value else None
        article.date_source = "librarian" if value else None
    elif field == "region":
        gaz = regions.gazetteer()
        article.region = list(value)
        article.region_code = gaz.code_for_path(value) if value else None
    elif field == "topics":
        labels = topics.taxonomy()
        article.topics = [Topic(code, labels[code], 1.0) for code in value]
    else:
        setattr(article, field, value)


def _title(text: str) -> str | None:
    return text or None


def _authors(text: str) -> list[str]:
    return [name for name in _LIST_SEP.split(text) if name]


def _date(text: str) -> str | None:
    if not text:
        return None
    if not dates.is_iso_date(text):
        raise CorrectionError(f"日期应写作 2023、2023-12 或 2023-12-05：{text}")
    return text


def _region(text: str) -> list[str]:
    if not text:
        return []                   # about no particular place (national or foreign news)
    gaz = regions.gazetteer()
    names = [_official(gaz, p) for p in _PATH_SEP.split(text) if p]
    if len(names) == 1 and len({d.code for d in gaz.lookup(names[0])}) > 1:
        raise CorrectionError(f"有多个地区叫{names[0]}，请写出上级（如 青海省/海东市/{names[0]}）")
    code = gaz.code_for_path(names)
    if code is None:
        raise CorrectionError(f"行政区划表中没有这个地区：{text}（写作 青海省/海东市）")
    return gaz.path(code)


def _official(gaz: regions.Gazetteer, name: str) -> str:
    """青海 → 青海省: a short form the gazetteer knows as one division's is written out."""
    found = {d.name for d in gaz.lookup(name)}
    return found.pop() if len(found) == 1 else name


def _topics(text: str) -> list[str]:
    codes = []
    for label in _LIST_SEP.split(text):
        if not label:
            continue
        code = topics.normalize_topic(label)
        if code is None:
            raise CorrectionError(f"没有这个主题：{label}（可用：{'、'.join(topics.taxonomy().values())}）")
        if code not in codes:
            codes.append(code)
    return codes


def _kind(text: str) -> str:
    if text not in KINDS:
        raise CorrectionError(f"类型应为 {'、'.join(KINDS)} 之一")
    return text


_PARSERS = {"title": _title, "authors": _authors, "date": _date, "paper": _title, "region": _region,
            "topics": _topics, "kind": _kind}
