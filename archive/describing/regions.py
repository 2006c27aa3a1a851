"""Where an article is about: China's divisions, their short names, and weighing the evidence.

The gazetteer (data/divisions.tsv) holds every province, prefecture and county
with its code.  Short forms are made by rule, not listed: 海西蒙古族藏族自治州 →
海西州, 海西; 互助土族自治县 → 互助县; 格尔木市 → 格尔木.  A bare short form that is
also an everyday word (互助, 平安) is not used on its own, judged by jieba's
dictionary rather than a list tuned to any one paper.

Resolving weighs mentions: a title or an opening counts more than a passing
mention, names in an enumeration (江苏、武汉、广州等) say where the subject acts,
not what it is about (but 湖北省、武汉市 is one place at two levels), and a name
printed after its parent (海东市互助县) settles both and counts once, for both.
A prefecture whose bare name is also a word (大同, 合肥, 日照) is read as the city
only where the text names its province and the word stands alone.  The path then descends from the strongest province as long as one child
clearly dominates.  `context` (the paper's home, or the page's dominant region)
resolves ambiguous names, gives 我市/全州 a meaning, and is the answer when an
article names no place at all.  National news has no region: when the country's
institutions and leaders (国务院, 全国人大, 生态环境部, 我国) outweigh every province, a
place named as the venue (在北京召开) or in passing does not make it local news.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from archive import DATA
from archive.reading import words

_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "县", "区", "盟", "旗")
_SHORT_LEVEL = {"自治州": "州", "自治县": "县", "自治旗": "旗", "地区": "地区", "盟": "盟", "市": "市", "县": "县"}
_ETHNIC = re.compile(r"(?:(?:蒙古|藏|回|土|撒拉|哈萨克|维吾尔|壮|苗|彝|侗|瑶|白|土家|哈尼|傣|黎|傈僳|佤|畲|拉祜|水|东乡|"
                     r"纳西|景颇|柯尔克孜|达斡尔|仫佬|羌|布朗|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|"
                     r"德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|布依|朝鲜|满|黎族苗)族)+$")
_NOT_AFTER_BARE = set("镇乡村路街巷湖山河站")
_LOCAL = re.compile(r"(?:我|全|本|该)(市|州|县|旗|盟|省)")
TITLE_WEIGHT, OPENING_WEIGHT, ENUM_WEIGHT, CONTEXT_WEIGHT = 3.0, 2.0, 0.3, 1.5
OPENING = 120
NATIONAL_OVER = 2.0  # national evidence this many times the best province's: no region
ABROAD_MIN = 3.0     # evidence for places abroad (a title mention, or three in passing) before it can count
# The country acting as a whole: its institutions, leaders and the words for the nation.
_NATIONAL = re.compile(
    r"国务院|党中央|中共中央|中央(?:纪委|军委|政治局|委员会|办公厅|组织部|宣传部|指导组|气象台)|"
    r"全国(?:人大|政协|妇联|总工会)?|我国|国家(?:主席|副主席)|国家[\u4e00-\u9fff]{1,10}?(?:局|委员会|委)|"
    r"最高人民(?:法院|检察院)|最高检|最高法|人民大会堂|中南海|国新办|国务委员|(?:副)?总理|委员长|"
    r"(?:外交|国防|教育|科技|工业和信息化|公安|民政|司法|财政|人力资源和社会保障|自然资源|生态环境|"
    r"住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|应急管理|退役军人事务)部|"
    r"工信部|人社部|住建部|中宣部|审计署|海关总署|[税务体育广电]{2}总局|市场监管总局|国家统计局|统计局|"
    r"银保监会|证监会|人民银行|央行|发改委|国资委|卫健委|医保局")
# The nation's institutions sit in the capital: beside them, 在京 / 北京 mostly says where the
# nation acted, so the capital's evidence counts for less against theirs, unless the text names
# the municipality itself (北京市文化和旅游局 is local government).
CAPITAL, CAPITAL_NAME, CAPITAL_WEIGHT = "110000", "北京市", 0.5
SHARE = 0.6          # a child must hold this share of its siblings' evidence to be chosen
OWN = 0.4            # ... and this fraction of what speaks for the parent itself
COUNTY_LEVEL, COUNTY_MIN = 3, 2.0   # a county or district takes more than one mention in passing


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent: str


class Gazetteer:
    """Every division of China, looked up by official name, short form or well-known place."""

    def __init__(self, divisions: list[Division], places: dict[str, str]):
        self.by_code = {d.code: d for d in divisions}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.bare: set[str] = set()
        self.guarded: dict[str, str] = {}     # everyday-word stem of a prefecture (大同, 日照) -> its code
        for d in divisions:
            forms = short_forms(d)
            stem = _stem(d)
            if d.level == 2 and stem and len(stem) >= 2 and stem not in forms:
                self.guarded[stem] = d.code
            self.bare |= {f for f in forms if not f.endswith(tuple(_SHORT_LEVEL.values()))}
            for name in {d.name, *forms}:
                self.names[name].add(d.code)
        for place, code in places.items():
            if code in self.by_code:
                self.names[place].add(code)
        # names by their first two characters (every name has two or more), longest first; a
        # character class of first characters lets the scan jump, in C, to where a name can start
        self._by_pair: dict[str, list[str]] = defaultdict(list)
        for name in sorted(self.names, key=len, reverse=True):
            self._by_pair[name[:2]].append(name)
        self._starts = re.compile("[" + "".join(sorted({re.escape(n[0]) for n in self.names})) + "]")

    def lookup(self, name: str) -> list[Division]:
        return [self.by_code[c] for c in sorted(self.names.get(name, ()))]

    def path(self, code: str) -> list[str]:
        """Names from province down; a municipality's repeated name (北京市 > 北京市) appears once."""
        out: list[str] = []
        while code:
            d = self.by_code[code]
            if not out or out[0] != d.name:
                out.insert(0, d.name)
            code = d.parent
        return out

    def ancestors(self, code: str) -> list[str]:
        """Codes from province down to and including `code`."""
        out = []
        while code:
            out.insert(0, code)
            code = self.by_code[code].parent
        return out

    def children(self, code: str) -> list[Division]:
        return [d for d in self.by_code.values() if d.parent == code]

    def all_divisions(self) -> list[Division]:
        return list(self.by_code.values())

    def code_for_path(self, path: list[str]) -> str | None:
        """The code of the last name of a path, disambiguated by the names above it."""
        if not path:
            return None
        for division in self.lookup(path[-1]):
            if all(name in self.path(division.code) for name in path[:-1]):
                return division.code
        return None

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every gazetteer name, longest match first, left to right.

        A bare short form followed by 镇/乡/村/路/街 names a town or street that
        shares the stem (威远镇), not the division, and is skipped.
        """
        out, resume = [], 0
        for start in self._starts.finditer(text):
            i = start.start()
            if i < resume:
                continue
            for name in self._by_pair.get(text[i:i + 2], ()):
                if text.startswith(name, i) and not (name in self.bare and text[i + len(name):i + len(name) + 1]
                                                     in _NOT_AFTER_BARE):
                    out.append((i, i + len(name), name))
                    resume = i + len(name)
                    break
        return out


def short_forms(d: Division) -> set[str]:
    """海西蒙古族藏族自治州 → {海西州, 海西}; 互助土族自治县 → {互助县} (互助 is an everyday word)."""
    if d.level == COUNTY_LEVEL and d.name.endswith("区"):
        return set()                      # district names (平安区, 城中区) are too often plain words
    suffix = next((x for x in _SUFFIXES if d.name.endswith(x) and len(d.name) > len(x) + 1), None)
    if suffix is None:
        return set()
    stem, forms = _stem(d), set()
    shortest = 3 if d.level == COUNTY_LEVEL else 2      # 2-character county stems (威远, 通城) are everyday text
    if len(stem) >= shortest and _is_place_word(stem):
        forms.add(stem)
    level_char = _SHORT_LEVEL.get(suffix)
    if level_char and len(stem) >= 2 and stem + level_char != d.name:
        forms.add(stem + level_char)
    return forms


def _stem(d: Division) -> str:
    """The name without its level suffix and ethnic designation (海西蒙古族藏族自治州 → 海西); '' when none."""
    for suffix in _SUFFIXES:
        if d.name.endswith(suffix) and len(d.name) > len(suffix) + 1:
            return _ETHNIC.sub("", d.name[: -len(suffix)]) or d.name[: -len(suffix)]
    return ""


COMMON_WORD_FREQ = 300   # jieba dictionary frequency above which a stem is an everyday word


def _is_place_word(stem: str) -> bool:
    """A bare stem is usable when jieba tags it a place, or it is rare as an ordinary word (格尔木, not 互助)."""
    return (words.tag(stem) or "").startswith("ns") or words.frequency(stem) < COMMON_WORD_FREQ


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(_read_divisions(), _read_places())


def _rows(name: str) -> list[dict[str, str]]:
    text = (DATA / name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _read_divisions() -> list[Division]:
    return [Division(r["code"], r["name"], int(r["level"]), r["parent"] or "") for r in _rows("divisions.tsv")]


def _read_places() -> dict[str, str]:
    return {r["place"]: r["code"] for r in _rows("places.tsv")}


def resolve_region(text: str, *, title: str | None = None,
                   context: list[str] | None = None) -> tuple[list[str], str | None]:
    """The region path (province first) the text is about, and its code; ([], None) when unknown."""
    gaz = gazetteer()
    text, title = _unnamed(text), _unnamed(title) if title else title
    if _is_national(gaz, text, title):
        return [], None
    context_code = gaz.code_for_path(context or [])
    scores = _scores(gaz, text, title, context_code)
    if _abroad(gaz, text, title, scores):
        return [], None
    code = _descend(gaz, scores)
    if code is None:
        code = context_code
    return (gaz.path(code), code) if code else ([], None)


# A disease or strain named after a place (武汉肺炎, 武漢肺炎, 印度变种) says nothing about where a story is.
_NAMED_AFTER = re.compile(r"[\u4e00-\u9fff]{2,3}(?=(?:新冠)?(?:肺炎|病毒|冠状病毒|冠狀病毒|变种|變種|变异株|變異株|流感))")


def _unnamed(text: str) -> str:
    """The text with places inside disease names blanked (same length, so offsets hold)."""
    return _NAMED_AFTER.sub(lambda m: "□" * len(m.group(0)), text)


@lru_cache(maxsize=1)
def _foreign() -> re.Pattern:
    """Places abroad (data/abroad.txt), longest first so 印度尼西亚 is not read as 印度."""
    names = [x for x in (DATA / "abroad.txt").read_text("utf-8").splitlines() if x and not x.startswith("#")]
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def is_abroad(name: str) -> bool:
    """Whether a word names a country, region or city outside China (data/abroad.txt)."""
    return _foreign().fullmatch(name) is not None


def _abroad(gaz: Gazetteer, text: str, title: str | None, scores: dict[str, float]) -> bool:
    """Whether places abroad outweigh every Chinese province the text names or its context gives (weighed alike).

    Then the story is about somewhere else and no region fits, not even the paper's
    home: a Hong Kong outlet's column on German asylum law is not Hong Kong news.  A list
    of countries (波兰、新加坡、泰国) says who took part, as a list of provinces does.
    """
    abroad = 0.0
    for source, base in ((title or "", TITLE_WEIGHT), (text, 1.0)):
        found = list(_foreign().finditer(source))
        inside = [(a, b) for a, b, _ in gaz.mentions(source)] if found else []   # 朝鲜 in 延边朝鲜族自治州
        for m in found:
            if words.inside_word(source, m.start(), m.end()) or any(a <= m.start() < b for a, b in inside):
                continue                                              # 海地 in 沿海地区, 日本 in 21日本报讯
            weight = base * (OPENING_WEIGHT if source is text and m.start() < OPENING else 1.0)
            abroad += weight * (ENUM_WEIGHT if _in_enumeration(source, m.start(), m.end()) else 1.0)
    if abroad < ABROAD_MIN:
        return False
    return abroad > max((v for c, v in scores.items() if gaz.by_code[c].level == 1), default=0.0)


def _is_national(gaz: Gazetteer, text: str, title: str | None) -> bool:
    """Whether the nation's institutions outweigh every province the text names (weighed alike)."""
    national = 0.0
    for source, base in ((title or "", TITLE_WEIGHT), (text, 1.0)):
        for m in _NATIONAL.finditer(source):
            national += base * (OPENING_WEIGHT if source is text and m.start() < OPENING else 1.0)
    if national < NATIONAL_OVER:
        return False
    own = _scores(gaz, text, title, None)
    capital = CAPITAL_WEIGHT if CAPITAL_NAME not in text and CAPITAL_NAME not in (title or "") else 1.0
    provinces = [v * (capital if c == CAPITAL else 1.0) for c, v in own.items() if gaz.by_code[c].level == 1]
    return national >= NATIONAL_OVER * max(provinces, default=0.0)


def _scores(gaz: Gazetteer, text: str, title: str | None, context_code: str | None) -> dict[str, float]:
    """Evidence per division code, each mention also counting for its ancestors."""
    scores: dict[str, float] = defaultdict(float)
    context = gaz.ancestors(context_code) if context_code else []
    for source, base in ((title or "", TITLE_WEIGHT), (text, 1.0)):
        located = _located(gaz, source, context)
        for k, (start, end, code) in enumerate(located):
            if k + 1 < len(located) and _qualifies(gaz, located[k], located[k + 1]):
                continue                  # 内蒙古呼伦贝尔市 is one address: the city's mention counts for both
            weight = base * (OPENING_WEIGHT if source is text and start < OPENING else 1.0)
            if _in_enumeration(source, start, end) and not _nested_list(gaz, source, located, k):
                weight *= ENUM_WEIGHT
            for anc in gaz.ancestors(code):
                scores[anc] += weight
        for match in _LOCAL.finditer(source):
            target = _local_target(gaz, context, match.group(1))
            for anc in context[: context.index(target) + 1] if target else ():
                scores[anc] += base
    for anc in context:
        scores[anc] += CONTEXT_WEIGHT
    return scores


def _located(gaz: Gazetteer, source: str, context: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, code) of each place the source names, in order: ambiguous names settled by
    `_choose`, prefectures known by an everyday word added where the text confirms them."""
    found = gaz.mentions(source)
    located = [(s, e, c) for k, (s, e, name) in enumerate(found) if (c := _choose(gaz, name, found, k, context))]
    return sorted(located + _confirmed_stems(gaz, source, found, located))


def _confirmed_stems(gaz: Gazetteer, source: str, found: list, located: list) -> list[tuple[int, int, str]]:
    """Mentions of 大同, 合肥, 日照: stems that are also words, so read as the city only when the text
    names the city's province too (山西大同, 安徽……合肥) and word segmentation reads the stem as a word
    of its own (not 确保定期, 大同小异)."""
    provinces = {gaz.ancestors(code)[0] for _, _, code in located}
    out = []
    for stem, code in gaz.guarded.items():
        if gaz.ancestors(code)[0] not in provinces:
            continue
        for m in re.finditer(stem, source):
            free = not any(s < m.end() and m.start() < e for s, e, _ in found)
            if free and _stands_alone(source, m.start(), m.end()):
                out.append((m.start(), m.end(), code))
    return out


_CLAUSE_END = re.compile(r"[，。、；：！？,.;:!?\s“”（）()《》]")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether jieba, segmenting the clause around text[start:end], makes exactly that span one word."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    return any(left + s == start and left + e == end for _, s, e in words.tokenize(text[left:right]))


def _qualifies(gaz: Gazetteer, name: tuple[int, int, str], after: tuple[int, int, str]) -> bool:
    """Whether a name is printed directly before one of its own divisions (内蒙古|呼伦贝尔市)."""
    return name[1] == after[0] and name[2] != after[2] and name[2] in gaz.ancestors(after[2])


def _nested_list(gaz: Gazetteer, source: str, located: list, k: int) -> bool:
    """Whether every name listed beside this one (across a 、) is its own parent or child: 湖北省、武汉市
    is one place named at two levels, not an enumeration of several places."""
    start, end, code = located[k]
    before = [located[k - 1]] if k and source[located[k - 1][1]:start] == "、" else []
    after = [located[k + 1]] if k + 1 < len(located) and source[end:located[k + 1][0]] == "、" else []
    beside = [other for _, _, other in before + after]
    return bool(beside) and all(code in gaz.ancestors(o) or o in gaz.ancestors(code) for o in beside)


def _local_target(gaz: Gazetteer, context: list[str], kind: str) -> str | None:
    """What 我市/全州/全省 refers to: the deepest context division of that kind."""
    if kind == "省":
        return context[0] if context else None
    for code in reversed(context[1:]):
        name = gaz.by_code[code].name
        if name.endswith(kind) or (kind == "县" and name.endswith("旗")):
            return code
    return None


def _choose(gaz: Gazetteer, name: str, found: list, k: int, context: list[str]) -> str | None:
    """One code for a possibly ambiguous name: the one under a name printed just before, or under context."""
    candidates = gaz.lookup(name)
    if len(candidates) == 1:
        return candidates[0].code
    if k > 0 and found[k - 1][1] == found[k][0]:
        for parent in gaz.lookup(found[k - 1][2]):
            for c in candidates:
                if parent.code in gaz.ancestors(c.code):
                    return c.code
    for c in candidates:
        if context and context[0] in gaz.ancestors(c.code)[:1]:
            if len(context) < 2 or context[1] in gaz.ancestors(c.code):
                return c.code
    in_province = [c for c in candidates if context and gaz.ancestors(c.code)[0] == context[0]]
    if len(in_province) == 1:
        return in_province[0].code
    top = [c for c in candidates if c.level == min(x.level for x in candidates)]
    return top[0].code if len(top) == 1 and top[0].level == 1 else None


def _in_enumeration(text: str, start: int, end: int) -> bool:
    """A name directly beside 、 (or after 和/与 following a list) is one of several places."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before == "、" or after == "、"


def _descend(gaz: Gazetteer, scores: dict[str, float]) -> str | None:
    """From the strongest province down, while one child clearly dominates its siblings and the parent."""
    provinces = [c for c in scores if gaz.by_code[c].level == 1]
    if not provinces:
        return None
    code = max(provinces, key=lambda c: (scores[c], c))
    while True:
        kids = [c for c in scores if gaz.by_code[c].parent == code]
        if not kids:
            return code
        best = max(kids, key=lambda c: (scores[c], c))
        together = sum(scores[k] for k in kids)
        own = scores[code] - together
        if scores[best] < SHARE * together or scores[best] < OWN * own \
                or gaz.by_code[best].level >= COUNTY_LEVEL and scores[best] < COUNTY_MIN:
            return code
        code = best


def page_context(texts: list[str]) -> list[str]:
    """The dominant region of a whole page: each article votes for where it is about.

    Votes, not pooled mentions: one article that names 海南省三亚市 five times must not
    outweigh three articles about 乌海.  A province needs two votes, a third of the page's
    articles and more votes than any other (a national paper's page, whose articles are
    each somewhere else or nowhere, has no context); below it the path goes down while one division holds a majority of the
    votes below its parent, and stops above districts (a paper's home is a city or county).
    """
    gaz = gazetteer()
    votes: dict[str, int] = defaultdict(int)
    for text in texts:
        code = _descend(gaz, _scores(gaz, text, None, None))
        for anc in gaz.ancestors(code) if code else ():
            votes[anc] += 1
    code, pool = None, [c for c in votes if gaz.by_code[c].level == 1]
    while pool:
        best = max(pool, key=lambda c: (votes[c], c))
        rivals = [votes[c] for c in pool if c != best]
        if code is None and (votes[best] < 2 or 3 * votes[best] < len(texts)
                             or (rivals and max(rivals) >= votes[best])):
            break
        if 2 * votes[best] <= sum(votes[c] for c in pool) and code is not None:
            break
        if gaz.by_code[best].level == COUNTY_LEVEL and gaz.by_code[best].name.endswith("区"):
            break
        code, pool = best, [c for c in votes if gaz.by_code[c].parent == best]
    return gaz.path(code) if code else []
