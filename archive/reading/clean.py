"""OCR clean-up of a newspaper page: paragraphs back, stray spaces out, doubled headlines once.

OCR of Chinese pages breaks every line at the column edge, sprinkles spaces between
characters (`12 月 1 日`), sometimes puts a blank line after every line, and reads bold
headlines twice (`住新房住新房啦啦！！`).  The segmenter needs the paragraphs and knows
which ones look like headlines, so `paragraphs()` returns both; `clean_text()` is the
same result as plain text, one paragraph a line.  Nothing is dropped except whitespace,
the Markdown heading marks and doubled headline characters.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.reading import bylines, script, words

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update({0x3000: 0x20, 0x09: 0x20, 0xA0: 0x20, 0x200B: None, 0xFEFF: None,
                         0x200C: None, 0x200D: None})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SENTENCE_END = "。！？!?…"
_EXCLAIMED = "！？!?"                # a headline in parts may end with these, never with 。
_PARTS = "：:「」【】 "               # … the marks that set a headline's parts apart
_CLOSERS = "”’」』）)\"'》〉】"
_CLAUSE = "，；,;"                  # marks between a sentence's clauses: a headline seldom runs on past one
# Marks set at the left of their cell: a line starting with one carries on the line before,
# and a line ending in one ends short of its last cell (layout.py measures type size by it)
CLOSING_MARKS = "。，、；：！？.,;:!?）)」』”’…"
_CONTINUING = "，、；：,;:“‘「『（(《〈【-—"
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
# A line in bold alone (**——副题**): a headline's part beside a heading (kicker over it, subtitle
# under it), text elsewhere; its level sorts under every heading's.
_BOLD_LINE = re.compile(r"^[ \t]{0,3}()\*\*[ \t]*(.+?)[ \t]*\*\*[ \t]*$")
EMPHASIS_LEVEL = 7
_IMAGE_LINE = re.compile(r"^[ \t]*!\[([^\]]*)\]\([^)]*\)[ \t]*$")
DASH = re.compile(r"^[-—–－]+[ \t]*")
_SPACES = re.compile(r"[ \t\u3000]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# digits (and . %) broken by spaces, with a Chinese character right before or right after
_SPACED_NUMBER = re.compile(rf"(?<=[{_HAN}])\d[\d.%]*(?:[ \t\u3000]+[\d.%]+)+"
                            rf"|(?<![A-Za-z\d.%])(?<![A-Za-z] )\d[\d.%]*(?:[ \t\u3000]+[\d.%]+)+"
                            rf"(?=[ \t\u3000]*[{_HAN}])")
WIDER = 1.25            # a line this much wider than its column's wrapped lines is none of them
STRAY_BLANKS = 0.1       # share of a page's blank lines that may fall mid-sentence for blank lines to mark paragraphs
_DOUBLED_SINGLES = 8     # characters each read twice in a row before a line is a doubled headline, not words
                         # (平平安安 红红火火 团团圆圆 is six)
_MAX_HEAD = 40          # characters: longer lines are body text, whatever they look like
_WINDOW = 25            # lines either side that define the local column width


def normalize(text: str) -> str:
    """Unix newlines, no control characters, half-width digits and Latin letters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.translate(_FULLWIDTH_ALNUM))


def is_cjk(ch: str) -> bool:
    """Chinese characters and the punctuation that sits between them (no spaces belong there)."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF
            or ch in "“”‘’…—·•")


def width(s: str) -> int:
    """Display width: CJK characters take two columns, ASCII one."""
    return sum(1 if ord(c) < 0x2E80 else 2 for c in s)


def fix_spaces(s: str, protect: bool = True) -> str:
    """Drop spaces next to CJK characters, keep one between Latin words and numbers.

    Spaces inside a byline (本报讯（记者 王某 李某）) separate names and are kept.  A number
    OCR spaced out inside Chinese text (1 0月18日, 2 .45万亿元) is read whole: Chinese
    prints no spaces inside numbers, Latin text beside it keeps its own.
    """
    s = _SPACED_NUMBER.sub(lambda m: _SPACES.sub("", m.group(0)), s)
    spans = bylines.protected_spans(s) if protect else []
    out, last = [], 0
    for m in _SPACES.finditer(s):
        out.append(s[last:m.start()])
        last = m.end()
        before, after = s[m.start() - 1:m.start()], s[m.end():m.end() + 1]
        if not before or not after:
            continue
        kept = any(a <= m.start() and m.end() <= b for a, b in spans)
        if kept or not (is_cjk(before) or is_cjk(after)):
            out.append(" ")
    out.append(s[last:])
    return "".join(out)


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: nothing between Chinese, one space between two Latin words."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and out[-1].isascii() and line[0].isascii() and out[-1].isalnum() and line[0].isalnum() \
                and (out[-1].isalpha() or line[0].isalpha()):
            out += " "
        out += line
    return out


def _doubled_units(s: str) -> list[str] | None:
    """`s` as a sequence of units each written twice (xxyy…), longest units first; None if not."""
    memo: dict[int, list[str] | None] = {}

    def solve(i: int) -> list[str] | None:
        if i == len(s):
            return []
        if i not in memo:
            memo[i] = None
            for size in range((len(s) - i) // 2, 0, -1):
                if s[i:i + size] == s[i + size:i + 2 * size]:
                    rest = solve(i + 2 * size)
                    if rest is not None:
                        memo[i] = [s[i:i + size], *rest]
                        break
        return memo[i]

    return solve(0)


def is_doubled(line: str) -> bool:
    """Whether the whole line is explained by OCR reading it twice.

    At least one doubled unit must be longer than one character, or there must be many:
    陆陆续续 and 密密麻麻 are words, 住新房住新房啦啦！！ and 全全面面贯贯彻彻落落实实 are
    misread headlines (no run of text doubles every character for long).
    """
    s = line.strip()
    if len(s) < 4 or len(s) > 2 * _MAX_HEAD + 8:
        return False
    parts = _doubled_parts(s)
    units = [u for part in parts or [] for u in part]
    return bool(units) and (max(len(u) for u in units) >= 2 or len(units) >= _DOUBLED_SINGLES)


def _doubled_parts(s: str) -> list[list[str]] | None:
    """The doubled units of each space-separated part of a headline (大国大国有担当有担当 世界世界…), or None."""
    parts = [_doubled_units(part) for part in s.split()]
    return None if any(not units for units in parts) else parts


def undouble(line: str) -> str:
    """The line read once when it is a doubled headline, else unchanged (its parts keep their spaces;
    a subtitle's dash stays whole, since ——X——X reads as ——X as well as —X)."""
    s = line.strip()
    if not is_doubled(s):
        return line
    dash = DASH.match(s)
    if dash and is_doubled(s[dash.end():]):
        return dash.group(0) + undouble(s[dash.end():])
    return " ".join("".join(units) for units in _doubled_parts(s) or [])


def ends_sentence(s: str) -> bool:
    """Whether the text ends a sentence (closing quotes and brackets looked through)."""
    s = s.rstrip().rstrip(_CLOSERS)
    # OCR often reads 。 as a Latin full stop: after a Chinese character it ends the sentence too
    return bool(s) and (s[-1] in _SENTENCE_END or s[-1] in ".．" and len(s) > 1 and not s[-2].isascii())


@dataclass
class Para:
    """One paragraph of the cleaned page."""

    text: str                        # cleaned text
    lines: list[str] = field(default_factory=list)  # cleaned lines (headline paragraphs keep them)
    head: bool = False               # looks like a headline, kicker or subtitle
    level: int = 0                   # Markdown heading level, 0 when not a heading
    dash: bool = False               # Markdown subtitle mark (### -…) was present
    width: float = 0.0               # median display width of its lines: the column it sits in
    small: bool = False              # set in small type on a laid-out scan: a caption, credit or jump line
    gap: bool = False                # after a blank line, on a page that leaves them only between stories
    after_blank: bool = False        # a blank line stands before it


@dataclass
class _Line:
    raw: str
    text: str
    blank_before: int
    indent: bool
    level: int = 0
    dash: bool = False
    head: bool = False
    gathered: bool = False   # one of the headlines gathered at the page's end: a headline of its own
    run_on: bool = False     # text run in after a headline on its line: body text, however short
    bullet: bool = False     # printed after a bullet (● ■ ▲): an item opens here


def _read_lines(text: str, markdown: bool) -> list[_Line]:
    out, blanks = [], 0
    raws = normalize(text).split("\n")
    for raw in raws if markdown else _untangled(_unmerged(raws)):
        if markdown:
            raw = _IMAGE_LINE.sub(r"\1", raw)       # a picture's place: its alt words, if any, are its caption
        if not raw.strip():
            blanks += 1
            continue
        level, dash, body = 0, False, raw
        m = (_HEADING.match(raw) or _BOLD_LINE.match(raw)) if markdown else None
        if m:
            level, body = len(m.group(1)) if m.group(1) else EMPHASIS_LEVEL, m.group(2)
            dash = bool(DASH.match(body))
            body = DASH.sub("", body)
        out.append(_Line(body, fix_spaces(body.strip()), blanks, raw[:1] in " \t\u3000", level, dash))
        blanks = 0
    return out


# A brief's headline run into its first line: 【标题】正文, 〔标题〕正文 (the bracket may close on the next line).
_BRACKETED = re.compile(r"^[【〔](?P<head>[^【】〔〕。！？]{1,%d}[^【】〔〕。！？讯訊电電])[】〕][ \u3000]*(?P<rest>\S.*)$"
                        % (_MAX_HEAD - 1))      # 【香港文匯報訊】 is a dateline, not a headline
_LED = re.compile(rf"^[ \u3000]*{bylines.BULLET}+[ \u3000]*")
_GAP = re.compile(r"[ \u3000]+")
_LABEL = 6              # characters at most in the bracketed label of a headline (【持續更新】)
_MIN_HEAD = 4           # characters at least in a headline found inside a line
_MEASURE = (0.9, 1.07)  # shares of its column's width a line of text running on fills
# A gap wider than OCR's stray spaces between two printed things: a gutter, or a headline kept apart from its text.
_WIDE_GAP = re.compile(r"(?<=\S)(?:[ \u3000]{3,}|\u3000[ \u3000]*)(?=\S)")
# A gutter between two columns read as one line: two spaces or more, or an ideographic space.
_GUTTER = re.compile(r"(?<=\S)(?:[ \u3000]{2,}|\u3000)(?=\S)")


def _split_run_ins(lines: list[_Line]) -> list[_Line]:
    """Lines that open an item inside them, cut in two; a bullet (● ■ ▲) opens an item too.

    Briefs print their headline in the first line (【标题】正文), and OCR joins a headline
    or a finished item to the dateline that follows (…纪念大会 本报讯…, …衔接。 本报讯…).
    A dateline after a space opens an item wherever it stands (wrapped onto the next
    line, it is read across the break); what stands before it is a headline when it has
    one's shape.  A headline may also stand apart from its text by a wide gap alone.
    """
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line, nxt = lines[i], lines[i + 1].text if i + 1 < len(lines) else ""
        i += 1
        opens = _may_open(out, line)
        led = _LED.match(line.raw) if opens and not bylines.is_byline(line.raw) else None
        lead, raw = (line.raw[:led.end()], line.raw[led.end():]) if led else ("", line.raw.strip())
        line.bullet = bool(led)
        wide = _run_in_gap(line, raw) if opens else None
        if wide is not None:
            out += _headed(out, lead + raw[:wide.start()], raw[wide.end():], line)
            continue
        m, wrapped = _BRACKETED.match(raw) if opens else None, False
        if opens and not m and raw[:1] in "【〔" and nxt and not bylines.OPEN_BRACKET.match(raw):
            m = _BRACKETED.match(raw + nxt)          # the headline wraps before its bracket closes
            m = m if m and m.end("head") >= len(raw) else None
            i += bool(m)
            wrapped = bool(m)
        if m and not bylines.OPEN_BRACKET.match(raw) and not _labelled_title(m, lines, i, wrapped):
            head, rest = m.string[:m.start("rest")].rstrip(), m.group("rest")     # brackets kept: no text lost
        else:
            cut = next((g for g in _GAP.finditer(raw) if g.start() and bylines.opens_news(raw[g.end():] + nxt)), None)
            if cut is None:
                line.head = line.bullet and head_shape(line.text) and not ends_sentence(line.text)
                out.append(line)
                continue
            head, rest = raw[:cut.start()], raw[cut.end():]
        out += _headed(out, lead + head, rest, line, bracketed=bool(m))   # the bullet stays before the headline
    return out


def _labelled_title(m: re.Match, lines: list[_Line], i: int, wrapped: bool) -> bool:
    """【六四集結案】楊森陳情全文…: a label before a headline standing alone on its line, not a brief's
    headline run into its text.  A short label's headline is followed by an item's opening or a
    gap; any label's, by text set to the column's measure while its own line is not (a brief's
    text fills the column and runs on)."""
    rest = fix_spaces(m.group("rest"))
    if not head_shape(rest):
        return False
    after = lines[i] if i < len(lines) else None
    if len(m.group("head")) <= _LABEL and (after is None or after.blank_before > 0 or starts_item(after.text)):
        return True
    ratio = None if wrapped else _ratio(lines, i - 1, i - 1)
    return ratio is not None and not _MEASURE[0] <= ratio <= _MEASURE[1] and len(rest) >= _MIN_HEAD \
        and after is not None and not after.blank_before and not _BRACKETED.match(_LED.sub("", after.raw))


def _headed(out: list[_Line], head: str, rest: str, line: _Line, bracketed: bool = True) -> list[_Line]:
    """The two lines a run-in makes: what stands before it (a headline when bracketed or shaped
    like one) and the text run on after it."""
    first = _Line(head, fix_spaces(head), line.blank_before, line.indent, bullet=line.bullet)
    first.head = bracketed or head_shape(first.text) and not ends_sentence(first.text)
    if first.head and out and _continues_head(out, first):
        out[-1].head = True            # the headline's first line, wrapped before the run-in
    return [first, _Line(rest, fix_spaces(rest), 0, False, run_on=True)]


def _may_open(out: list[_Line], line: _Line) -> bool:
    """An item may open on this line: the page's first, after a blank line, a finished sentence or
    item, or a short line over it (a kicker); never in a list a colon announced (…包括：●…)."""
    prev = out[-1].text if out else ""
    return not out or bool(line.blank_before) or ends_sentence(prev) or closes_item(prev) \
        or head_shape(prev) and not prev.endswith(("：", ":")) and width(prev) < 0.75 * width(line.text) \
        and not out[-1].bullet


def _run_in_gap(line: _Line, raw: str) -> re.Match | None:
    """A wide gap after a headline that opens the line's text (离退休干部建立党支部    临近春节，…):
    OCR keeps a run-in headline apart from its text by spaces only."""
    gap = _WIDE_GAP.search(raw)
    if gap is None or starts_item(" ".join(fix_spaces(part) for part in _WIDE_GAP.split(raw))):
        return None                   # 本报记者　丁志军: a byline, its parts set apart, not a headline and its text
    head = fix_spaces(raw[:gap.start()])
    return gap if _MIN_HEAD <= len(head) and head_shape(head) and not ends_sentence(head) else None


def _continues_head(out: list[_Line], first: _Line) -> bool:
    """The line before a run-in headline is its first half: headline-shaped, and after an item's end."""
    prev = out[-1]
    return not first.blank_before and head_shape(prev.text) and not ends_sentence(prev.text) \
        and (len(out) == 1 or prev.blank_before > 0 or ends_sentence(out[-2].text)
             or out[-2].text.endswith(("）", ")")) or closes_item(out[-2].text))


_MERGED_RUN = 3         # lines in a row read across one gutter before they are two columns
_COLUMN_PART = 8        # characters at least on each side of the gutter
_ALIGN = 6              # display columns a gutter's right side may wander by from line to line
_TANGLED = 4            # more breaks inside a word running two lines down than one, for a run to be two columns


def _two_columns(left: str, right: str) -> bool:
    """Wrapped column text on both sides of a gutter (a table's cells, a poem's halves and a headline
    run in before its text are not)."""
    left, right = fix_spaces(left.strip()), fix_spaces(right.strip())
    if min(len(left), len(right)) < _COLUMN_PART:
        return False
    return not (head_shape(left) and ends_sentence(right))


def _across(raw: str, x: int) -> tuple[str, str] | None:
    """A line's left and right column text, where its right part starts near display column x
    (the gutter; OCR and wide quotes move it a little); None when the line crosses x."""
    near = [(abs(width(raw[:m.end()]) - x), m) for m in _GUTTER.finditer(raw)]
    near = [(d, m) for d, m in near if d <= _ALIGN]
    if near:
        m = min(near, key=lambda dm: dm[0])[1]
        return raw[:m.start()], raw[m.end():]
    text = raw.rstrip()
    lead = len(text) - len(text.lstrip())
    if lead and width(text[:lead]) >= x - _ALIGN:
        return "", text.lstrip()          # the left column has ended: right column text only
    return (text, "") if width(text) < x else None


def _one_sided(cuts: list[tuple[str, str] | None], filled: list[bool], j: int) -> bool:
    """Past a blank row, one column goes on alone: the blank is that column's, not the end of the rows."""
    parts = next((cuts[k] for k in range(j + 1, len(cuts)) if filled[k]), None)
    return parts is not None and not all(parts)


def _gutters(raws: list[str]) -> list[int]:
    """Display columns where several lines' right parts start after a gap: candidate gutters."""
    found: Counter[int] = Counter()
    for raw in raws:
        for m in _GUTTER.finditer(raw):
            if _two_columns(raw[:m.start()], raw[m.end():]):
                found[width(raw[:m.end()])] += 1
    return [x for x, n in found.most_common(3) if n >= _MERGED_RUN]


def _unmerged(raws: list[str]) -> list[str]:
    """Lines OCR read across a gutter (the left column's line, a gap, the right column's), read as
    the left column's lines and then the right's: the order a reader follows, and the right
    column's story goes on in the lines below.  Rows whose right parts start at one display column
    are cut there (`_aligned`); elsewhere, three or more lines in a row with one wide gap each."""
    out, i = [], 0
    for a, b, parts in _aligned(raws):
        out += _gap_runs(raws[i:a])
        out += [left for left, right in parts if left or not right] + [""]     # the column's foot
        out += [right for left, right in parts if right or not left]           # (a blank row: on both sides)
        i = b
    return out + _gap_runs(raws[i:])


def _untangled(raws: list[str]) -> list[str]:
    """Two columns OCR read row by row, a line of one and then a line of the other, put back one
    column after the other.  A hard-wrapped line breaks inside a word often; where, along a run of
    lines, the words run on into the line two below more often than into the next (by
    `_TANGLED` at least), the run's lines alternate between two columns."""
    out, i = [], 0
    while i < len(raws):
        j = i
        while j < len(raws) and raws[j].strip():
            j += 1
        out += _two_stranded(raws[i:j]) + raws[j:j + 1]
        i = j + 1
    return out


def _two_stranded(block: list[str]) -> list[str]:
    """One block of lines with its strongest interleaved run (if any) read strand by strand; the
    lines after the run go on from the strand they continue (to the block's end: then the other)."""
    texts = [fix_spaces(x.strip()) for x in block]
    gain = [int(word_across(texts[k], texts[k + 2])) - int(word_across(texts[k], texts[k + 1]))
            for k in range(len(texts) - 2)]
    best, start, end, run, first = 0, 0, 0, 0, 0
    for k, g in enumerate(gain):                  # the run of breaks with the most words running two down
        run, first = (run + g, first) if run > 0 else (g, k)
        if run > best:
            best, start, end = run, first, k + 2
    if best < _TANGLED:
        return block
    one, other, rest = block[start:end + 1:2], block[start + 1:end + 1:2], block[end + 1:]
    if rest and _goes_on(one[-1], rest[0]) < _goes_on(other[-1], rest[0]):
        one, other = other, one
    return block[:start] + one + rest + [""] + other


def _goes_on(line: str, nxt: str) -> int:
    """How surely `nxt` continues `line`: a word running across (2), a sentence left open (1)."""
    line, nxt = fix_spaces(line.strip()), fix_spaces(nxt.strip())
    return 2 * word_across(line, nxt) + (not ends_sentence(line))


def _aligned(raws: list[str]) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """Runs of rows read across one gutter: (first row, end, each row's left and right text), in page
    order.  A blank row ends a run (stacked stories) unless the page is double-spaced or one column
    goes on."""
    spans: list[tuple[int, int, list[tuple[str, str]]]] = []
    filled = [bool(raw.strip()) for raw in raws]
    double = sum(a and not b for a, b in zip(filled, filled[1:])) > 0.8 * max(1, sum(filled))
    for x in _gutters(raws):
        cuts = [_across(raw, x) if raw.strip() else ("", "") for raw in raws]
        i = 0
        while i < len(raws):
            j, both = i, []
            while j < len(raws) and cuts[j] is not None \
                    and (filled[j] or j == i or double and filled[j - 1] or _one_sided(cuts, filled, j)) \
                    and not any(a <= j < b for a, b, _ in spans):
                if filled[j] and _two_columns(*cuts[j]):
                    both.append(j)
                j += 1
            rows = [k for k in range(i, j) if filled[k]]
            if len(both) >= _MERGED_RUN and 2 * len(both) >= len(rows):
                spans.append((rows[0], rows[-1] + 1, cuts[rows[0]:rows[-1] + 1]))
            i = max(j, i + 1)
    return sorted(spans, key=lambda span: span[0])


def _gap_runs(raws: list[str]) -> list[str]:
    """Three or more lines in a row, each with one wide gap between column text, read column by
    column (OCR that squeezes white space leaves no common gutter position)."""
    out, i = [], 0
    while i < len(raws):
        j = i
        while j < len(raws) and len(_WIDE_GAP.findall(raws[j])) == 1:
            j += 1
        parts = [_WIDE_GAP.split(raw.rstrip(), maxsplit=1) for raw in raws[i:j]]
        columns = sum(_two_columns(*p) for p in parts)       # a paragraph's last line may be short
        if columns < _MERGED_RUN or 2 * columns < j - i:
            out.append(raws[i])
            i += 1
            continue
        out += [left for left, _ in parts] + [right for _, right in parts]
        i = j
    return out


def _column(lines: list[_Line], i: int, measure: Callable[[str], int] = width) -> float | None:
    """The local column width: median width (or `measure`) of wrapped lines around line i."""
    near = lines[max(0, i - _WINDOW):i] + lines[i + 1:i + 1 + _WINDOW]
    wrapped = [measure(x.text) for x in near if len(x.text) >= 8 and not x.level
               and not ends_sentence(x.text) and not x.text.endswith(("——", ":", "："))]
    return statistics.median(wrapped) if len(wrapped) >= 3 else None


def head_shape(s: str) -> bool:
    """Short, no full stop, few commas, not ending mid-sentence: could be a headline."""
    if not s or len(s) > _MAX_HEAD or "。" in s or sum(s.count(c) for c in "，,") > 1:
        return False
    open_ = _unbalanced(s)      # （记者 X / X）: a byline's bracket running from line to line
    if starts_item(s) or open_ < 0 or (open_ > 0 and s.startswith(("（", "("))) or bylines.parse_closing(s):
        return False
    return not ends_sentence(s) and (s.endswith("——") or s[-1] not in _CONTINUING)


def _opens_dateline(lines: list[_Line], i: int) -> bool:
    """Line i is the first part of a dateline wrapped onto the next line (本报华盛顿1月14 / 日电（记者…）)."""
    return i + 1 < len(lines) and _wraps_dateline(lines[i].text, lines[i + 1].text)


def _wraps_dateline(first: str, second: str) -> bool:
    """A dateline that starts in `first` and goes on in `second` (which does not open one itself)."""
    m = bylines.DATELINE.match(first + second)
    return bool(m) and m.end() > len(first) and not bylines.DATELINE.match(second)


def _unbalanced(s: str) -> int:
    """Brackets opened minus brackets closed in `s`."""
    return s.count("（") + s.count("(") - s.count("）") - s.count(")")


def starts_item(s: str) -> bool:
    """Whether a line opens or closes an item (dateline, byline, credit, continuation mark) or stands
    outside any (page header, editors' line)."""
    return bool(bylines.DATELINE.match(s) or bylines.OPEN_BRACKET.match(s)
                or bylines.CONTINUED_FROM.match(s) or bylines.CONTINUED_TO.match(s.strip())
                or bylines.is_byline(s) or bylines.is_furniture(s))


def _ratio(lines: list[_Line], j: int, i: int) -> float | None:
    """Width of line j against the column around line i."""
    col = _column(lines, i)
    return None if col is None or j >= len(lines) else width(lines[j].text) / col


def _mark_heads(lines: list[_Line], double: bool, markdown: bool, apart: bool) -> None:
    """Flag the lines that are headlines rather than wrapped body text.

    A headline is recognised by what surrounds it: it follows a finished sentence and
    is followed by another headline, an item boundary, the end of the page or a new
    column.  Runs of short lines are judged together, from the end of the page
    backwards, so that gathered headlines confirm one another.
    """
    for line in lines:
        if line.level:
            line.head = not ("。" in line.text and len(line.text) > _MAX_HEAD)
        elif len(line.text) >= 6 and is_doubled(line.text):
            line.head = True

    def shaped(j: int) -> bool:
        return _head_like(lines, j, apart) and not _opens_dateline(lines, j)

    i = -1 if markdown else len(lines) - 1  # Markdown marks its headings itself
    while i >= 0:
        if lines[i].head or not shaped(i):
            i -= 1
            continue
        start = i
        while start > 0 and (not lines[start - 1].head or lines[start - 1].bullet) and shaped(start - 1) \
                and (double or not lines[start].blank_before):
            start -= 1
        if double:
            start = _strict_start(lines, start, i)
            if start is not None and i - start < 6 and _before_break(lines, i, i):
                for j in range(start, i + 1):
                    lines[j].head = True
            i = (start if start is not None else i) - 1
        else:
            heads = range(start, i + 1) if _block_is_head(lines, start, i, apart) else _heads_in_run(lines, start, i)
            for j in heads:
                lines[j].head = True
            i = start - 1
    for j in range(1, len(lines)):
        if lines[j].head and DASH.match(lines[j].text) and _exclaimed_head(lines, j - 1):
            lines[j - 1].head = True
    for j in range(len(lines) - 1):
        if lines[j].head and not lines[j].level and _wraps_into(lines[j], lines[j + 1]):
            lines[j].head = False
    for j in range(1, len(lines)):
        if lines[j].head and not lines[j].level and _listed(lines, j):
            lines[j].head = False
    for j, line in enumerate(lines):
        if line.head and not line.level and (bylines.parse_credit(line.text) or bylines.CAPTION_CREDIT.search(line.text)):
            _caption(lines, j)
        if j and line.head and lines[j - 1].bullet and lines[j - 1].head and _brief_text(lines[j - 1], line):
            line.head = False


def _listed(lines: list[_Line], j: int) -> bool:
    """Line j is an item of a list its paragraph announced (…的指定法官： over ・某某法官), or follows
    such an item with the same leading mark: standing apart like headlines, the items are its text."""
    k, mark = j - 1, lines[j].text[:1]
    while k > 0 and not mark.isalnum() and lines[k].text[:1] == mark and not lines[k].head:
        k -= 1
    return not lines[k].head and not lines[k].level and lines[k].text.rstrip().endswith(("：", ":"))


def _brief_text(bulleted: _Line, line: _Line) -> bool:
    """The line right under a bulleted headline (●口袋公园开放) that runs on past a clause and outruns it
    (口袋公园开放探访节目《开放》，我们把它…) is the brief's text, not a second line of its headline."""
    return not (line.bullet or line.blank_before or DASH.match(line.text)) \
        and _runs_on(line.text) and width(line.text) > width(bulleted.text)


def _runs_on(text: str) -> bool:
    """A clause ends inside the line and another begins after it: sentence text, seldom a headline."""
    return any(c in text[:-1] for c in _CLAUSE)


def _caption(lines: list[_Line], end: int) -> None:
    """A run of lines ending with a photo credit (…市民排隊等候（李大文攝）) is a caption, however short
    its lines: none of them is a headline."""
    j = end
    while j >= 0 and lines[j].head and not lines[j].level:
        lines[j].head = False
        if lines[j].blank_before:
            break
        j -= 1


def _wraps_into(line: _Line, following: _Line) -> bool:
    """A short line that is a paragraph's first, its indent lost (自小在此長大，往 | 後的日子…): a clause
    breaks off in it and the line under it, with no blank between, finishes a word it began (往後)."""
    if following.blank_before or following.head or not _runs_on(line.text):
        return False
    return word_across(line.text, following.text)


def word_across(text: str, nxt: str) -> bool:
    """A word runs from the end of `text` into the start of `nxt` (書 | 信往來): one line wrapped onto the next."""
    at = min(4, len(text))
    return words.inside_word(script.fold(text[-at:] + nxt[:4]), at, at)   # jieba's words are simplified


def _exclaimed_head(lines: list[_Line], k: int) -> bool:
    """Line k, right over a dashed subtitle, is its headline though it ends with a cheer or a
    question (“我们是一支不可战胜的力量！”): short, off the column, after a finished item."""
    text, ratio = lines[k].text, _ratio(lines, k, k)
    return not lines[k].head and text.rstrip(_CLOSERS)[-1:] in _EXCLAIMED and len(text) <= _MAX_HEAD \
        and "。" not in text and ratio is not None and ratio < 0.9 and _after_break(lines, k)


def _heads_in_run(lines: list[_Line], start: int, end: int) -> list[int]:
    """Headlines inside a run of headline-shaped lines too long to be one: where wrapped lines
    carry no full stop either (a narrow column, long sentences), the run can be a headline and the
    first lines of its story.  A headline there is off the column (short, or wider than any wrapped line; at all
    wider right after a blank line), can open a story (`_opens`) and is followed by a line that
    fills the column; one short line over it (a kicker or the first half) goes with it.  An
    indented line opens a paragraph: no headline."""
    out: list[int] = []
    for k in range(start, end + 1):
        if lines[k].indent or k + 1 >= len(lines) \
                or not (_short(lines, k) or _wide(lines, k) or lines[k].blank_before and _wider(lines, k)):
            continue
        first = k - 1 if k > start and _short(lines, k - 1) and _opens(lines, k - 1) \
            and not lines[k - 1].indent else k
        if _opens(lines, first) and _full(lines, k + 1) and first not in out:
            out += list(range(first, k + 1))
    return out


def _columns(lines: list[_Line], k: int) -> tuple[float, float] | None:
    """The column around line k in display width and in characters, both being needed (a tool that
    wraps at a count of characters makes a line of half-width digits look short by width alone)."""
    col, chars = _column(lines, k), _column(lines, k, len)
    return (col, chars) if col and chars else None


def _short(lines: list[_Line], k: int) -> bool:
    """Line k is short against its column both ways, and as printed (a line with stray spaces taken
    out looks shorter than it stood)."""
    cols, text, printed = _columns(lines, k), lines[k].text, lines[k].raw.strip()
    return cols is not None and width(text) < 0.8 * cols[0] and width(printed) < 0.8 * cols[0] \
        and len(printed) < 0.8 * cols[1] and not ends_sentence(text)


def _wide(lines: list[_Line], k: int, by: float = WIDER) -> bool:
    """Line k is wider than its column's wrapped lines both ways, by `by`."""
    cols, text = _columns(lines, k), lines[k].text
    return cols is not None and width(text) > by * cols[0] and len(text) > by * cols[1]


def _wider(lines: list[_Line], k: int) -> bool:
    """Line k is wider than its column's wrapped lines and the line under it, if only a little (a
    paragraph's first line can be shorter, its indent lost, but never wider)."""
    below = lines[k + 1].text if k + 1 < len(lines) else ""
    return _wide(lines, k, _MEASURE[1]) and width(lines[k].text) > _MEASURE[1] * width(below)


def _full(lines: list[_Line], k: int) -> bool:
    """Line k fills its column (an indented one opens a paragraph: as good) and follows on directly."""
    ratio = _ratio(lines, k, k)
    return ratio is not None and (0.93 <= ratio or lines[k].indent) and not lines[k].blank_before


def _opens(lines: list[_Line], k: int) -> bool:
    """Line k can start a story: the page's first line, after a blank line, a headline or a finished
    item (a byline, a credit, furniture).  After a mere sentence end a short line is as likely a
    subhead inside the story; a headline-shaped line before it is no evidence either (wrapped lines
    look the same)."""
    return k == 0 or lines[k].blank_before or lines[k - 1].head or closes_item(lines[k - 1].text)


def closes_item(text: str) -> bool:
    """A line or paragraph that closes what it is in or stands outside any: a byline, a closing
    byline, a photo credit, page furniture."""
    return bylines.is_byline(text) or bylines.is_furniture(text) \
        or bylines.parse_closing(text) is not None or bylines.parse_credit(text) is not None


def _strict_start(lines: list[_Line], start: int, end: int) -> int | None:
    """The first line of the run that follows a finished sentence, a byline or a kicker."""
    for j in range(start, end + 1):
        prev = lines[j - 1].text if j else ""
        if not j or ends_sentence(prev) or bylines.is_byline(prev) or lines[j - 1].head:
            return j
    return None


def _after_break(lines: list[_Line], i: int) -> bool:
    """Line i follows a finished item: a sentence's end, a headline, a byline (one wrapped onto two lines
    too), a jump line or page furniture."""
    if i == 0:
        return True
    prev = lines[i - 1].text
    earlier = lines[i - 2].text if i > 1 else ""
    return ends_sentence(prev) or head_shape(prev) or bylines.is_byline(prev) or lines[i - 1].head \
        or bylines.parse_closing(earlier + prev) is not None or bylines.is_furniture(prev) \
        or bylines.CONTINUED_TO.match(prev.strip()) is not None


def _before_break(lines: list[_Line], last: int, i: int) -> bool:
    """What follows line `last` ends the item: a headline, a boundary, the end, a new column."""
    if last + 1 == len(lines):
        return True
    nxt = lines[last + 1]
    if nxt.text[:1] in CLOSING_MARKS:          # 。（通讯员 X）: the line before did not end there
        return False
    if nxt.head or starts_item(nxt.text) or nxt.indent:
        return True
    ratio = _ratio(lines, last + 1, i)
    if ratio is None:
        return False
    # A paragraph's last line is short anyway: only a wider line shows a new column there.
    return ratio > 1.3 or (ratio < 0.7 and not ends_sentence(nxt.text))


def _block_is_head(lines: list[_Line], start: int, end: int, apart: bool) -> bool:
    """Normal pages: a blank-separated block of at most three short lines off the column, followed by a
    break or standing between blank lines, or (`apart`: blank lines only between paragraphs) any
    block standing between blank lines."""
    block = range(start, end + 1)
    if len(block) > 3 or not all(_head_like(lines, j, apart) or is_doubled(lines[j].text) for j in block):
        return False
    if not _after_break(lines, start):
        return False
    ratios = [_ratio(lines, j, j) for j in block]
    if all(r is not None and (r < 0.8 or r > WIDER) for r in ratios) or apart and _set_apart(lines, start, end):
        return True       # off the column: shorter than its lines, or wider than any wrapped line
    off = all(r is None or r <= 0.93 or r >= 1.07 for r in ratios)
    return off and (_before_break(lines, end, end) or _set_apart(lines, start, end))


def _blanks_between_paragraphs(lines: list[_Line]) -> bool:
    """Hardly a blank line on the page falls inside a paragraph: after a line that fills the column,
    goes on from the line before and ends no sentence or byline (OCR that drops stray blank lines
    mid-sentence fails this; a two-line headline as wide as the column can look the same, hence
    a share, not none)."""
    blanks = [i for i in range(1, len(lines)) if lines[i].blank_before]
    inside = [i for i in blanks if i > 1 and _mid_paragraph(lines, i - 1)
              and not ends_sentence(lines[i - 1].text) and not starts_item(lines[i - 1].text)
              and bylines.parse_closing(lines[i - 1].text) is None and 0.93 < (_ratio(lines, i - 1, i - 1) or 0) < 1.07]
    return len(inside) <= STRAY_BLANKS * len(blanks)


def _mid_paragraph(lines: list[_Line], i: int) -> bool:
    """Line i goes on from the line before it (no blank between, the one before not finished)."""
    return not lines[i].blank_before and not ends_sentence(lines[i - 1].text) and not starts_item(lines[i - 1].text)


def _head_like(lines: list[_Line], j: int, apart: bool) -> bool:
    """Line j is shaped like a headline.  One standing apart may end with ！ or ？ when it is built
    like a headline, in parts (劉遵義批量入為出：積極不干預時代已過！); a cheer or a question
    standing alone in a speech (伟大的中国人民万岁！) is not."""
    text = lines[j].text
    if lines[j].run_on:
        return False
    if text and text[-1] in _EXCLAIMED and apart and _set_apart(lines, j, j) and any(c in text for c in _PARTS):
        text = text.rstrip(_EXCLAIMED)
    return head_shape(text)


def _set_apart(lines: list[_Line], start: int, end: int) -> bool:
    """Lines standing between blank lines, stopping without ending a sentence: on a page that
    leaves blank lines only between paragraphs, a headline however wide."""
    after = end + 1 == len(lines) or lines[end + 1].blank_before
    widths = [width(lines[j].text) for j in range(start, end + 1)]
    ragged = min(widths) < 0.9 * max(widths)       # a paragraph's wrapped lines fill the column alike
    return bool((not start or lines[start].blank_before) and after and (start == end or ragged)
                and not ends_sentence(lines[end].text.rstrip(_EXCLAIMED)))


def _breaks(prev: _Line, line: _Line, double: bool, col: float | None, earlier: str = "") -> bool:
    """Whether `line` starts a new paragraph after `prev` (`earlier`: the line before that, where a
    closing byline's bracket may have opened)."""
    s, p = line.text, prev.text
    opened = bylines.DATELINE.match(p)
    if opened and not p[opened.end():].strip():
        return False  # a dateline alone on its line: the body follows
    if line.bullet:
        return True
    if s[:1] in CLOSING_MARKS:
        return False
    if _wraps_dateline(p, s):
        return False
    if starts_item(s):
        return True
    if _unbalanced(p) > 0:      # no paragraph ends inside a bracket: （通讯员 / 范昊天 鲜敢）
        return False
    if bylines.is_byline(p) or bylines.parse_closing(earlier + p) or bylines.parse_credit(p) \
            or bylines.is_furniture(p):
        return True
    short = col is not None and width(p) < 0.75 * col
    if double:          # a short line is a paragraph's last or a headline: wraps fill the column
        return line.blank_before >= 2 or ends_sentence(p) or short
    if line.blank_before:
        return ends_sentence(p) or short
    return ends_sentence(p) and (line.indent or (col is not None and width(p) < 0.9 * col))


def _head_text(text: str) -> str:
    """A headline line: read once, stray spaces out, a deliberate space between parts kept."""
    text = _SPACES.sub(" ", text.strip())
    tight = fix_spaces(text)
    if is_doubled(tight):
        return undouble(tight)
    return text if text.count(" ") <= 2 else tight


def _body_para(group: list[_Line]) -> Para:
    text = fix_spaces(join_lines([x.raw for x in group]))
    widths = [width(x.text) for x in group]
    return Para(text, [x.text for x in group], width=float(statistics.median(widths)))


def _is_double_spaced(lines: list[_Line]) -> bool:
    """Pages whose OCR put a blank line after (nearly) every line."""
    body = [x for x in lines[1:] if not x.level]
    return len(body) >= 4 and sum(1 for x in body if x.blank_before) >= 0.6 * len(body)


def _mark_trailing_heads(lines: list[_Line], double: bool) -> None:
    """The lines after the page's last sentence are the headlines gathered at its end.

    Width cannot tell a headline from a wrapped line there (both can fill the column);
    what can is that no headline ends a sentence, while every article's last line does.
    On other pages the gathered headlines stand apart from the stories, each between
    blank lines or together as one block after a blank line, and are shaped like
    headlines; a block is told from a story's unfinished last paragraph by its ragged
    widths (wrapped lines fill the column).
    """
    tail: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text.rstrip()
        if ends_sentence(text) or "。" in text or text.endswith(("，", "、", "；", "：")) \
                or bylines.is_byline(text) or bylines.parse_credit(text) or lines[i].level or _unbalanced(text):
            break
        if lines[i].run_on or not double and not (head_shape(text) or is_doubled(text)):
            break
        tail.append(i)
    if not double:
        tail = _apart_from_stories(lines, tail)
    if len(tail) >= 2 and len(tail) < len(lines) // 2:
        for i in tail:
            lines[i].head = lines[i].gathered = True


def _apart_from_stories(lines: list[_Line], tail: list[int]) -> list[int]:
    """The end of `tail` (line numbers, last first) that stands apart from the stories above."""
    if all(lines[i].blank_before for i in tail):
        return tail
    if any(x.head for x in lines[:min(tail)]):
        return []         # the page prints its headlines above its stories: a list or a poem ends it
    top = next((k for k, i in enumerate(tail) if lines[i].blank_before), None)
    if top is None:
        return []
    block = tail[:top + 1]
    in_column = sum(1 for i in block if 0.93 <= (_ratio(lines, i, i) or 0) <= 1.07 and not is_doubled(lines[i].text))
    return block if in_column * 3 <= len(block) else []


def cuts_lines(text: str) -> bool:
    """Whether an item begins inside one of the page's lines (a run-in headline, a dateline mid-line)."""
    return not looks_markdown(text) and any(line.run_on for line in _split_run_ins(_read_lines(text, False)))


def looks_markdown(text: str) -> bool:
    """OCR tools that emit Markdown mark headings with #, whatever the file is called."""
    return sum(1 for line in text.split("\n", 2000)[:2000] if _HEADING.match(line)) >= 2


def paragraphs(text: str, markdown: bool | None = None) -> list[Para]:
    """The page's paragraphs, in order, headline-like ones flagged (Markdown sniffed when None)."""
    if markdown is None:
        markdown = looks_markdown(text)
    lines = _read_lines(text, markdown)
    if not markdown:
        lines = _split_run_ins(lines)
    double = _is_double_spaced(lines)
    apart = not double and _blanks_between_paragraphs(lines)     # blank lines fall between paragraphs
    _mark_heads(lines, double, markdown, apart)
    if not markdown:
        _mark_trailing_heads(lines, double)
    paras: list[Para] = []
    group: list[_Line] = []
    starts: set[int] = set()      # paragraphs that open after a blank line
    for i, line in enumerate(lines):
        if line.head:
            if group:
                paras.append(_body_para(group))
                group = []
            head = _head_text(line.raw)
            prev = paras[-1] if paras else None
            if prev and prev.head and not prev.level and not line.level and not double \
                    and not line.blank_before and len(prev.lines) < 3 \
                    and not (line.gathered and not DASH.match(line.text)):
                prev.lines.append(head)
                prev.text = " ".join(prev.lines)
            else:
                if line.blank_before:
                    starts.add(len(paras))
                paras.append(Para(head, [head], True, line.level, line.dash, float(width(head))))
            continue
        if group and _breaks(group[-1], line, double, _column(lines, i), group[-2].text if len(group) > 1 else ""):
            paras.append(_body_para(group))
            group = []
        if not group and line.blank_before:
            starts.add(len(paras))
        group.append(line)
    if group:
        paras.append(_body_para(group))
    for k in starts:
        paras[k].after_blank = True
    if apart and not markdown:
        _mark_gaps(paras)
    return [p for p in paras if p.text.strip()]


def _mark_gaps(paras: list[Para]) -> None:
    """Where a page leaves blank lines between few of its paragraphs (half at most: a page that
    separates its paragraphs so leaves one before nearly every paragraph), they stand between
    its stories: those paragraphs are marked as following a gap."""
    body = [k for k, p in enumerate(paras) if not p.head]
    blanks = len([k for k in body if paras[k].after_blank])
    if 2 <= blanks and blanks * 2 <= len(body):     # one blank line is as likely OCR's stray one
        for k in body:
            paras[k].gap = paras[k].after_blank and k > 0 and not paras[k - 1].head


def clean_text(text: str, markdown: bool | None = None) -> str:
    """The cleaned page as text: one paragraph a line."""
    return "\n".join(p.text for p in paragraphs(text, markdown))
