"""What a page's surroundings say about it: a manifest beside it, or its file name.

Librarians rarely get metadata inside OCR text.  It comes as a `manifest.csv` or
`manifest.json` next to the pages (file, paper, date, page) or in names such as
`2023-12-05_海东时报_03.txt`.  A manifest wins over a file name; neither invents
anything the file does not say.
"""
from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from archive.reading import dates

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
_PAPER = re.compile(r"[\u4e00-\u9fff]{2,12}(?:报|刊|新闻|通讯社|社)$")
_PAGE = re.compile(r"^(?:第)?([A-Za-z]?\d{1,3})(?:版)?$")


def lookup(path: Path) -> dict[str, str]:
    """Metadata for one file: keys among paper, date, date_precision, date_source, page_no, section."""
    meta = _from_filename(path.name)
    entry = _manifest_for(str(path.parent.resolve())).get(path.name)
    if entry:
        meta.update({k: v for k, v in _describe_entry(entry).items() if v})
    return meta


def _describe_entry(entry: dict[str, str]) -> dict[str, str]:
    out = {"paper": (entry.get("paper") or "").strip(), "page_no": (entry.get("page") or "").strip(),
           "section": (entry.get("section") or "").strip()}
    parsed = dates.parse_date(entry.get("date") or "")
    if parsed:
        out["date"], out["date_precision"] = parsed
        out["date_source"] = "manifest"
    return out


def _from_filename(name: str) -> dict[str, str]:
    stem = name.rsplit(".", 1)[0]
    meta: dict[str, str] = {}
    parsed = dates.date_from_filename(stem)
    if parsed:
        meta["date"], meta["date_precision"] = parsed
        meta["date_source"] = "filename"
    parts = re.split(r"[_\s]+", stem)
    for part in parts:
        if _PAPER.match(part):
            meta["paper"] = part
    if meta.get("paper") and len(parts) >= 3:
        page = _PAGE.match(parts[-1])
        if page:
            meta["page_no"] = page.group(1)
    return meta


@lru_cache(maxsize=256)
def _manifest_for(folder: str) -> dict[str, dict[str, str]]:
    """Entries of the manifest in `folder`, by file name; {} when there is none or it is unreadable."""
    base = Path(folder)
    for name in MANIFEST_NAMES:
        path = base / name
        if path.is_file():
            try:
                return _load(path)
            except (OSError, ValueError, csv.Error):
                return {}
    return {}


def _load(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        data = json.loads(text)
        rows = [dict(v, file=k) for k, v in data.items()] if isinstance(data, dict) else list(data)
    return {str(r.get("file", "")).strip(): {k: str(v or "") for k, v in r.items()} for r in rows if r.get("file")}


def is_manifest(path: Path) -> bool:
    return path.name in MANIFEST_NAMES
