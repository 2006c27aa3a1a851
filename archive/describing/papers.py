"""Newspapers: the paper a dateline names, the region a paper is at home in, the column a headline names.

`青海日报讯` names 青海日报; `本报讯` means the page's own paper (None here: the
page or a manifest must say which).  A paper's home is the division its name
begins with (海东时报 → 海东市); national papers and agencies have none.
"""
from __future__ import annotations

import re

from archive.describing import regions
from archive.reading import outlets

_DATELINE_PAPER = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:日报|晚报|时报|早报|商报|新闻|报))[讯訊]")
_AGENCY = re.compile(r"(新华社|中新社|中国新闻社)")
# A headline closed by a bracketed name: 永葆人民军队性质宗旨本色（人民论坛）, 蚕茧丰收（礼赞70年）.
_COLUMN = re.compile(r"[（(【〔]([^（）()【】〔〕]{2,14})[)）】〕]\s*$")
_NOT_COLUMN = re.compile(r"[，。、：；！？,.;:!?“”\"'—…]|^(?:[上中下续續完]|之?[一二三四五六七八九十百\d]+|[\d\s]+)$"
                         r"|^(?:上接|下转|接上|转下|图|圖|见|見|附)")


def paper_from_dateline(dateline: str | None) -> str | None:
    """The paper or agency a dateline names; None for 本报 (the page's own paper) or none."""
    if not dateline:
        return None
    agency = _AGENCY.search(dateline)
    if agency:
        return "中国新闻社" if agency.group(1) == "中新社" else agency.group(1)
    found = _DATELINE_PAPER.search(dateline)
    if found and not found.group(1).startswith(("本报", "本報")):
        return found.group(1)
    return None


def column(headline: str | None) -> str | None:
    """The column (栏目) a headline names in brackets at its end, as 人民日报 prints them; not a part
    number (（上）, （之三）, （36）), a continuation mark or a bracket holding a phrase."""
    found = _COLUMN.search(headline or "")
    if not found or _NOT_COLUMN.search(found.group(1)) or not re.search(r"[\u4e00-\u9fff]", found.group(1)):
        return None
    return found.group(1).strip()


def home_region(paper: str | None) -> tuple[list[str], str | None]:
    """A listed outlet's home (眾新聞 → 香港, data/outlets.tsv), else the region whose name the paper's
    title begins with, e.g. 乌海日报 → [内蒙古自治区, 乌海市]."""
    if not paper:
        return [], None
    gaz = regions.gazetteer()
    listed = outlets.home(paper)
    if listed is not None:
        code = gaz.code_for_path(listed)
        return (gaz.path(code), code) if code else ([], None)
    found = gaz.mentions(paper)
    if not found or found[0][0] != 0:
        return [], None
    candidates = gaz.lookup(found[0][2])
    if len(candidates) != 1:
        candidates = [c for c in candidates if c.level < 3] or candidates
    if len(candidates) != 1:
        return [], None
    return gaz.path(candidates[0].code), candidates[0].code


def page_context(texts: list[str]) -> list[str]:
    """The dominant region of a page whose paper is unknown (see regions.page_context)."""
    return regions.page_context(texts)
