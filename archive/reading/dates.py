"""Dates: publication dates from metadata and file names, and dates mentioned in text.

A date keeps its precision: `2023` is a year, `2023-12` a month, `2023-12-05` a
day, and a date the text gives without its year (`12月1日`) stays `12-01` unless
the publication date supplies the year.  Relative words (昨天, 上月, 去年) are
resolved only against a publication date precise enough to make them exact;
otherwise they are left out rather than guessed.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUM = "[〇○零一二两三四五六七八九十]"
_NUM = rf"(?:\d{{1,4}}|{_CN_NUM}{{1,4}})"

_ISO_EXACT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?(?!\d)")
_YEAR_ONLY = re.compile(r"^(\d{4})年?$")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_TEXT_DATE = re.compile(rf"(?:({_NUM})年)?({_NUM})月(?:({_NUM})[日号])?"
                        rf"(?:(?:至|到|—|-|～|~)(?:({_NUM})月)?({_NUM})[日号])?")
_TEXT_YEAR = re.compile(r"(?<![\d〇○零一二三四五六七八九十])((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?![\d一二三四五六七八九十]+月|代|度|底|初|末|以来)")
_RELATIVE_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
_RELATIVE = re.compile("|".join(list(_RELATIVE_DAY) + ["本月", "上月", "上个月", "今年", "去年", "明年", "前年"]))


def _num(text: str | None) -> int | None:
    """Arabic, full-width or Chinese numerals (十二, 二十一, 二〇二三) to int."""
    if not text:
        return None
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    digits = [_CN_DIGITS.get(c) for c in text]
    return int("".join(str(d) for d in digits)) if all(d is not None for d in digits) else None


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    return y is None or 1800 <= y <= 2200


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str:
    parts = [f"{y:04d}"] if y else []
    if m:
        parts.append(f"{m:02d}")
    if d:
        parts.append(f"{d:02d}")
    return "-".join(parts)


def is_iso_date(text: str) -> bool:
    """`2023`, `2023-12` or `2023-12-05`, written exactly so, naming a year, month or day that
    exists: the one form search filters and librarians' corrections accept."""
    m = _ISO_EXACT.fullmatch(text)
    try:
        return bool(m) and bool(date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)))
    except ValueError:
        return False


def parse_date(text: str) -> tuple[str, str] | None:
    """A written date (`2023-12-05`, `2023年12月5日`, `2023/12`, `20231205`, `2023`) → (ISO, precision)."""
    text = (text or "").strip().translate(_FULLWIDTH)
    if not text:
        return None
    year = _YEAR_ONLY.match(text)
    if year and _valid(int(year.group(1)), None, None):
        return year.group(1), "year"
    for pattern in (_ISO, _COMPACT):
        found = pattern.search(text)
        if found:
            y, m, d = (int(g) if g else None for g in found.groups())
            if _valid(y, m, d):
                return _iso(y, m, d), "day" if d else "month"
    return None


def date_from_filename(name: str) -> tuple[str, str] | None:
    """The date in a file name such as `2023-12-05_海东时报_03`, `20231205-03-02` or `2023年12月5日`."""
    found = parse_date(name)
    return found if found and found[1] != "year" else None


def dates_mentioned(text: str, pub_date: str | None) -> list[str]:
    """Dates the text mentions, normalised, in first-seen order without repeats."""
    text = (text or "").translate(_FULLWIDTH)
    pub = _as_date(pub_date)
    pub_year = int(pub_date[:4]) if pub_date and pub_date[:4].isdigit() else None
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _TEXT_DATE.finditer(text):
        spans.append(match.span())
        y, m, d, m2, d2 = (_num(g) for g in match.groups())
        year = y if y else pub_year
        if _valid(year, m, d) and (year or d):   # a bare month without a year says too little
            found.append(_iso(year, m, d) if year else f"{m:02d}-{d:02d}")
        if d2 and _valid(year, m2 or m, d2):
            end_m = m2 or m
            found.append(_iso(year, end_m, d2) if year else f"{end_m:02d}-{d2:02d}")
    for match in _TEXT_YEAR.finditer(text):
        if not any(a <= match.start() < b for a, b in spans) and _valid(_num(match.group(1)), None, None):
            found.append(f"{_num(match.group(1)):04d}")
    found.extend(_relative(text, pub, pub_date))
    return list(dict.fromkeys(found))


def _as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _relative(text: str, pub: date | None, pub_date: str | None) -> list[str]:
    out = []
    for match in _RELATIVE.finditer(text):
        word = match.group(0)
        if word in _RELATIVE_DAY:
            if pub:
                out.append((pub + timedelta(days=_RELATIVE_DAY[word])).isoformat())
        elif word in ("本月", "上月", "上个月") and pub_date and len(pub_date) >= 7:
            y, m = int(pub_date[:4]), int(pub_date[5:7])
            if word != "本月":
                y, m = (y - 1, 12) if m == 1 else (y, m - 1)
            out.append(_iso(y, m))
        elif pub_date:
            shift = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}[word]
            out.append(f"{int(pub_date[:4]) + shift:04d}")
    return out
