"""Datelines, bylines and photo credits: where an article starts or ends, and who wrote it.

Chinese papers mark authorship in a few stable shapes, simplified or traditional:
an opening dateline (本报讯（记者 王某）, 青海日报讯（…）, 新华社西宁12月3日电（记者 X）),
an opening byline on its own line (本报记者 X, □ 记者 X, 本报记者 X 报道), a closing
byline in brackets after the last sentence (（通讯员 X Y）) and a photo credit
(记者 X 摄, 新华社记者 X 摄).  Each of them is also an article boundary, which is why
the segmenter and the cleaner (which must not glue the names together) both use them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC

from archive import DATA

# Role words, longest first so that 特约记者 wins over 记者.  Simplified and traditional.
ROLES = sorted({
    "本报记者", "本报特约记者", "本报通讯员", "特约记者", "新华社记者", "中新社记者", "见习记者",
    "实习记者", "首席记者", "驻站记者", "融媒体记者", "全媒体记者", "全媒记者", "融媒记者", "记者", "通讯员", "实习生",
    "摄影记者", "摄影", "撰文", "文/图", "图/文", "文／图", "编辑", "特约撰稿人",
    "本報記者", "本報特約記者", "特約記者", "新華社記者", "見習記者", "實習記者", "記者",
    "通訊員", "實習生", "攝影記者", "攝影", "文／圖", "圖／文",
    "文／", "文/", "撰文：", "撰文:", "撰文／", "採訪：", "攝影：", "摄影：",   # Hong Kong and Taiwan print the role so
    "記者：", "記者:", "记者：", "记者:", "文：", "文:", "作者：", "作者:",
    "特派记者", "特派記者", "特派员", "特派員", "本报特派记者", "本報特派記者",
}, key=len, reverse=True)
# OCR spaces out role words too (记 者): the pattern reads them through stray spaces.
_ROLE = "(?:" + "|".join("[ \u3000]*".join(map(re.escape, r)) for r in ROLES) + ")"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME = f"[{_CJK}·•]{{2,5}}"
_NAMES = rf"{_NAME}(?:[ \u3000、,，]+{_NAME})*"
_WHO = rf"{_ROLE}[ \u3000]*{_NAMES}(?:[ \u3000、,，]+(?:{_ROLE}[ \u3000]*)?{_NAMES})*"
# Where brackets or 摄 close the byline, a name may be spaced out by OCR (记者 李 长 云) or printed
# without a space before the next (记者丁怡婷程远州).  A byline line of its own has no such
# end mark, and spaced names there would read body text (记者今日从人 民 银 行…) as a byline.
_SPACED = f"[{_CJK}](?:[ \u3000](?![摄攝])[{_CJK}]){{1,3}}"
_GLUED = f"[{_CJK}·•]{{2,10}}"
_WHO_GLUED = _WHO.replace(_NAME, f"(?:{_GLUED}|{_SPACED})")
BULLET = "[□■◎●◆◇▲△★☆▶►•※]"
_LEAD = r"[ \u3000]*"

# Round brackets as printed, and as OCR engines read them (〈 〉 for （ ）; 《 too where one opens a
# dateline's byline or a jump line, where no book title stands).
_OPEN, _SHUT = "（(〈", ")）〉"
# 本报讯 / XX日报讯 / 本报北京12月3日电 / 本报1月2日讯 / (据)新华社西宁12月3日电, optionally followed by
# （记者 X）; OCR may space the day out (本报1月 2 日讯).
_DAY = r"[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*[日号號]"
_DAY_IN = re.compile(_DAY)
_DAILY = "(?:日报|晚报|时报|商报|日報|晚報|時報|商報)"     # what a paper's name ends with, 报 aside
_SOURCE = (rf"(?:本报讯|本報訊|【[{_CJK}]{{1,10}}?(?:报|報)(?:专|專)?[讯訊]】|[{_CJK}]{{2,10}}?(?<!本)(?:{_DAILY}|报|報)[讯訊]"
           rf"|[据據]?(?:本报|本報|新华社|新華社|中新社|中新網|中新网)"
           rf"(?:[^{_OPEN}，,。\s\d]{{0,10}}?{_DAY}[ \u3000]*[电電讯訊]|(?![记記])[^{_OPEN}，,。\s]{{0,14}}?[电電]))")
DATELINE = re.compile(rf"^{_LEAD}(?P<source>{_SOURCE})[ \u3000]*(?:[{_OPEN}《](?P<who>[^{_OPEN}{_SHUT}]{{1,60}})[{_SHUT}])?")
# （记者 X）at the very start of a paragraph.
# 【记者手记】, （记者观察）: a column's label, not a byline.
_NOT_COLUMN = r"(?!(?:手记|手記|观察|觀察|调查|調查|追踪|追蹤|札记|札記|感言|体验|體驗|探访|探訪|笔记|筆記)[)）〉】])"
_WHO_BRACKETED = _WHO_GLUED.replace(rf"{_ROLE}[ \u3000]*", rf"{_ROLE}[ \u3000]*{_NOT_COLUMN}", 1)
OPEN_BRACKET = re.compile(rf"^{_LEAD}(?:[{_OPEN}](?P<who>{_WHO_BRACKETED})[{_SHUT}]|【(?P<boxed>{_WHO_BRACKETED})】)")
# A byline line of its own: 本报记者 X / □ 记者 X / 本报记者 X 报道 / 本报记者 X 文/图.
_REPORTS = "(?:报道|報道|文/图|文／图|文／圖)"
# Spaced-out names only before 报道, which ends the byline as a bracket would.
_WHO_SPACED = _WHO.replace(_NAME, f"(?:{_NAME}|{_SPACED})")
OPEN_LINE = re.compile(rf"^{_LEAD}(?:{BULLET}[ \u3000]*)?(?:[{_CJK}]{{1,8}}?(?:日报|晚报|日報|晚報|新闻|新聞)|[{_CJK}]{{2,4}}?(?=特派))?"
                       rf"(?P<who>{_WHO}(?![^ \u3000])|{_WHO_SPACED}(?=[ \u3000]+{_REPORTS}[ \u3000]*$))"
                       rf"(?:[ \u3000]+{_REPORTS})?[ \u3000]*$")
NAMED_REPORT = re.compile(rf"^{_LEAD}(?P<who>[{_CJK}]{{2,3}})[ \u3000]*(?:报道|報道)[ \u3000]*$")
# （通讯员 X Y） closing the last paragraph.
CLOSING = re.compile(rf"[ \u3000]*[{_OPEN}][ \u3000]*(?P<who>{_WHO_GLUED})[ \u3000]*[{_SHUT}][ \u3000]*$")
# A reporter's name alone in brackets after the last sentence, Hong Kong's way: …沒有回報。（林勵）
BARE_NAME = re.compile(rf"(?:^|(?<=[。！？!?」』”]))[ \u3000]*[{_OPEN}](?P<who>[{_CJK}]{{2,4}})[{_SHUT}][ \u3000]*$")
_NOT_NAME_END = "完续續图圖报報社"     # （全文完）, （待续）, （资料图）: notes, not names
# A columnist's name and a note on who they are, closing the piece: 羅家聰（作者為自由撰稿人）.
AUTHOR_NOTE = re.compile(rf"(?:^|(?<=[。！？!?」』”]))[ \u3000]*(?P<who>[{_CJK}·•]{{2,5}})[ \u3000]*"
                         rf"[{_OPEN}]作者[為为是係系][^{_OPEN}{_SHUT}]{{1,40}}[{_SHUT}][ \u3000]*$")
# 记者 X 摄 / 新华社记者 X 摄 / X 摄 (a name needs a space before 摄 when no role names it).
_SPACED_NAMES = _NAMES.replace(_NAME, f"(?:{_NAME}|{_SPACED})")
_SHOT = "(?:摄影|摄|攝影|攝)(?:报道|報道)?"     # 摄 (摄影报道) closing a credit, in either script
_ROLED = rf"{_ROLE}[ \u3000]*{_SPACED_NAMES}(?:[ \u3000]+{_ROLE}[ \u3000]*{_SPACED_NAMES})*[ \u3000]*"
# The photo column a credit may name after it: 本报记者 X 摄影报道（影像中国）.
_COLUMN_TAG = rf"(?:[{_OPEN}][{_CJK}]{{2,8}}[{_SHUT}])"
# Hong Kong prints it glued, on a line of its own or bracketed (王小明攝, （李大文攝）); glued at the end
# of a wrapped line it is the text's own word (…全國攝|影展覽, …在現場拍攝).
CREDIT = re.compile(rf"(?:^|(?<=[\s。！？!?”」』）)]))[ \u3000]*(?P<open>[{_OPEN}])?[ \u3000]*"
                    rf"(?P<who>{_ROLED}|{_NAMES}[ \u3000]+|(?(open)|^){_NAMES})(?<!拍){_SHOT}[ \u3000]*(?(open)[{_SHUT}]|{_COLUMN_TAG}?)[ \u3000]*$")
# A caption's credit in brackets right after its words (…市民排隊等候（李大文攝）): Hong Kong sets such photos
# inside the story, so it marks a caption line but neither signs nor ends anything.
CAPTION_CREDIT = re.compile(rf"[{_OPEN}][ \u3000]*{_NAMES}[ \u3000]*{_SHOT}[ \u3000]*[{_SHUT}][ \u3000]*$")
# Page furniture printed as a line of text: the page header (2020年1月17日 星期五 第3版 要闻) and the
# editors' line at the foot (责任编辑：…, 本版责编：…).  Neither belongs to any story's text.
_DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号號]|\d{4}[-./]\d{1,2}[-./]\d{1,2})"
_PAGE_DIGITS = r"[\d一二三四五六七八九十]{1,3}[ \u3000]*版"
_PAGE_NO = rf"第[ \u3000]*[A-Z]?{_PAGE_DIGITS}"
_PAPER_NAME = rf"[{_CJK}]{{1,8}}?(?:日报|晚报|日報|晚報|报|報|新闻|新聞)"
# The date with 第N版 anywhere on the line, or a paper's name, the date and the weekday right after it
# (a sentence naming a day, 面试将于2020年2月22日（星期六）, has words before the date or brackets);
# after the weekday a space or, its spaces gone, the page number (星期五01体育人民日报).
PAGE_HEADER = re.compile(
    rf"^(?=.{{0,40}}$)(?![^。，,；;（(]*[。，,；;（(])"
    rf"(?:(?=.*{_PAGE_NO}).*{_DATE}.*"
    rf"|[ \u3000]*(?:{_PAPER_NAME})?[ \u3000]*{_DATE}[ \u3000]*(?:星期|週)[一二三四五六日天](?:[ \u3000].*|[A-Z]?\d{{1,3}}(?![\d时点:：]).*)?)$")
# The page's other furniture, a line of its own: the paper's name (人民日报, or romanized: RENMIN
# RIBAO), the page and its name (第2版 地方新闻, 第三版：综合, 3 要闻, 要闻 2; not a count: 5 个月),
# or a running head of section, paper (or its edition) and page (民生 人民日报 03 2020年1月7日).
_COUNTED = "[个個万萬亿億元年月日天岁歲人名家项項条條次期届屆大倍种種位件座]"
PAGE_LINE = re.compile(
    rf"^[ \u3000]*(?:[{_CJK}]{{1,3}}{_DAILY}|[A-Z]{{2,}}(?: [A-Z]{{2,}}){{1,3}}"
    rf"|\d{{1,2}}[ \u3000]+(?!{_COUNTED})[{_CJK}]{{2,4}}|[{_CJK}]{{2,4}}[ \u3000]+\d{{1,2}}"
    rf"|{_PAGE_NO}(?:[ \u3000：:·]*[{_CJK}]{{2,6}})?"
    rf"|(?:[{_CJK}]{{2,6}}[ \u3000]+)?{_PAPER_NAME}(?:[{_CJK}]{{1,3}}版)?[ \u3000]+\d{{1,2}}(?:[ \u3000]+{_DATE})?)[ \u3000]*$")
# A label set over a run of briefs (简讯, 本版簡訊, 新闻速览): it names the run, no story in it.
BRIEFS_LABEL = re.compile(rf"^[ \u3000]*(?:{BULLET}|[【〔\[])?[ \u3000]*"
                          rf"(?:[{_CJK}]{{0,4}}?(?:简讯|簡訊|简报|簡報|快讯|快訊|速览|速覽|速递|速遞|短讯|短訊)"
                          r"|(?:本版|本报|本報|要闻|要聞|一句话|一句話|图片|圖片|国内|國內|国际|國際)?(?:新闻|新聞))"
                          rf"[ \u3000]*(?:{BULLET}|[】〕\]])?[ \u3000]*$")
EDITORS = re.compile(r"^[（(]?\s*(?:本版)?(?:责任编辑|責任編輯|责编|責編|编辑|編輯|美编|美編|美术编辑|美術編輯|版式设计|版式設計|版式|校对|校對|组版|組版|制图|製圖|图表制作|圖表製作)\s*[：:]")
# Jump lines: （上接第一版） / （下转第3版）, or unbracketed after a bullet or standing apart (▲上接第1版, ►下转第6版).
_PAGE_REF = rf"第?[ \u3000]*{_PAGE_DIGITS}"
_FROM = "(?:上接|接上|上承|承上)"
CONTINUED_FROM = re.compile(rf"^[ \u3000]*(?:[{_OPEN}《]{_FROM}[^{_OPEN}{_SHUT}]{{0,8}}[{_SHUT}]"
                            rf"|{BULLET}[ \u3000]*{_FROM}{_PAGE_REF}|{_FROM}第[ \u3000]*{_PAGE_DIGITS})")
CONTINUED_TO = re.compile(rf"(?:[{_OPEN}《](?:下转|转下|下轉|轉下|转)[^{_OPEN}{_SHUT}]{{0,8}}[{_SHUT}]"
                          rf"|(?:^|(?<=[。！？”’\s])|{BULLET})[ \u3000]*(?:下转|下轉|转|轉){_PAGE_REF})[ \u3000]*$")

# Paper names a dateline may carry: 青海日报讯 → 青海日报.
_PAPER = re.compile(rf"^(?P<paper>[{_CJK}]{{2,10}}?(?:{_DAILY}|报|報))[讯訊]$")
_ROLE_PREFIX = re.compile(rf"^{_ROLE}")
_SPLIT = re.compile(r"[ \u3000、,，]+")
_SPACE_RUN = re.compile(r"[ \u3000]+")


@dataclass
class Byline:
    """One dateline, byline or credit as printed, with what it says."""

    text: str                     # as printed
    authors: list[str] = field(default_factory=list)
    paper: str | None = None      # the paper a dateline names (青海日报讯 → 青海日报)
    own_paper: bool = False       # 本报讯: the page's own paper


def names(who: str) -> list[str]:
    """The personal names in a byline's bracket: role words dropped, order kept, no repeats."""
    who = re.sub(_ROLE, lambda m: " " + _SPACE_RUN.sub("", m.group(0)) + " ", who)
    out: list[str] = []
    for token in _join_single(_SPLIT.split(who.strip())):
        while token and (m := _ROLE_PREFIX.match(token)):
            token = token[m.end():]
        token = token.strip("·• ")
        if token in ("报道", "報道", "摄", "攝", "摄影", "攝影"):
            continue
        if not re.fullmatch(f"[{_CJK}·•]+", token):
            continue
        for name in unglue(token):
            if 2 <= len(name) <= 5 and name not in out:
                out.append(name)
    return out


def _join_single(tokens: list[str]) -> list[str]:
    """Single characters in a row are one name OCR spaced out (李 长 云 → 李长云): no name has one character."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames), simplified and traditional."""
    words = " ".join(line for line in (DATA / "surnames.txt")
                     .read_text(encoding="utf-8").splitlines() if not line.startswith("#")).split()
    words += [OpenCC("s2t").convert(w) for w in words]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


def unglue(token: str) -> list[str]:
    """Names printed without a space between them (王迪王丹, 丁怡婷程远州), split at surnames.

    A token of four or more characters is split only when every part is two or three
    characters long and starts with a common surname; a compound surname (欧阳) or a
    name from a minority language (才让多杰, 额尔敦巴雅尔) has no such split and stays whole.
    """
    single, compound = _surnames()
    if len(token) < 4 or "·" in token or "•" in token or token[:2] in compound:
        return [token]

    def splits(rest: str) -> list[list[str]]:
        if not rest:
            return [[]]
        return [[rest[:n]] + tail for n in (2, 3)
                if len(rest) >= n and rest[0] in single for tail in splits(rest[n:])]

    found = sorted(splits(token), key=len)
    return found[0] if found and len(found[0]) > 1 else [token]


def opens_news(text: str) -> bool:
    """`text` opens with a dateline that can only be one (…讯, or a place and a day before 电), not a
    sentence that merely starts with 本报 (本报热线电话, 本报共收到读者来电)."""
    m = DATELINE.match(text)
    return bool(m) and (m.group("source").endswith(("讯", "訊", "讯】", "訊】")) or _DAY_IN.search(m.group("source"))
                        is not None)


def parse_dateline(text: str) -> tuple[Byline, str] | None:
    """An opening dateline or byline at the start of `text`, and the text after it."""
    m = DATELINE.match(text)
    if m:
        source = m.group("source")
        paper_m = _PAPER.match(source)
        own = source.startswith(("本报", "本報"))
        paper = None if own or not paper_m else paper_m.group("paper")
        return Byline(m.group(0).strip(), names(m.group("who") or ""), paper, own), text[m.end():]
    m = OPEN_BRACKET.match(text)
    if m:
        return Byline(m.group(0).strip(), names(m.group("who") or m.group("boxed"))), text[m.end():]
    m = OPEN_LINE.match(text) or _named_report(text)
    if m:
        return Byline(m.group(0).strip(), names(m.group("who"))), ""
    return None


def _named_report(text: str) -> re.Match | None:
    """A reporter's name and 报道 alone on a line, no role before it (鄭啟智報道): a name by its surname."""
    m = NAMED_REPORT.match(text)
    return m if m and _surnamed(m.group("who")) else None


def parse_closing(text: str) -> tuple[str, Byline] | None:
    """A closing byline at the end of `text`: (text before it, byline)."""
    m = CLOSING.search(text) or AUTHOR_NOTE.search(text) or _bare_name(text)
    if not m:
        return None
    return text[:m.start()], Byline(m.group(0).strip(), names(m.group("who")))


def _bare_name(text: str) -> re.Match | None:
    """BARE_NAME where the bracketed word is shaped like a name: a surname first, no note's ending."""
    m = BARE_NAME.search(text)
    if not m:
        return None
    who = m.group("who")
    return m if _surnamed(who) and who[-1] not in _NOT_NAME_END else None


def _surnamed(word: str) -> bool:
    """`word` begins with a common surname (王…, 欧阳…): shaped like a name."""
    single, compound = _surnames()
    return word[0] in single or word[:2] in compound


def parse_credit(text: str) -> tuple[str, Byline] | None:
    """A photo credit (… 摄) at the end of `text`: (caption before it, byline)."""
    m = CREDIT.search(text)
    if not m:
        return None
    return text[:m.start()], Byline(m.group(0).strip(), names(m.group("who")))


def is_byline(text: str) -> bool:
    """Whether a whole line is a dateline, byline or credit (never a headline or body)."""
    s = text.strip()
    if OPEN_LINE.match(s):
        return True
    opening = parse_dateline(s)
    if opening and not opening[1].strip():
        return True
    ending = parse_closing(s) or parse_credit(s)
    return bool(ending and not ending[0].strip())


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges whose spaces separate names and must survive space clean-up."""
    spans = []
    for pattern in (DATELINE, OPEN_BRACKET, OPEN_LINE):
        m = pattern.match(text)
        if m:
            spans.append((m.start(), m.end()))
    for pattern in (CLOSING, CREDIT):
        m = pattern.search(text)
        if m:
            spans.append((m.start(), m.end()))
    return spans


def is_furniture(text: str) -> bool:
    """A page header, an editors' line or a briefs label: printed on the page, part of no story."""
    s = text.strip()
    return bool(PAGE_HEADER.match(s) or PAGE_LINE.match(s) or EDITORS.match(s) or BRIEFS_LABEL.match(s))


def unbulleted(title: str) -> str:
    """A brief's title without the bullet it is printed after (■ 习近平：… → 习近平：…) or the
    brackets it is set in whole (【…】, 〔…〕; 【旺角衝突】司法機構… keeps its label)."""
    title = re.sub(rf"^{BULLET}+[ \u3000]*", "", title)
    for left, right in ("【】", "〔〕"):
        if title.startswith(left) and title.endswith(right) and title.count(left) == 1 and len(title) > 2:
            return title[1:-1]
    return title
