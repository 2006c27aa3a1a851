"""People, organisations and places an article mentions, for facets and search.

Part-of-speech tagging is too slow to run on every article at ingest (jieba's
posseg cuts a few hundred KB a second), so these are pattern rules that read the
way news Chinese introduces names: a person after a role word or before 说/介绍
(and starting with a common surname), an organisation as the run of characters
before an institutional suffix (…局, …委员会, …医院), a place as a gazetteer
name.  Each list is ranked by mentions, most first, at most MAX_EACH.
"""
from __future__ import annotations

import re
from collections import Counter

from archive.describing import regions
from archive.reading import script, words

MAX_EACH = 10
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
               "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
               "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
               "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
               "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
               "虞敖巩明佘池查麻苑迟邝冶")
_ROLE = re.compile(r"(?:记者|通讯员|书记|主任|局长|校长|院长|县长|市长|镇长|乡长|村长|厅长|处长|科长|所长|站长|"
                   r"负责人|工作人员|经理|董事长|老师|医生|护士|村民|居民|市民|家长|学生|队长|支书|委员|代表|专家|"
                   r"工人|环卫工|骑手|小哥|农民|牧民|志愿者|党员|司机|妈妈|爸爸)"
                   r"[\s ]?([\u4e00-\u9fff]{2,3}?)(?=[说介称表告在，。、：:（(\s”\"]|$)")
_SAYS = re.compile(r"(?:^|[，。；！？“”\"\s])([\u4e00-\u9fff]{2,3})(?:说|介绍|表示|告诉记者|坦言|笑着说)")
_ORG_SUFFIX = re.compile(r"(?:委员会|人民政府|政府|公安局|检察院|法院|医疗保障局|局|委会|委|厅|办公室|新闻办|医院|卫生院|"
                         r"学校|小学|中学|大学|学院|幼儿园|公司|集团|银行|中心|协会|学会|研究院|研究所|合作社|"
                         r"社区|街道|党支部|党委|总工会|工会|联合会|基金会|服务站|驿站|管理处)")
_ORG_STOP = set("从在由与和对向到为被将把是的了及、，。；：！？“”《》（）()以于给让并又也都而或但即等就已这那其该我全各")
_AFTER_BEN = set("市县区省港届次")           # 本市, 本届: "this", which no name starts with (基本法 does not stop)
_PREPOSITIONS = set("向和与同对把被给跟")    # surnames that are also prepositions: 向记者, 和学生
_AFTER_NAME = set("也又曾都就还再才亦却便们")     # a word after the name, caught in the match
_COURTESY = ("先生", "小姐", "女士", "太太", "老师", "师傅", "阿姨", "伯伯", "同学", "同志", "教授", "医生")
_DIRECTIONAL = re.compile(r"[东西南北中]区")          # read on the text folded to simplified
_SURNAME_TITLE = "太官"                       # 陳太 (Mrs Chan), 陳官 (Judge Chan): a surname and a title
_BROAD = {"公司", "政府", "中心"}                # suffixes that make a name only with something proper before them
_TITLE_AFTER = {"局": "长", "委": "员", "厅": "长", "办公室": "主", "中心": "主"}
_NOT_NAME = {"记者", "我们", "他们", "大家", "群众", "居民", "市民", "村民", "工作", "今年", "目前", "同时", "近日",
             "这个", "这些", "相关", "有关", "负责", "表示", "介绍", "现在", "以前", "今天", "当地", "不少", "很多"}


def extract_entities(text: str) -> dict[str, list[str]]:
    """{"person": [...], "org": [...], "place": [...]}, each ranked by mentions.

    Patterns and jieba's dictionary are read on the text folded to simplified script (the
    same length, so every span holds), and names are kept as the text prints them.
    """
    plain = script.fold(text)
    return {"person": _top(_people(text, plain)), "org": _top(_orgs(text, plain)),
            "place": _top(_places(text, plain))}


def _top(counts: Counter) -> list[str]:
    return [name for name, _ in counts.most_common(MAX_EACH)]


def _people(text: str, plain: str) -> Counter:
    found: Counter = Counter()
    for pattern in (_ROLE, _SAYS):
        for match in pattern.finditer(plain):
            name = match.group(1)
            if _is_name(name):
                found[text[match.start(1):match.end(1)]] += 1
    for name in list(found):                 # also count later bare mentions of a name found once
        found[name] = max(found[name], text.count(name))
    return found


def _is_name(name: str) -> bool:
    """A surname and a given name, not a surname-like word before a common word (向记者, 周一也, 何先生)."""
    return (name[0] in SURNAMES and name not in _NOT_NAME and not regions.gazetteer().lookup(name)
            and not _common_word(name) and not (name[0] in _PREPOSITIONS and _common_word(name[1:]))
            and name[-1] not in _AFTER_NAME and not name.endswith(_COURTESY)
            and not (len(name) == 2 and name[1] in _SURNAME_TITLE))


def _orgs(text: str, plain: str) -> Counter:
    found: Counter = Counter()
    for match in _ORG_SUFFIX.finditer(plain):
        after = plain[match.end():match.end() + 1]
        if after and after in _TITLE_AFTER.get(match.group(0), ""):
            continue                          # 局长, 委员: a post, not where the name ends
        start = match.start()
        while start > 0 and match.end() - start < 14 and "\u4e00" <= plain[start - 1] <= "\u9fff" \
                and plain[start - 1] not in _ORG_STOP and not (plain[start - 1] == "本" and plain[start] in _AFTER_BEN):
            start -= 1
        kept = _trim_org(plain[start:match.start()], match.group(0))
        if kept:
            found[text[match.end() - kept:match.end()]] += 1
    return found


_NOT_IN_NAME = ("v", "d", "p", "c", "m", "q", "r", "u", "f", "t", "ad", "vn", "l")
_PROPER = ("nr", "nt", "nz")


def _trim_org(stem: str, suffix: str) -> int:
    """Length of the organisation's own name: the words before the suffix, back to the first verb,
    numeral or pronoun (0 when too short, or when a broad suffix follows only common words: 有限公司)."""
    keep: list[str] = []
    for word in reversed(words.cut(stem, hmm=False)):
        if (words.tag(word) or "n").startswith(_NOT_IN_NAME) and not regions.gazetteer().lookup(word):
            break
        keep.insert(0, word)
    generic = suffix in _BROAD and not any(_proper(w) for w in keep)
    name = "".join(keep) + suffix
    return len(name) if len(name) >= 4 and keep and not generic else 0


def _proper(word: str) -> bool:
    """A name, not a common word: a person or body jieba knows, a division of China or a country abroad
    (jieba's place tag is not used: it tags some verbs as places, 上市)."""
    tag = words.tag(word) or ""
    return tag.startswith(_PROPER) or bool(regions.gazetteer().lookup(word)) or regions.is_abroad(word)


def _common_word(name: str) -> bool:
    """A dictionary word that is not a name (安全, 周六, 海报): jieba knows it with another part of speech."""
    tag = words.tag(script.fold(name))
    return tag is not None and not tag.startswith("nr")


def _places(text: str, plain: str) -> Counter:
    gaz = regions.gazetteer()
    found: Counter = Counter()
    for start, end, name in gaz.mentions(plain):
        if words.inside_word(plain, start, end):
            continue                          # 北海道, 孙中山, 四平八稳: the name is part of another word
        if _DIRECTIONAL.fullmatch(name):
            continue                          # 中区, 西区: a district of many cities (Hong Kong's too), none named
        full = {d.name for d in gaz.lookup(name)}        # 北京 and 北京市 are one place, counted as 北京市
        found[full.pop() if len(full) == 1 else text[start:end]] += 1
    return found
