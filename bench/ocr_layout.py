"""Real articles drawn as a newspaper page image, every drawn line remembered with its role.

A page is a masthead line (paper, date, page number), then rows of article blocks: one
block across the page or two side by side.  A block is an optional kicker (引题), a
headline across the block's columns (wrapped when long), an optional subtitle, and
the body flowed through the block's columns with paragraph indents, in-article
subheads in bold, a dateline or closing byline as the paper printed it, sometimes a
photo with its caption and credit, sometimes a jump line (下转第X版) where the story
goes on elsewhere.  A block may instead be the rest of a story from another page
(上接第X版).  Each drawn line keeps its role and its story, so the gold comes from
the layout, never from reading the image back.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/opentype/noto"
_FACE = {"sc": 2, "tc": 3}          # face index of the SC and TC fonts inside Noto's .ttc collections
BODY, HEAD, KICK, SMALL, MAST = 22, 40, 26, 19, 30
GUTTER, MARGIN, GAP = 44, 40, 36
_LEADING = 1.5


@dataclass
class Line:
    """One drawn line: what it says, where it is, and what it belongs to."""

    text: str
    box: tuple[int, int, int, int]
    role: str               # masthead kicker title subtitle body subhead caption credit jump
    story: int | None       # index of the page's story; None for the masthead
    column: int = 0         # column on the page where the line starts


@dataclass
class Story:
    """What a block prints: headline parts and paragraphs, with the subheads marked."""

    title: str
    paragraphs: list[str]
    kicker: str = ""
    subtitle: str = ""
    subheads: set[int] = field(default_factory=set)
    kind: str = "article"                   # article or continuation
    jump: str = ""                          # 下转第X版 printed after the last paragraph
    photo: tuple[str, str] | None = None    # (caption, credit) of a photo inside the block


@lru_cache(maxsize=None)
def font(size: int, bold: bool, script: str, sans: bool = False) -> ImageFont.FreeTypeFont:
    family = "Sans" if sans else "Serif"
    weight = "Bold" if bold else "Regular"
    return ImageFont.truetype(f"{FONTS}/Noto{family}CJK-{weight}.ttc", size, index=_FACE[script])


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, indent: float = 0.0) -> list[str]:
    """Greedy wrap by drawn width, as a compositor fills a column."""
    lines, current, used = [], "", indent
    for ch in text:
        w = face.getlength(ch)
        if current and used + w > width:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    return lines + [current] if current else lines


class Page:
    """A canvas that records every line it draws."""

    def __init__(self, columns: int, column_width: int, script: str, column_rules: bool = False) -> None:
        self.columns, self.cw, self.script, self.column_rules = columns, column_width, script, column_rules
        self.width = 2 * MARGIN + columns * column_width + (columns - 1) * GUTTER
        self.image = Image.new("L", (self.width, 8000), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[Line] = []
        self.y = MARGIN

    def x_of(self, column: int) -> int:
        return MARGIN + column * (self.cw + GUTTER)

    def span_width(self, span: int) -> int:
        return span * self.cw + (span - 1) * GUTTER

    def text(self, x: float, y: float, text: str, face, role: str, story: int | None, column: int) -> None:
        self.draw.text((x, y), text, font=face, fill=0)
        x0, y0, x1, y1 = self.draw.textbbox((x, y), text, font=face)
        self.lines.append(Line(text, (int(x0), int(y0), int(x1), int(y1)), role, story, column))

    def finish(self) -> Image.Image:
        return self.image.crop((0, 0, self.width, self.y + MARGIN))


def masthead(page: Page, paper: str, date: str, number: int, section: str) -> None:
    face = font(MAST, True, page.script, sans=True)
    page.text(MARGIN, page.y, f"{paper}  {date}  第{number}版  {section}", face, "masthead", None, 0)
    page.y += int(MAST * 1.6)
    page.draw.line((MARGIN, page.y, page.width - MARGIN, page.y), fill=0, width=3)
    page.y += GAP // 2


def block(page: Page, story: Story, index: int, first_col: int, span: int, y: int, rng: random.Random) -> int:
    """Draw one story in `span` columns from `first_col` at height `y`; returns the block's bottom."""
    x, width = page.x_of(first_col), page.span_width(span)
    y = _headline(page, story, index, first_col, x, width, y)
    rows = _body_rows(page, story, index, rng)
    total = sum(h for h, _ in rows)
    target = total / span
    col, col_y, bottom = 0, y, y
    for height, draw in rows:
        if col < span - 1 and col_y > y and col_y - y + height > target + BODY:
            col, col_y = col + 1, y
        draw(page.x_of(first_col + col), col_y, first_col + col)
        col_y += height
        bottom = max(bottom, col_y)
    if page.column_rules:
        for c in range(first_col + 1, first_col + span):
            page.draw.line((page.x_of(c) - GUTTER // 2, y, page.x_of(c) - GUTTER // 2, bottom), fill=110)
    return bottom


def _headline(page: Page, story: Story, index: int, col: int, x: int, width: int, y: int) -> int:
    s = page.script
    if story.kicker:
        for text in wrap(story.kicker, font(KICK, False, s), width):
            page.text(x, y, text, font(KICK, False, s), "kicker", index, col)
            y += int(KICK * _LEADING)
    if story.title:
        face = font(HEAD, True, s, sans=True)
        lines = wrap(story.title, face, width)
        for text in lines:
            page.text(x + (width - face.getlength(text)) / 2, y, text, face, "title", index, col)
            y += int(HEAD * 1.35)
    if story.subtitle:
        for text in wrap("——" + story.subtitle, font(KICK, False, s), width):
            page.text(x, y, text, font(KICK, False, s), "subtitle", index, col)
            y += int(KICK * _LEADING)
    return y + (BODY if story.title or story.kicker else 0)


def _body_rows(page: Page, story: Story, index: int, rng: random.Random) -> list[tuple[int, callable]]:
    """Each row to draw: its height and a function drawing it at (x, y, column)."""
    s, cw = page.script, page.cw
    body, bold, small = font(BODY, False, s), font(BODY, True, s, sans=True), font(SMALL, False, s)
    step = int(BODY * _LEADING)
    rows: list[tuple[int, callable]] = []

    def line(text: str, face, role: str, dx: float = 0.0, h: int = step):
        rows.append((h, lambda x, y, c: page.text(x + dx, y, text, face, role, index, c)))

    photo_at = rng.randrange(0, max(1, len(story.paragraphs))) if story.photo else -1
    for k, para in enumerate(story.paragraphs):
        if k == photo_at:
            _photo(page, story.photo, index, rows)
        if k in story.subheads:
            for text in wrap(para, bold, cw):
                line(text, bold, "subhead", (cw - bold.getlength(text)) / 2, int(step * 1.3))
            continue
        for j, text in enumerate(wrap(para, body, cw, indent=2 * BODY)):
            line(text, body, "body", 2 * BODY if j == 0 else 0.0)
    if story.jump:
        line(story.jump, small, "jump", cw - small.getlength(story.jump))
    return rows


def _photo(page: Page, photo: tuple[str, str], index: int, rows: list) -> None:
    caption, credit = photo
    small = font(SMALL, False, page.script)
    height = int(page.cw * 0.7)
    rows.append((height + 8, lambda x, y, c: page.draw.rectangle((x, y, x + page.cw, y + height), fill=185)))
    for text in wrap(caption, small, page.cw):
        rows.append((int(SMALL * _LEADING), lambda x, y, c, t=text: page.text(x, y, t, small, "caption", index, c)))
    rows.append((int(SMALL * 2.2), lambda x, y, c: page.text(
        x + page.cw - small.getlength(credit), y, credit, small, "credit", index, c)))


def lay_out(stories: list[Story], columns: int, column_width: int, script: str, rng: random.Random,
            masthead_text: tuple[str, str, int, str], column_rules: bool = False) -> tuple[Image.Image, list[Line]]:
    """The page image and its drawn lines: stories fill rows of one wide or two side-by-side blocks.

    `column_rules` draws a thin grey rule in each gutter, as many papers print; without
    them engines join lines across a narrow gutter more often.
    """
    page = Page(columns, column_width, script, column_rules)
    masthead(page, *masthead_text)
    k = 0
    while k < len(stories):
        pair = k + 1 < len(stories) and columns >= 4 and rng.random() < 0.5
        if pair:
            left = rng.randint(2, columns - 2)
            bottom = max(block(page, stories[k], k, 0, left, page.y, rng),
                         block(page, stories[k + 1], k + 1, left, columns - left, page.y, rng))
            page.draw.line((page.x_of(left) - GUTTER // 2, page.y, page.x_of(left) - GUTTER // 2, bottom), fill=0)
            k += 2
        else:
            bottom = block(page, stories[k], k, 0, columns, page.y, rng)
            k += 1
        page.y = bottom + GAP // 2
        page.draw.line((MARGIN, page.y, page.width - MARGIN, page.y), fill=0, width=2)
        page.y += GAP // 2
    return page.finish(), page.lines
