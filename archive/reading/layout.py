"""A page's text from where its lines sit: columns, reading order, headline type, paragraphs.

An OCR engine gives boxed lines and, left to itself, reads across the page row by row
(or joins lines across a narrow gutter).  The boxes carry what the text alone lacks:
a compositor sets headlines in bigger type, stacks stories in blocks with white space
or rules between them, and flows each story down columns.  So the page is cut as a
compositor built it (recursive X–Y cut): at white gutters running the height of a
region first (columns, side-by-side blocks), else at white bands across its width
(blocks, a headline above its columns), and a region with neither is one column read
top to bottom.  A line joined across a gutter is cut back at the gutter.

Within a column, type size says what a line is, measured against the page's body text:
much bigger is a headline, somewhat bigger a kicker or subtitle (by whether it comes
before or after the headline), smaller a caption, credit or jump line.  A paragraph
starts at an indented line or after a line that stops short.  The result is text with
Markdown headings for headlines, one paragraph a line, blank lines between, which the
text reader (`segment.py`) splits into articles as it splits any Markdown page.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

from archive.reading import bylines
from archive.reading.clean import CLOSING_MARKS
from archive.reading.lines import MASTHEAD

HEADLINE = 1.45    # type this many times the body's is headline type
DECK = 1.1         # ... this many times, beside a headline, a kicker or subtitle
SMALL = 0.9        # ... below this, a caption, credit or jump line (body lines measure 0.92 and up, OCR noise included)
CUT = 0.8          # white space this many body sizes wide (character pitch) or tall (line height) separates regions
INDENT = 1.2       # a line starting this many body sizes in from its column opens a paragraph
SHORT = 1.5        # a line stopping this many body sizes before its column's edge closes one
_JOINED = 1.6      # a body line this many times the region's usual width was joined across a gutter
DISPLAY, _WORD_SPACE = 1.2, 1.5   # lines this many body heights tall are display type; a space this many of their heights stays in the line
_PITCHED = 4       # characters a line needs for its width to tell its type size
HEADER_LINES = 3   # lines a page header (报头) may take
RULES = "|｜│┃"     # a column rule, as OCR engines read one: not text
# How the laid-out text marks what type size said (segment.py reads the same marks back):
HEADLINE_LEVEL, SUBTITLE_LEVEL, KICKER_LEVEL = 1, 2, 3     # Markdown heading levels
SMALL_TYPE = "> "                                           # a caption, credit or jump line
_SMALL_UNITS = 8   # ... to tell small type


@dataclass(frozen=True)
class Box:
    """A line of text and its bounding box in pixels (x0, y0 top left; x1, y1 bottom right)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def pitch(self) -> float | None:
        """Width per character (Latin and digits count half): the type size, where the line is long enough."""
        units = _units(self.text)
        return (self.x1 - self.x0) / units if units >= _PITCHED else None


def _pitch(lines: list[Box]) -> float:
    """The character pitch of lines taken together (one dropped or misread character sways it less)."""
    return sum(b.x1 - b.x0 for b in lines) / max(sum(_units(b.text) for b in lines), 1.0)


def _units(text: str) -> float:
    """A line's width in characters: Latin letters and digits are half as wide as Chinese, and so is
    a closing mark ending the line (its ink stops at the left of its cell, and so does the box)."""
    text = text.strip()
    half = 0.5 if text[-1:] in CLOSING_MARKS and not text[-1:].isascii() else 0.0
    return sum(0.5 if c.isascii() else 1.0 for c in text) - half


@dataclass
class LaidOut:
    """A page's text in reading order, and its header (masthead line: paper, date, 版次) apart."""

    text: str
    header: str = ""
    boxes: list[Box] = field(default_factory=list)   # the lines it was laid out from


def page_text(boxes: list[Box]) -> LaidOut:
    """The page as Markdown-headed text in reading order (empty text for a page with no text)."""
    boxes = [replace(b, text=b.text.strip().strip(RULES)) for b in boxes if b.x1 > b.x0 and b.y1 > b.y0]
    boxes = [b for b in boxes if b.text]
    if not boxes:
        return LaidOut("")
    boxes = _whole_lines(boxes, _sizes(boxes))
    size = _sizes(boxes)
    header, boxes = _header(boxes, size.height)
    columns = [_whole_lines(column, size, within=True) for column in _regions(boxes, size)] if boxes else []
    out: list[_Block] = []
    for column in columns:
        blocks = _column_blocks(column, size)
        first = blocks[0] if blocks else None
        if first and out and first.kind == out[-1].kind == "para" and out[-1].open_end and first.open_start:
            out[-1] = _Block(join_pieces([out[-1].text, first.text]), "para", out[-1].open_start, first.open_end)
            blocks = blocks[1:]
        out.extend(blocks)
    marked = (SMALL_TYPE + b.text if b.kind == "small" else b.text for b in out)
    return LaidOut("\n\n".join(marked) + "\n", " ".join(b.text for b in header),
                   header + [b for column in columns for b in column])


def _whole_lines(boxes: list[Box], size: _Sizes, within: bool = False) -> list[Box]:
    """Pieces of one printed line rejoined, top to bottom.

    An engine may box a line in pieces, parted at the white after a punctuation mark or
    between words.  Before the page is cut, pieces closer than a gutter (CUT body sizes)
    are rejoined, so that a line's width tells its type size; `within` a column, once
    cut, all pieces on one baseline are one line.
    """
    reach, body = float("inf") if within else CUT * size.pitch, size.height
    out: list[Box] = []
    rows: dict[int, list[int]] = {}       # a body height's band of the page -> the lines whose middle is in it
    for b in sorted(boxes, key=lambda b: (b.x0, b.y0)):
        row = int((b.y0 + b.y1) / 2 // body)
        k = next((k for r in (row - 1, row, row + 1) for k in rows.get(r, [])
                  if 0 <= b.x0 - out[k].x1 < max(reach, _spacing(out[k], b, size))
                  and min(out[k].y1, b.y1) - max(out[k].y0, b.y0) > 0.6 * min(out[k].height, b.height)), None)
        if k is None:
            rows.setdefault(row, []).append(len(out))
            out.append(b)
        else:
            a = out[k]
            out[k] = Box(join_pieces([a.text, b.text]), a.x0, min(a.y0, b.y0), b.x1, max(a.y1, b.y1))
    return sorted(out, key=lambda b: (b.y0, b.x0))


def _header(boxes: list[Box], body: float) -> tuple[list[Box], list[Box]]:
    """The page header (报头: paper, date, 版次) apart from the rest: the page's first band of at most
    HEADER_LINES lines, when one of them prints a date, a 版次 or a weekday."""
    first = _bands(boxes, body)[0]
    if len(first) > HEADER_LINES or not any(MASTHEAD.search(b.text) for b in first):
        return [], boxes
    kept = {id(b) for b in first}
    return sorted(first, key=lambda b: b.x0), [b for b in boxes if id(b) not in kept]


def _spacing(a: Box, b: Box, size: _Sizes) -> float:
    """White that may stand between two words of one line of display type: a headline is often set
    with a full space between its words (开放共享　让大型科研仪器“忙”起来), wider than a gutter of body type.
    Display type is tall and wide: an engine's tall box around body text is not."""
    display = all(x.height >= DISPLAY * size.height and size.ratio(x) >= DECK for x in (a, b))
    return _WORD_SPACE * min(a.height, b.height) if display else 0.0


def _sizes(boxes: list[Box]) -> _Sizes:
    body = statistics.median(b.height for b in boxes)
    pitches = [b.pitch for b in boxes if b.pitch]
    return _Sizes(body, statistics.median(pitches) if pitches else body)


@dataclass(frozen=True)
class _Sizes:
    """The page's body type: line height and character pitch of its commonest lines."""

    height: float
    pitch: float

    def ratio(self, box: Box) -> float:
        """A line's type size against the body's: by its pitch, or by its height when it is too short to tell."""
        return box.pitch / self.pitch if box.pitch else box.height / self.height


def _regions(boxes: list[Box], size: _Sizes) -> list[list[Box]]:
    """The page cut into columns in reading order (X–Y cut).

    The page is first cut into rows of stories, each starting at a band of headline
    type (`_rows`).  Within a row, white bands across it separate a headline from its
    columns, and white gutters down it separate columns and stories set side by side.
    Where there is headline type, a gutter is cut only between stories side by side: a
    band holding headlines on both sides of it, and of such gutters the one that leaves
    each headline placed over its own columns (a short headline, or a kicker set flush
    left beside a centred one, leaves gutters running through a single story too).
    Otherwise bands are cut, and a region with neither is one column.
    """
    bands = _bands(boxes, size.height)
    rows = _rows(bands, size)
    if len(rows) > 1:
        return [column for row in rows for column in _regions(row, size)]
    gutters = _gutters(boxes, size)
    if gutters and any(_is_head(b, size) for b in boxes):
        span = (min(b.x0 for b in boxes), max(b.x1 for b in boxes))
        beside = [(_between(band, g, span, size), g) for band in bands for g in gutters]
        beside = [(d, g) for d, g in beside if d is not None]
        gutters = [min(beside)[1]] if beside else []
    if gutters:
        left, right = _split(boxes, *gutters[0])
        return _regions(left, size) + _regions(right, size)
    bands = _headed(bands, size)
    if len(bands) > 1:
        return [column for band in bands for column in _regions(band, size)]
    parts = _under_heading(boxes, size)
    if parts:
        return [column for part in parts for column in _regions(part, size)]
    return [sorted(boxes, key=lambda b: (b.y0, b.x0))]


def _under_heading(boxes: list[Box], size: _Sizes) -> tuple[list[Box], list[Box]] | None:
    """A region's top heading (kicker, headline, subtitle) apart from the columns under it, where no
    white band parts them (an engine's headline box may reach down to the first body line).

    The heading is the topmost headline and the headline and deck type set right on from it.
    """
    heads = sorted((b for b in boxes if _is_head(b, size)), key=lambda b: b.y0)
    if not heads:
        return None
    cut = heads[0].y1
    for b in sorted(boxes, key=lambda b: b.y0):
        if size.ratio(b) >= DECK and b.y0 < cut + size.height:
            cut = max(cut, b.y1)
    upper = [b for b in boxes if (b.y0 + b.y1) / 2 < cut]
    lower = [b for b in boxes if (b.y0 + b.y1) / 2 >= cut]
    return (upper, lower) if upper and lower else None


def _rows(bands: list[list[Box]], size: _Sizes) -> list[list[Box]]:
    """Bands grouped into rows of stories: a row starts at each band holding headline type.

    A row holds its headlines and the columns under them, so stories standing side by
    side in it can be told apart by the gutter between their headlines.  Headline bands
    with no body text between them (a kicker, headlines of stories set side by side at
    different heights) stay in one row.
    """
    rows: list[list[Box]] = []
    for band in bands:
        if not rows or any(_is_head(b, size) for b in band) and any(size.ratio(b) < DECK for b in rows[-1]):
            rows.append([])
        rows[-1].extend(band)
    return rows


def _headed(bands: list[list[Box]], size: _Sizes) -> list[list[Box]]:
    """Bands with consecutive bands of headline and deck type alone joined, so that a kicker, its
    headline and its subtitle set apart by white space are read as one heading."""
    out: list[list[Box]] = []
    for band in bands:
        if out and all(size.ratio(b) >= DECK for b in out[-1] + band):
            out[-1] = out[-1] + band
        else:
            out.append(band)
    return out


def _between(band: list[Box], gutter: tuple[float, float], span: tuple[float, float],
             size: _Sizes) -> float | None:
    """How badly a gutter splits a band's headlines into two stories' (None: it parts no two stories).

    A headline is set centred or flush left over its own story's columns; the gutter
    between two stories leaves each side's headlines so placed over the columns on
    that side.  The misfit is in pixels, summed over both sides.  A side without a
    headline is a story of its own (a continued story, a story whose headline is above
    this row) when it has body text level with the other side's headline; such a
    gutter ranks after every gutter with headlines on both sides.
    """
    heads = [b for b in band if _is_head(b, size)]
    left = [b for b in heads if b.x1 <= gutter[0]]
    right = [b for b in heads if b.x0 >= gutter[1]]
    if left and right:
        return _misfit(left, span[0], gutter[0]) + _misfit(right, gutter[1], span[1])
    beside = [b for b in band if size.ratio(b) < DECK and any(b.y0 < h.y1 and h.y0 < b.y1 for h in heads)]
    if left and any(b.x0 >= gutter[1] for b in beside):
        return span[1] - span[0] + _misfit(left, span[0], gutter[0])
    if right and any(b.x1 <= gutter[0] for b in beside):
        return span[1] - span[0] + _misfit(right, gutter[1], span[1])
    return None


def _misfit(heads: list[Box], x0: float, x1: float) -> float:
    h0, h1 = min(b.x0 for b in heads), max(b.x1 for b in heads)
    return min(abs((h0 + h1) / 2 - (x0 + x1) / 2), abs(h0 - x0))


def _bands(boxes: list[Box], body: float) -> list[list[Box]]:
    """Boxes in horizontal bands separated by white space at least CUT body heights tall."""
    ordered = sorted(boxes, key=lambda b: b.y0)
    bands, bottom = [[ordered[0]]], ordered[0].y1
    for b in ordered[1:]:
        if b.y0 - bottom >= CUT * body:
            bands.append([])
        bands[-1].append(b)
        bottom = max(bottom, b.y1)
    return bands


def _gutters(boxes: list[Box], size: _Sizes) -> list[tuple[float, float]]:
    """The white gutters running the region's full height, left to right, as (left, right).

    Body lines joined across a gutter by the engine do not block it: a line much wider
    than the region's usual body line, with other lines above and below it, is taken as
    two (`_split` cuts it).  Headline and deck type spanning columns does block it.
    """
    if len(boxes) < 2:
        return []
    top, bottom, body = min(b.y0 for b in boxes), max(b.y1 for b in boxes), size.height
    plain = [size.ratio(b) < DECK for b in boxes]
    widths = [b.x1 - b.x0 for b, p in zip(boxes, plain) if p]
    usual = statistics.median(widths) if widths else 0.0
    solid = [b for b, p in zip(boxes, plain) if not (p and b.x1 - b.x0 > _JOINED * usual
                                                     and b.y0 > top + body and b.y1 < bottom - body)]
    spans = sorted((b.x0, b.x1) for b in solid)
    out, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= CUT * size.pitch:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def _split(boxes: list[Box], left: float, right: float) -> tuple[list[Box], list[Box]]:
    """Boxes left and right of a gutter; a line across it is cut where the gutter falls in its text."""
    a, b = [], []
    for box in boxes:
        if box.x1 <= right:
            a.append(box)
        elif box.x0 >= left:
            b.append(box)
        else:
            k = round(len(box.text) * (left - box.x0) / (box.x1 - box.x0))
            a.append(replace(box, text=box.text[:k], x1=left))
            b.append(replace(box, text=box.text[k:], x0=right))
    return [x for x in a if x.text.strip()], [x for x in b if x.text.strip()]


def _is_head(box: Box, size: _Sizes) -> bool:
    return size.ratio(box) >= HEADLINE and box.height >= DISPLAY * size.height


def _kinds(column: list[Box], size: _Sizes) -> list[str]:
    """head, deck, small or body for each line of a column, top to bottom.

    Deck type (kicker, subtitle) counts only right before or after headline type: on
    its own, a little wider pitch is as often an OCR engine dropping a character.
    """
    kinds: list[str] = []
    run: list[Box] = []       # the small type so far: a narrower line goes on with it when the run stays small
    for box in column:
        ratio, long = size.ratio(box), _units(box.text) >= _SMALL_UNITS
        going_on = bool(kinds) and kinds[-1] == "small" and (not long or ratio < 1 and _pitch(run + [box]) < SMALL * size.pitch)
        credit = ratio < 1 and bool(bylines.parse_credit(box.text))    # a photo credit, however short
        small = long and ratio < SMALL or going_on or credit
        run = run + [box] if small else []
        kinds.append("head" if _is_head(box, size) else "small" if small else "body")
    for k in range(len(column)):           # one small line among body lines is a short body line
        alone = kinds[k] == "small" and (k == 0 or kinds[k - 1] != "small") \
            and (k + 1 == len(column) or kinds[k + 1] != "small")
        if alone and not (bylines.parse_credit(column[k].text) or bylines.CONTINUED_TO.search(column[k].text)):
            kinds[k] = "body"
    for k in range(len(column)):
        if kinds[k] == "head":
            for step in (-1, 1):
                j = k + step
                while 0 <= j < len(column) and kinds[j] == "body" and size.ratio(column[j]) >= DECK:
                    kinds[j] = "deck"
                    j += step
    return kinds


@dataclass
class _Block:
    """A paragraph, a run of small type, or a heading (its text already marked with #)."""

    text: str
    kind: str                 # para, small or heading
    open_start: bool = False  # its first line is not indented: it may go on from the column before
    open_end: bool = False    # its last line runs to the column's edge: it may go on in the next


def _column_blocks(column: list[Box], size: _Sizes) -> list[_Block]:
    """One column's lines as headings and paragraphs."""
    xs0, xs1 = sorted(b.x0 for b in column), sorted(b.x1 for b in column)
    left, right, unit = xs0[len(xs0) // 10], xs1[(len(xs1) * 9) // 10], size.pitch
    blocks: list[_Block] = []
    lines: list[Box] = []
    heads: list[tuple[str, str]] = []
    kinds = _kinds(column, size)

    def flush(kind: str) -> None:
        if lines:
            blocks.append(_Block(join_pieces([x.text.strip() for x in lines]), "small" if kind == "small" else "para",
                                 lines[0].x0 - left < INDENT * unit, right - lines[-1].x1 < SHORT * unit))
            lines.clear()
        blocks.extend(_Block(h, "heading") for h in _headings(heads))
        heads.clear()

    for k, (box, kind) in enumerate(zip(column, kinds)):
        if kind in ("head", "deck"):
            if lines:
                flush(kinds[k - 1])
            heads.append((kind, box.text.strip()))
            continue
        prev = column[k - 1] if k else None
        opens = prev is not None and (box.x0 - left >= INDENT * unit or right - prev.x1 >= SHORT * unit)
        if heads or opens or (k and kind != kinds[k - 1]):
            flush(kinds[k - 1])
        lines.append(box)
    flush(kinds[-1])
    return blocks


def _headings(heads: list[tuple[str, str]]) -> list[str]:
    """A headline's lines as Markdown: `###` kicker (deck type before the headline), `#` headline, `##` subtitle.

    The three levels keep two headlines set one after the other apart: a new one starts
    at a kicker or a headline once the one before has its own (see segment._typed_run).
    """
    if not heads:
        return []
    if not any(kind == "head" for kind, _ in heads):
        return [_heading(SUBTITLE_LEVEL, [t for _, t in heads])]
    first = next(k for k, (kind, _) in enumerate(heads) if kind == "head")
    last = max(k for k, (kind, _) in enumerate(heads) if kind == "head")
    out = []
    if first:
        out.append(_heading(KICKER_LEVEL, [t for _, t in heads[:first]]))
    out.append(_heading(HEADLINE_LEVEL, [t for _, t in heads[first:last + 1]]))
    if last + 1 < len(heads):
        out.append(_heading(SUBTITLE_LEVEL, [t for _, t in heads[last + 1:]]))
    return out


def _heading(level: int, lines: list[str]) -> str:
    return "#" * level + " " + join_pieces(lines)


def join_pieces(lines: list[str]) -> str:
    """Wrapped lines (or an OCR tool's words) as one: no space between CJK characters, one between Latin words."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out += " "
        out += line
    return out
