"""One OCR page → article drafts: boundaries, headlines, bylines, kinds.

Boundaries come from what the page prints: datelines and bylines open an item, closing
bylines and photo credits end one, continuation marks (（上接一版）) open a continuation,
Markdown headings open an article.  Headlines on OCR pages often sit after their
article or are gathered at the end of the page, so they are matched to articles by
content (shared character pairs with the article's opening), never by order; a
headline that matches the middle of an article marks an unprinted boundary there,
and one that matches nothing is a section head and stays in the text.  Every
character of the cleaned page ends up in exactly one article field.
"""
from __future__ import annotations

import itertools
import os
import re
import statistics
from dataclasses import dataclass, field

from archive.model import Article, Page
from archive.reading import bylines, clean, cohesion, layout, linemodel
from archive.reading.align import align
from archive.reading.bylines import Byline
from archive.reading.lines import PageLine, page_lines

_OPENING = 160          # characters of an article's opening compared with a headline
_MATCH = 0.25           # share of a headline's character pairs found in an article opening
_SPLIT = 0.35           # stricter share for a headline that splits an article in two
_PHOTO_CHARS = 300      # a captioned photo or brief is short
_ONSET = 0.5            # a headline this well matched, and not at all before, marks where its story starts
_ONSET_BOUNDARY = 0.2    # the cohesion a break may keep there (flat from 0.16 to 0.25 on generated pages)
READERS = ("rules", "learned", "auto")
AGREE = 0.93            # share of lines on which the labeller must agree with the rules for theirs to stand
COVERED = 0.9           # ... of the lines the rules' reading could be lined up with, which must be this share
_FEW_LINES = 12         # ... on a page of at least this many lines
LEARNT_WIDTH = 15       # characters: a page's median line, at most this, for the labeller to vote at all
_HEADLINE = ("kicker", "head", "subtitle")    # the line labels of a headline's parts
_TYPED = re.compile(rf"^(?:(#{{1,3}}) |({re.escape(layout.SMALL_TYPE)}))?(.+)$")  # a laid-out scan's line
_WHOLE = 0.6            # share of a headline's pairs found anywhere in an untitled article
_MASTHEAD_LINES = 2     # lines at a page's top the labeller may call its masthead without it reading as one
_PAIRED = 1.25          # two headline lines this close in length are halves of one title, else kicker and title
_LEFTOVER = 0.15        # share of a left-over gathered headline's pairs found after a cut where the words change
_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．](?!\d))")
_IN_ORDER = 0.25        # weight of page order when pairing gathered headlines with untitled stories
_LEFTOVER_REACH = 600   # characters either side of a possible cut a left-over headline is looked for in
# Words that carry a paragraph on from the one before: no article opens with them.
_CARRIES_ON = re.compile(
    r"^[“「]?(?:[一二三四五六七八九十]+是|此外|另外|同时|同時|与此同时|與此同時|但是|但|而且|而|并且|並且|"
    r"因此|对此|對此|为此|為此|据此|據此|该|該|这|這|此|其|他们|他們|他|她|本次|上述|首先|其次|"
    r"最后|最後|然而|不过|不過|随后|隨後|接着|接著|在本次|在此|此次|据介绍|據介紹|据统计|據統計|据了解|據了解)")


@dataclass
class _Draft:
    paras: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)     # datelines, bylines, credits as printed
    furniture: list[str] = field(default_factory=list)  # page header, editors' line: the page's, kept here
    opening: Byline | None = None
    closing: Byline | None = None
    explicit: bool = False        # opened by something printed, not just by position
    closed: bool = False
    credit: bool = False
    continuation: bool = False
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    level: int = 0                # the Markdown level of the heading that opened it

    def opening_text(self, start: int = 0) -> str:
        return "".join(self.paras[start:])[:_OPENING]

    def paragraph_text(self, k: int) -> str:
        """Paragraph k, with the next one when k is a one-line lead-in."""
        short = len(self.paras[k]) < 60 and k + 1 < len(self.paras)
        return (self.paras[k] + (self.paras[k + 1] if short else ""))[:_OPENING]


@dataclass
class _Head:
    title: str
    subtitle: str | None = None
    kicker: str | None = None
    above: bool = False           # printed right above a dateline or byline that opens a story

    def text(self) -> str:
        return "".join(filter(None, (self.kicker, self.title, self.subtitle)))


def reader() -> str:
    """The reader in use: $NEWSARCHIVE_READER (`newsarchive ingest --reader`), auto by default."""
    name = os.environ.get("NEWSARCHIVE_READER") or "auto"
    if name not in READERS:
        raise ValueError(f"NEWSARCHIVE_READER={name!r}: not one of {', '.join(READERS)}")
    return name


def split_page(page: Page) -> list[Article]:
    """The page's articles, photos and continuations in page order, metadata from the page only.

    Three readers (see `READERS`): the printed-mark rules; the line labeller, which sees
    the rules' reading as one of its features; and `auto` (the default), where the rules'
    reading stands when the labeller agrees with it on nearly every line it could be placed
    on and read by position (`_agrees`), and the labeller's is taken elsewhere (never where
    the rules found items beginning inside a line, which no line label can say, and only on
    column text as narrow as it learnt from: `_column_text`).  Measured
    in bench/README.md on sets never trained on: auto reads text pages as the rules do
    (pooled F1 0.973 against 0.974 on six pagegen sets) and OCR column text three to four
    times better (RapidOCR 人民日报 zoned 0.14 → 0.52, 眾新聞 0.02 → 0.42).
    """
    markdown = True if page.format == "markdown" else None
    flow = _rules_flow(page.text, markdown, typed=page.format == "scan")
    inside = reader() == "auto" and clean.cuts_lines(page.text)     # items begin inside lines: no line labels fit
    lines = page_lines(page.text) if reader() != "rules" and page.format != "scan" and not inside else []
    if lines and (reader() == "learned" or _column_text(lines)):
        rules = _labels_of(flow, page.text)
        labels = linemodel.load().label(lines, rules)
        if reader() == "learned" or not _agrees(rules, labels, lines):
            flow = _learned_flow(lines, labels)
            _assign_heads(flow, _merge_parts(flow))
    drafts = _furniture_onward([d for d in flow if isinstance(d, _Draft)
                            and (d.paras or d.marks or d.title or d.furniture)])
    return [_article(page, i, d) for i, d in enumerate(drafts)]


def _column_text(lines: list[PageLine]) -> bool:
    """Whether a page's lines are as narrow as the column text the labeller learnt from (OCR of pages
    in 3–6 columns).  On wider text it has never seen, it read worse than the rules on every page
    where the two differed, so there the rules stand."""
    return statistics.median(len(line.text) for line in lines) <= LEARNT_WIDTH


def _furniture_onward(drafts: list[_Draft]) -> list[_Draft]:
    """A draft holding only page furniture (a page header before any story) gives it to the next."""
    out: list[_Draft] = []
    held: list[str] = []
    for d in drafts:
        if not (d.paras or d.title or d.marks or d.continuation):
            held += d.furniture
            continue
        d.furniture[:0], held = held, []
        out.append(d)
    if held and out:
        out[-1].furniture += held
    return out if out or not held else drafts


def _flow(paras: list[clean.Para]) -> list[_Draft | _Head]:
    """Drafts and loose headlines in page order."""
    flow: list[_Draft | _Head] = []
    cur: _Draft | None = None
    i = 0
    while i < len(paras):
        p = paras[i]
        lead = _lead_in(paras, i)
        if bylines.is_furniture(p.text):     # however it is marked up (# 2020年1月17日 星期五 第3版)
            cur = _body(flow, cur, p.text, p.width)
        elif lead:                  # short unpunctuated lines right before a heading or a dateline: its head
            if paras[i + lead].level:
                run = _run(paras, i + lead)
                cur = _heading_run(flow, cur, run, kicker=" ".join(q.text for q in paras[i:i + lead]))
                i += lead + len(run) - 1
            else:
                flow.append(_head_unit([part for q in paras[i:i + lead] for part in _head_parts(q)]))
                flow[-1].above = True
                cur = None
                i += lead - 1
        elif p.level:
            run = _run(paras, i)
            cur = _heading_run(flow, cur, run)
            i += len(run) - 1
        elif p.head:
            flow.append(_head_unit(p.lines))
            cur = None
        else:
            cut = p.gap and not _CARRIES_ON.match(p.text) and not _bylined_only(cur)
            cur = _body(flow, None if cut else cur, p.text, p.width)
        i += 1
    return _bylines_closing(flow)


def _bylined_only(draft: _Draft | None) -> bool:
    """A draft so far holding a reporter's line and nothing else: the blank under it (本报记者 X, then a
    blank, then the story) separates the byline from its story, not one story from the next."""
    return draft is not None and draft.opening is not None and not draft.paras and not draft.closed


def _bylines_closing(flow: list) -> list:
    """A byline alone on its line that opens nothing (a headline or the page's end comes next)
    signs the story above it: 本报记者 X under the last paragraph.  One right over a dateline that
    names no reporter is that story's."""
    out: list = []
    for i, x in enumerate(flow):
        before = out[-1] if out else None
        nxt = flow[i + 1] if i + 1 < len(flow) else None
        alone = isinstance(x, _Draft) and x.opening and not (x.paras or x.title or x.continuation)
        if alone and isinstance(before, _Draft) and before.paras and before.closing is None \
                and (nxt is None or isinstance(nxt, _Head)):
            before.closing, before.closed = x.opening, True
            before.marks += x.marks
            before.furniture += x.furniture
            continue
        if alone and not x.closed and isinstance(nxt, _Draft) and nxt.opening and not nxt.opening.authors \
                and nxt.explicit:
            nxt.opening.authors = x.opening.authors        # 本报记者 X over 本报北京1月5日电: one opening
            nxt.marks[:0] = x.marks
            nxt.furniture[:0] = x.furniture
            continue
        out.append(x)
    return out


def _typed_paragraphs(text: str) -> list[clean.Para]:
    """A laid-out scan's paragraphs (layout.py writes one a line): `#` headings, `> ` small type, body."""
    out = []
    for line in clean.normalize(text).split("\n"):
        mark = _TYPED.match(line.strip())
        if not mark:
            continue
        body = clean.fix_spaces(mark.group(3))
        out.append(clean.Para(body, [body], bool(mark.group(1)), len(mark.group(1) or ""), small=bool(mark.group(2))))
    return out


def _typed_flow(paras: list[clean.Para]) -> list[_Draft | _Head]:
    """Drafts of a page laid out from a scan, where type size has marked what each paragraph is.

    Headings (kicker, headline, subtitle) open stories; a run of small type is a photo's
    caption and credit, standing inside a story without ending it, or, right under a
    headline with nothing else yet, a photo story of its own, until body text shows the
    headline was the story's.
    """
    flow: list[_Draft | _Head] = []
    cur: _Draft | None = None
    photo: _Draft | None = None
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.level:
            run = _typed_run(paras, i)
            cur, photo = _heading_run(flow, cur, run), None
            i += len(run)
            continue
        if p.small and not (bylines.CONTINUED_TO.search(p.text) or bylines.CONTINUED_FROM.match(p.text)):
            if photo is None:
                fresh = cur is not None and cur.title and not cur.paras and not cur.closed
                photo = cur if fresh else _new(flow, True)
            photo = _body(flow, photo, p.text, p.width)
            photo.credit = True
        else:
            if photo is not None and photo is cur:
                cur = _retitled(flow, photo)
            photo = None
            cur = _body(flow, cur, p.text, p.width)
        i += 1
    return flow


def _retitled(flow: list, photo: _Draft) -> _Draft:
    """The story a headline belongs to when a photo stood between the two: the headline moves to it."""
    story = _new(flow, True)
    story.title, story.kicker, story.subtitle, story.level = photo.title, photo.kicker, photo.subtitle, photo.level
    photo.title = photo.kicker = photo.subtitle = None
    photo.level = 0
    return story


def _agrees(rules: list[str | None] | None, labels: list[str], lines: list[PageLine]) -> bool:
    """Whether the labeller reads nearly every line as the rules do, on the lines the rules' reading
    lined up with (COVERED of them at least: a reading that cannot be placed on the page is not trusted).

    Where the rules read a line from what is printed on it (a story starting at its dateline,
    a gathered headline found by its story's content), they hold whatever the labeller says:
    only the lines they read by position are put to the vote.  A page of fewer than
    _FEW_LINES lines is too little evidence against them, even where their reading could not
    be placed: the labeller learnt from whole pages.
    """
    if len(lines) < _FEW_LINES:
        return True
    placed = [(a, b, line) for a, b, line in zip(rules or [], labels, lines) if a is not None]
    if len(placed) < COVERED * len(labels):
        return False
    apart = _standing_apart(lines)
    voted = []
    for i, (a, b, line) in enumerate(zip(rules or [], labels, lines)):
        under = i > 0 and rules[i - 1] in _HEADLINE and apart[i - 1]   # a story starting under a headline set apart
        if a is not None and not _printed(a, line, apart[i]) and not (a == "start" and under):
            voted.append((a, b))
    return sum(a == b for a, b in voted) >= AGREE * len(voted)


def _standing_apart(lines: list[PageLine], most: int = 3) -> list[bool]:
    """Which lines stand in a block of at most `most` lines between blank lines (none on a
    double-spaced page, where every line does)."""
    if sum(line.blank_before for line in lines) >= 0.6 * len(lines):
        return [False] * len(lines)
    out, start = [False] * len(lines), 0
    for i, line in enumerate(lines):
        if line.blank_before:
            start = i
        if line.blank_after or i + 1 == len(lines):
            if i - start < most and lines[start].blank_before:
                out[start:i + 1] = [True] * (i + 1 - start)
    return out


def _printed(label: str, line: PageLine, apart: bool) -> bool:
    """Whether the rules' label for a line rests on what is printed there, not on where it stands:
    a dateline, a gathered headline found by content, a headline marked up or set apart, and
    lines that are marks themselves (bylines, jump lines, page furniture)."""
    if clean.starts_item(line.text):
        return True
    if label in _HEADLINE:
        return bool(line.level) or apart
    return label == "gathered" or label == "start" and bool(bylines.DATELINE.match(line.text)
                                                             or bylines.OPEN_BRACKET.match(line.text))


def rule_labels(text: str, markdown: bool | None = None) -> list[str | None] | None:
    """How the printed-mark rules read each non-blank line (None where their articles do not line up)."""
    return _labels_of(_rules_flow(text, markdown), text)


def _rules_flow(text: str, markdown: bool | None, typed: bool = False) -> list[_Draft]:
    """The printed-mark rules' drafts (headlines already given to their articles); `typed`: a laid-out scan."""
    flow = _typed_flow(_typed_paragraphs(text)) if typed else _flow(clean.paragraphs(text, markdown=markdown))
    flow = _resumed_below_photos(_subheads_inside(flow))
    _assign_heads(flow, _merge_parts(flow))
    return flow


def _labels_of(flow: list[_Draft], text: str) -> list[str | None] | None:
    """The label of each line a reading implies, found by lining its drafts up with the page."""
    items = []
    for d in flow:
        body = re.sub(r"\s+", "", "".join(d.paras))
        if body:
            items.append({"kind": _kind(d), "title": d.title, "kicker": d.kicker, "subtitle": d.subtitle,
                          "starts_with": body[:14], "ends_with": body[-12:]})
    labelled = align(text, items, partial=True)
    return [role for t, role, _ in labelled if t.strip()] if labelled else None


def _learned_flow(lines: list[PageLine], labels: list[str]) -> list[_Draft | _Head]:
    """Drafts and loose headlines as the line labeller reads the page (archive/reading/linemodel.py).

    The labeller decides which lines are headlines, where a story starts, which lines
    are captions and which are headlines gathered away from their story; the printed
    marks (datelines, bylines, credits, jump lines) are then read inside each story as
    before.  Page furniture (the masthead) is kept with the first item.
    """
    flow: list[_Draft | _Head] = []
    runs: dict[str, list[PageLine]] = {"head": [], "body": [], "photo": [], "gathered": []}
    roles: list[str] = []            # kicker, head or subtitle for each line of runs["head"]
    furniture: list[str] = []
    cur: _Draft | None = None
    for n, (line, label) in enumerate(zip(lines, labels)):
        if label == "masthead" and n >= _MASTHEAD_LINES and not bylines.is_furniture(line.text):
            label = "inside"          # page furniture sits at the top, or reads as furniture
        if label in _HEADLINE:
            roles.append(label)
            label = "head"
        if label == "masthead":
            furniture.append(line.text)
            continue
        if label != "photo" and runs["photo"]:
            _photo_of(flow, runs)
        if label in ("head", "gathered", "photo", "start"):
            cur = _flush(flow, cur, runs)
        if label == "gathered" and runs["gathered"] and line.blank_before:
            flow.append(_head_of(runs["gathered"]))
            runs["gathered"] = []
        if label == "start" or (label in ("inside", "jump") and runs["head"]):
            cur = _new(flow, True)
            if runs["head"]:
                _give(cur, _head_of(runs["head"], roles))
                runs["head"], roles = [], []
        runs[{"inside": "body", "start": "body", "jump": "body"}.get(label, label)].append(line)
    cur = _flush(flow, cur, runs)
    _photo_of(flow, runs)
    for key in ("head", "gathered"):
        if runs[key]:
            flow.append(_head_of(runs[key], roles if key == "head" else None))
    first = next((d for d in flow if isinstance(d, _Draft)), None)
    if furniture:
        (first or _new(flow, False)).furniture[:0] = furniture
    return flow


def _flush(flow: list, cur: _Draft | None, runs: dict[str, list[PageLine]]) -> _Draft | None:
    """Body lines pending go into the current story as paragraphs (its printed marks read as before)."""
    for p in _paragraphs(runs["body"]):
        cur = _body(flow, cur, p.text, p.width)
    runs["body"] = []
    return cur


def _photo_of(flow: list, runs: dict[str, list[PageLine]]) -> None:
    """Pending caption and credit lines: one photo, while the story around it goes on."""
    if runs["photo"]:
        photo: _Draft | None = _new(flow, True)
        for p in _paragraphs(runs["photo"]):
            photo = _body(flow, photo, p.text, p.width)
        runs["photo"] = []


def _paragraphs(lines: list[PageLine]) -> list[clean.Para]:
    text = "\n".join(("\n" if line.blank_before else "") + line.text for line in lines)
    return clean.paragraphs(text, markdown=False) if text.strip() else []


def _head_of(lines: list[PageLine], roles: list[str] | None = None) -> _Head:
    """Headline lines read once each: kicker, title and subtitle as labelled, else by Markdown level or shape."""
    texts = [clean.undouble(line.text) for line in lines]
    if roles and "head" in roles:
        part = {r: clean.join_lines([t for t, q in zip(texts, roles) if q == r]) or None for r in _HEADLINE}
        return _Head(part["head"], part["subtitle"], part["kicker"])
    levels = [line.level for line in lines]
    if any(levels):
        t = min(range(len(lines)), key=lambda k: levels[k] or 99)
        return _Head(texts[t], " ".join(texts[t + 1:]) or None, " ".join(texts[:t]) or None)
    return _head_unit(texts)


def _run(paras: list[clean.Para], i: int) -> list[clean.Para]:
    """The Markdown headings standing together from paragraph i."""
    end = i
    while end < len(paras) and paras[end].level:
        end += 1
    return paras[i:end]


def _typed_run(paras: list[clean.Para], i: int) -> list[clean.Para]:
    """One headline's headings from paragraph i of a laid-out scan: kicker (###), headline (#), subtitle (##).

    The next headline starts at a kicker or a headline once this one has its headline or
    a subtitle (deck type with no headline beside it is written as a subtitle).
    """
    run = _run(paras, i)
    for k in range(1, len(run)):
        if run[k].level in (layout.HEADLINE_LEVEL, layout.KICKER_LEVEL) \
                and any(p.level in (layout.HEADLINE_LEVEL, layout.SUBTITLE_LEVEL) for p in run[:k]):
            return run[:k]
    return run


def _lead_in(paras: list[clean.Para], i: int) -> int:
    """How many body paragraphs from i (at most two) are the head of what follows: short, unpunctuated
    (a ！ or ？ allowed right over what it heads), after a finished sentence or item, and right
    before an article-level heading, a dateline, or a byline line with its story under it."""
    before = paras[i - 1] if i else None
    if paras[i].level or paras[i].head or (before is not None and not clean.ends_sentence(before.text)
                                            and not before.level and not before.head and not clean.closes_item(before.text)
                                            and not bylines.CONTINUED_TO.search(before.text)):
        return 0
    for n in (1, 2):
        block = paras[i:i + n]
        nxt = paras[i + n] if i + n < len(paras) else None
        asks = nxt is not None and not nxt.after_blank     # ！ or ？ only right over what it heads
        if len(block) < n or not all(not q.level and not q.head
                                     and clean.head_shape(q.text.rstrip("！？!?") if asks else q.text)
                                     for q in block):
            return 0
        if nxt is not None and (0 < nxt.level <= 3 or not nxt.level and _opens_story(paras, i + n)):
            return n
    return 0


def _head_parts(para: clean.Para) -> list[str]:
    """A head paragraph as _head_unit's lines: whole, as its lines were joined, unless a line of it opens
    with a dash (——强调…), which is the subtitle's, however the wrap joined it to the title."""
    return para.lines if any(clean.DASH.match(line) for line in para.lines[1:]) else [para.text]


def _opens_story(paras: list[clean.Para], k: int) -> bool:
    """Paragraph k opens a story by what is printed: a dateline, or a byline line of its own with
    the story's text right under it (under one with a headline or nothing under it, `_bylines_closing`
    has it sign the story above)."""
    if bylines.DATELINE.match(paras[k].text):
        return True
    opened = bylines.parse_dateline(paras[k].text)
    return bool(opened) and not opened[1].strip() and k + 1 < len(paras) \
        and not (paras[k + 1].head or paras[k + 1].level or bylines.is_byline(paras[k + 1].text))


def _subheads_inside(flow: list) -> list:
    """A heading deeper than the page's article headings, inside an unfinished story that goes on
    in the same words, is a subhead of that story, not a story of its own."""
    levels = [d.level for d in flow if isinstance(d, _Draft) and d.level]
    if not levels:
        return flow
    top, out = min(levels), []
    for item in flow:
        prev = out[-1] if out else None
        if isinstance(item, _Draft) and item.level > top and not item.kicker and not item.opening \
                and isinstance(prev, _Draft) and prev.paras and not prev.closed and item.paras \
                and cohesion.across(prev.paras, item.paras) >= cohesion.BOUNDARY:
            heads = [t for t in (item.title, item.subtitle) if t]
            prev.paras += heads + item.paras
            prev.widths += [0.0] * len(heads) + item.widths     # a heading has no column width
            prev.marks += item.marks
            prev.furniture += item.furniture
            prev.closing, prev.closed, prev.credit = item.closing, item.closed, item.credit
            continue
        out.append(item)
    return out


def _resumed_below_photos(flow: list) -> list:
    """Unheaded text right under a photo, on a page that prints its headlines above their stories,
    is the story the photo was set into, resumed below it: zoned OCR reads a column's photo between
    a story's two parts.  The photo stays an item of its own."""
    if not _heads_above(flow):
        return flow
    out: list = []
    for item in flow:
        k = len(out)
        while k and isinstance(out[k - 1], _Draft) and out[k - 1].credit:
            k -= 1
        story = out[k - 1] if 0 < k < len(out) else None
        if isinstance(story, _Draft) and story.paras and not (story.closed and story.closing) \
                and not story.continuation and _unheaded(item):
            story.paras += item.paras
            story.widths += item.widths
            story.marks += item.marks
            story.furniture += item.furniture
            story.closing, story.closed = item.closing, item.closed
            continue
        out.append(item)
    return out


def _unheaded(item: object) -> bool:
    """Body text that nothing printed opens: no headline, dateline, continuation mark or credit."""
    return isinstance(item, _Draft) and bool(item.paras) and not (
        item.title or item.kicker or item.opening or item.explicit or item.continuation or item.credit)


def _new(flow: list, explicit: bool) -> _Draft:
    draft = _Draft(explicit=explicit)
    flow.append(draft)
    return draft


def _heading_run(flow: list, cur: _Draft | None, run: list[clean.Para], kicker: str = "") -> _Draft:
    """Markdown headings: levels 1–3 open an article (kicker, title, subtitle); 4–6 are section heads."""
    top = min(p.level for p in run)
    if top > 3 and not kicker:
        cur = cur if cur is not None and not cur.closed else _new(flow, False)
        for p in run:
            cur.paras.append(p.text)
            cur.widths.append(p.width)
        return cur
    cur = _new(flow, True)
    t = next(i for i, p in enumerate(run) if p.level == top)
    cur.title, cur.level = run[t].text, top
    cur.kicker = " ".join(filter(None, [kicker, *(p.text for p in run[:t])])) or None
    cur.subtitle = " ".join(p.text for p in run[t + 1:]) or None
    return cur


def _body(flow: list, cur: _Draft | None, text: str, width: float) -> _Draft:
    """Add one body paragraph, opening a new draft where the page marks a boundary."""
    if bylines.is_furniture(text):       # kept with the item beside it
        cur = cur if cur is not None else _new(flow, False)
        cur.furniture.append(text.strip())
        return cur
    ending = _ending(text)
    if ending and not ending[0].strip():
        cur = cur if cur is not None and not cur.closed else _new(flow, False)
        return _close(flow, cur, ending[1], bylines.parse_credit(text) is not None)
    mark = bylines.CONTINUED_FROM.match(text)
    if mark:
        untouched = cur is not None and not (cur.paras or cur.marks or cur.title or cur.closed)
        cur = cur if untouched else _new(flow, True)
        cur.continuation = True
        cur.marks.append(mark.group(0).strip())
        text = text[mark.end():]
    opened = bylines.parse_dateline(text)
    if opened:
        fresh = cur is not None and not cur.paras and not cur.opening and not cur.closed
        cur = cur if fresh else _new(flow, True)
        cur.opening, text = opened[0], opened[1]
        cur.marks.append(opened[0].text)
    elif cur is None or cur.closed:
        cur = _new(flow, False)
    ending = _ending(text)
    credit = bool(ending) and bylines.parse_credit(text) is not None
    if ending:
        text = ending[0]
    more = bylines.CONTINUED_TO.search(text)
    if more:
        text = text[:more.start()]
    if text.strip():
        cur.paras.append(text.strip())
        cur.widths.append(width)
    if more:
        cur.marks.append(more.group(0).strip())
        cur.closed = True                # the story goes on elsewhere: nothing after the jump line is its
    return _close(flow, cur, ending[1], credit) if ending else cur


def _ending(text: str) -> tuple[str, Byline] | None:
    """A photo credit or closing byline at the end of a paragraph."""
    return bylines.parse_credit(text) or bylines.parse_closing(text)


def _close(flow: list, cur: _Draft, byline: Byline, credit: bool) -> _Draft:
    cur.closing, cur.closed, cur.credit = byline, True, credit
    cur.marks.append(byline.text)
    if credit and len(cur.paras) > 1:
        _split_photo(flow, cur)
    return cur


def _split_photo(flow: list, draft: _Draft) -> None:
    """A credit closing a longer item: the caption is the last paragraphs, in their own column.

    After a dateline the item is surely an article, so the caption is split off even when
    its column looks the same (then it is the last paragraph); without one, a clear change
    of column width shows where the article ends and the caption starts, or, after a
    headed or article-long text, a last paragraph telling another story (low cohesion).
    """
    changes = [(abs(a - b) / max(a, b) if a and b else 0.0, j)
               for j, (a, b) in enumerate(zip(draft.widths, draft.widths[1:]), start=1)]
    change, k = max(changes)
    apart = (draft.title is not None or len("".join(draft.paras[:-1])) > _PHOTO_CHARS) \
        and cohesion.across(draft.paras[:-1], draft.paras[-1:]) < cohesion.BOUNDARY
    if not draft.opening and change <= 0.5 and not apart:
        return
    if change <= 0.15:
        k = len(draft.paras) - 1
    photo = _Draft(paras=draft.paras[k:], widths=draft.widths[k:], marks=[draft.marks.pop()],
                   closing=draft.closing, closed=True, credit=True)
    del draft.paras[k:], draft.widths[k:]
    draft.closing, draft.credit, draft.closed = None, False, True
    flow.append(photo)


def _head_unit(lines: list[str]) -> _Head:
    """A headline paragraph's lines: kicker, title, subtitle, or one title wrapped in two."""
    first, rest = lines[0], lines[1:]
    if not rest:
        return _Head(first)
    dashed = next((k for k, x in enumerate(rest, 1) if clean.DASH.match(x)), None)
    if dashed is not None:        # ——商务部举行…: a subtitle, set off by its dash (kept, as 人民日报 prints it)
        head = _head_unit(lines[:dashed])
        return _Head(head.title, " ".join(lines[dashed:]), head.kicker)
    if first.endswith(("——", "：", ":")):
        return _Head(rest[0], " ".join(rest[1:]) or None, first)
    if clean.word_across(first, rest[0]):          # one title wrapped inside a word (…與特首辦書 | 信往來全文)
        return _Head(first + rest[0], " ".join(rest[1:]) or None)
    if clean.ends_sentence(first):
        return _Head(first, " ".join(rest))
    if max(len(first), len(rest[0])) <= _PAIRED * min(len(first), len(rest[0])):
        return _Head(first + " " + rest[0], " ".join(rest[1:]) or None)    # two matched halves of one title
    return _Head(rest[0], " ".join(rest[1:]) or None, first)    # else kicker over title (7 in 8 in 人民日报)


def _merge_parts(flow: list) -> list[_Head]:
    """A headline ending with —— or ： is the kicker of the headline after it; one opening with a
    dash is the subtitle of the headline before it (double-spaced pages set each line apart)."""
    i = 0
    while i + 1 < len(flow):
        a, b = flow[i], flow[i + 1]
        if isinstance(a, _Head) and isinstance(b, _Head) and not a.subtitle and b.kicker is None \
                and a.title.endswith(("——", "：", ":")):
            b.kicker = " ".join(filter(None, (a.kicker, a.title)))
            del flow[i]
            continue
        if isinstance(a, _Head) and isinstance(b, _Head) and not a.subtitle and b.kicker is None \
                and not b.subtitle and clean.DASH.match(b.title) and not clean.DASH.match(a.title):
            a.subtitle = b.title
            del flow[i + 1]
            continue
        if _stacked(flow, i):
            flow[i + 1] = _head_unit([a.title, b.title])
            flow[i + 1].above = b.above
            del flow[i]
            continue
        i += 1
    return [h for h in flow if isinstance(h, _Head)]


def _stacked(flow: list, i: int) -> bool:
    """Two one-line headlines right over an unheaded story's text, on a page that prints its headlines
    above their stories: one headline in two parts (kicker and title, or a title's two halves) that
    double spacing set apart."""
    parts = flow[i:i + 3]
    if len(parts) < 3 or not all(isinstance(h, _Head) and not (h.kicker or h.subtitle) for h in parts[:2]):
        return False
    story = parts[2]
    return isinstance(story, _Draft) and bool(story.paras) and story.title is None and _heads_above(flow)


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


def _score(head: _Head, text: str) -> tuple[float, int]:
    """Share of the headline's character pairs found in `text` (the title alone or with its kicker and subtitle)."""
    have = _pairs(text)
    best = (0.0, 0)
    for words in (head.title, head.text()):
        want = _pairs(words)
        shared = len(want & have)
        best = max(best, (shared / len(want) if want else 0.0, shared))
    return best


def _assign_heads(flow: list, heads: list[_Head]) -> None:
    """Give each headline to the article it describes; the rest split articles or stay as text.

    In order of evidence: a headline matching an article's opening; one matching a
    paragraph inside an article where the story changes (an unprinted boundary); one
    whose words run through an untitled article; as many gathered headlines as untitled
    articles, paired by content; one printed right after an untitled article (on pages that do
    not print their headlines above their stories); and a gathered
    one left over, where the words change inside a story (`_split_leftover`).
    """
    sections = [h for h in heads if _section_head(flow, h)]
    for h in sections:
        _keep_as_text(flow, h)
    left = _match_openings(flow, [h for h in heads if h not in sections])
    rest = [h for h in left if not (_gathered(flow, h) and _split_at(flow, h)) and not _match_whole(flow, h)]
    rest = _pair_jointly(flow, rest)
    if not _heads_above(flow):
        rest = [h for h in rest if not _follows_untitled(flow, h)]
    rest = [h for h in rest if not (_gathered(flow, h) and _split_leftover(flow, h))]
    for h in rest:
        _keep_as_text(flow, h)
    flow[:] = [x for x in flow if isinstance(x, _Draft)]


def _section_head(flow: list, head: _Head) -> bool:
    """A numbered heading (（三）…, 二、…) inside a story that runs on is a section of it."""
    before = _story_before(flow, flow.index(head))
    return bool(_NUMBERED.match(head.title)) and before is not None and not before.closed


def _untitled(flow: list) -> list[_Draft]:
    return [d for d in flow if isinstance(d, _Draft) and d.title is None and not d.continuation
            and not d.credit and d.paras]


def _match_openings(flow: list, heads: list[_Head]) -> list[_Head]:
    """Best-first pairing of headlines with article openings; the headlines left over."""
    pairs = []
    above = _heads_above(flow)
    for h in heads:
        for d in _candidates(flow, h, above):
            if _between_parts(flow, h, d):
                continue          # a subhead says what the next paragraphs say: no headline of theirs
            score, shared = _score(h, d.opening_text())
            if score >= _MATCH and shared >= 3:
                pairs.append((score, shared, id(h), id(d), h, d))
    taken_h, taken_d = set(), set()
    for _, _, hid, did, h, d in sorted(pairs, key=lambda x: (-x[0], -x[1])):
        if hid not in taken_h and did not in taken_d:
            _give(d, h)
            taken_h.add(hid)
            taken_d.add(did)
    return [h for h in heads if id(h) not in taken_h]


def _candidates(flow: list, head: _Head, above: bool) -> list[_Draft]:
    """The articles a headline may be paired with.  On a page whose headlines stand beside their
    stories, one standing between stories is the story's right under it, or the one right over it
    where that story has no headline over it (headlines printed after their stories), or none (a
    subhead): never a story elsewhere on the page.  Elsewhere, any untitled article."""
    i = flow.index(head)
    after = flow[i + 1] if i + 1 < len(flow) else None
    untitled = _untitled(flow)
    if not above or not isinstance(after, _Draft) or not after.paras:
        return untitled
    near = [after]
    before = flow[i - 1] if i else None
    if isinstance(before, _Draft) and before.paras and not (i > 1 and isinstance(flow[i - 2], _Head)):
        near.append(before)
    return [d for d in near if d in untitled]


def _match_whole(flow: list, head: _Head) -> bool:
    """A gathered headline whose words run through an untitled article (not just its opening)."""
    if not _gathered(flow, head):
        return False
    scored = [(_score(head, "".join(d.paras)), d) for d in _untitled(flow)]
    scored = [(s, d) for s, d in scored if s[0] >= _WHOLE and s[1] >= 3]
    if not scored:
        return False
    _give(max(scored, key=lambda x: x[0])[1], head)
    return True


def _pair_jointly(flow: list, rest: list[_Head]) -> list[_Head]:
    """As many gathered headlines left as untitled articles: a careful reader pairs them all.

    Each pairing is weighed by how much of the headline the article's whole text holds,
    plus `_IN_ORDER` for keeping the page's order (gathered headlines are printed in the
    order of their stories, and a short headline shares a few common pairs, 在一 一线, with
    any story); the best total wins.  Up to six of each (720 orders); more would be guessing.
    """
    gathered = [h for h in rest if _gathered(flow, h) and len(h.title) >= 6]
    untitled = [d for d in _untitled(flow) if _kind(d) == "article"]
    if not gathered or len(gathered) != len(untitled) or len(gathered) > 6:
        return rest
    fit = [[_score(h, "".join(d.paras))[0] for d in untitled] for h in gathered]
    order = max(itertools.permutations(range(len(untitled))),
                key=lambda p: sum(fit[i][j] + _IN_ORDER * (i == j) for i, j in enumerate(p)))
    for h, j in zip(gathered, order):
        _give(untitled[j], h)
    return [h for h in rest if h not in gathered]


def _gathered(flow: list, head: _Head) -> bool:
    """A headline not sitting inside running text: followed by another headline, a new item or nothing.
    On a page that prints its headlines above their stories, one right above an untitled story
    opened by its dateline is that story's, not a gathered one."""
    i = flow.index(head)
    if i + 1 == len(flow) or isinstance(flow[i + 1], _Head):
        return True
    after = flow[i + 1]
    if head.above and isinstance(after, _Draft) and after.opening:
        return False
    return after.explicit and not (after.title is None and not after.continuation and _heads_above(flow))


def _heads_above(flow: list) -> bool:
    """The page prints its headlines above their stories: more headlines stand right before a
    story's text than gather after the last one (at least two of them)."""
    heads = [i for i, x in enumerate(flow) if isinstance(x, _Head)]
    above = sum(1 for i in heads if i + 1 < len(flow) and isinstance(flow[i + 1], _Draft) and flow[i + 1].paras)
    last = max((i for i, x in enumerate(flow) if isinstance(x, _Draft) and x.paras), default=-1)
    return above >= 2 and above > sum(1 for i in heads if i > last)


def _follows_untitled(flow: list, head: _Head) -> bool:
    """A headline printed right after an untitled article, before a new item, is that article's."""
    i = flow.index(head)
    before = flow[i - 1] if i else None
    if not isinstance(before, _Draft) or before.title or before.continuation or before.credit \
            or not before.paras:
        return False
    if not _gathered(flow, head):
        return False
    _give(before, head)
    flow.remove(head)
    return True


def _give(draft: _Draft, head: _Head) -> None:
    draft.title, draft.subtitle, draft.kicker = _unadorned(draft, head.title), head.subtitle, \
        _unadorned(draft, head.kicker)


def _unadorned(draft: _Draft, text: str | None) -> str | None:
    """A headline part without the bullet or brackets it was printed with: those ornaments go to the
    draft's furniture, kept.  A part that is nothing but a bullet stays as printed."""
    bare = bylines.unbulleted(text) if text else text
    if not bare or not bare.strip() or bare == text:
        return text
    draft.furniture.append(text.replace(bare, "", 1).strip())
    return bare


def _split_at(flow: list, head: _Head) -> bool:
    """A headline matching a paragraph inside an article: an unprinted boundary near it.

    The headline finds the neighbourhood; the boundary itself is where the story changes
    most (lowest cohesion), within a paragraph or two of it, at a paragraph that can
    open an article.  No change of story, no split.
    """
    best = None
    for d in flow:
        if not isinstance(d, _Draft):
            continue
        # A continuation takes no headline, so one matching inside it has fewer other readings.
        bar, least = (_MATCH, 3) if d.continuation else (_SPLIT, 4)
        scores = [(_score(head, d.paragraph_text(k)), k) for k in range(1, len(d.paras))]
        hits = [(score, k) for (score, shared), k in scores if score >= bar and shared >= least]
        if hits and (best is None or max(hits)[0] > best[0]):
            best = (max(hits)[0], d, hits[0][1])
    if best is None:
        return False
    score, d, k = best
    options = [(cohesion.across(d.paras[:j], d.paras[j:]), j)
               for j in range(max(1, k - 2), min(k + 2, len(d.paras)))
               if not _CARRIES_ON.match(d.paras[j])]
    # A well-matched headline whose words appear out of nothing inside an item already titled
    # or continued marks a story starting there: a milder change of words is enough.  (An
    # untitled item may just be the headline's own article, told from a distance.)
    onset = (d.title is not None or d.continuation) and score >= _ONSET \
        and all(_score(head, d.paragraph_text(j))[0] < _MATCH for j in range(k))
    if not options or min(options)[0] >= (_ONSET_BOUNDARY if onset else cohesion.BOUNDARY):
        return False
    _cut(flow, d, min(options)[1], head)
    return True


def _cut(flow: list, d: _Draft, k: int, head: _Head) -> None:
    """Split draft `d` before paragraph k; the second part is a story of its own, headed `head`."""
    tail = _Draft(paras=d.paras[k:], widths=d.widths[k:], closing=d.closing, closed=d.closed,
                  credit=d.credit, explicit=True)
    if d.closing is not None:
        tail.marks = [m for m in d.marks if m == d.closing.text]
        d.marks = [m for m in d.marks if m != d.closing.text]
    del d.paras[k:], d.widths[k:]
    d.closing, d.credit = None, False
    _give(tail, head)
    flow.insert(flow.index(d) + 1, tail)


def _split_leftover(flow: list, head: _Head) -> bool:
    """A gathered headline no story has claimed names one the page ran on into another: cut where
    the words change (cohesion below the boundary) and what follows holds the headline's words
    better than what comes before.  The gathered headlines at a page's end are the page's stories,
    so one left over is evidence of a boundary missed, weaker than a match but not nothing."""
    best = None
    for d in flow:
        if not isinstance(d, _Draft) or d.continuation or d.credit or len(d.paras) < 2:
            continue
        text = "".join(d.paras)
        starts = list(itertools.accumulate(len(x) for x in d.paras))
        for j in range(1, len(d.paras)):
            if _CARRIES_ON.match(d.paras[j]):
                continue
            at = starts[j - 1]
            after, shared = _score(head, text[at:at + _LEFTOVER_REACH])
            gain = after - _score(head, text[max(0, at - _LEFTOVER_REACH):at])[0]
            if after >= _LEFTOVER and shared >= 2 and gain > 0 \
                    and cohesion.similarity(text[max(0, at - cohesion.REACH):at], text[at:at + cohesion.REACH]) \
                    < cohesion.BOUNDARY \
                    and (best is None or gain > best[0]):
                best = (gain, d, j)
    if best is None:
        return False
    _cut(flow, best[1], best[2], head)
    return True


def _keep_as_text(flow: list, head: _Head) -> None:
    """An unmatched headline is a section head: back into the text where it stood."""
    i = flow.index(head)
    before = _story_before(flow, i)
    after = flow[i + 1] if i + 1 < len(flow) and isinstance(flow[i + 1], _Draft) else None
    text = " ".join(filter(None, (head.kicker, head.title, head.subtitle)))
    if before is not None and after is not None and not after.explicit and not before.closed \
            and after.title is None and _subhead(head, before, after):
        before.paras.append(text)
        before.paras.extend(after.paras)
        before.widths += [0.0] + after.widths
        before.marks += after.marks
        before.furniture += after.furniture
        before.closing, before.closed, before.credit = after.closing, after.closed, after.credit
        flow.remove(after)
    elif after is not None and after.title is None and not after.continuation \
            and (not after.explicit or before is None or before.closed or _ended(before)):
        _give(after, head)     # printed right above a story (one opened by its dateline too)
    elif before is not None:
        before.paras.append(text)
        before.widths.append(0.0)
    elif after is not None:
        after.paras.insert(0, text)
        after.widths.insert(0, 0.0)
    else:
        flow.insert(i, _Draft(title=head.title, subtitle=head.subtitle, kicker=head.kicker))
        i += 1
    flow.remove(head)


def _between_parts(flow: list, head: _Head, draft: _Draft) -> bool:
    """`head` stands right above `draft`, inside what reads as one story with the text before it."""
    i = flow.index(head)
    if i + 1 >= len(flow) or flow[i + 1] is not draft or draft.explicit:
        return False
    before = _story_before(flow, i)
    return before is not None and not before.closed and _subhead(head, before, draft)


def _story_before(flow: list, i: int) -> _Draft | None:
    """The nearest draft before flow[i] that has text: the story so far (page furniture alone is none)."""
    return next((x for x in reversed(flow[:i]) if isinstance(x, _Draft) and x.paras), None)


def _subhead(head: _Head, before: _Draft, after: _Draft) -> bool:
    """A heading between two parts of what may be one story is a subhead of it unless it is
    dressed as a headline (a kicker or subtitle) or the words change there as between stories;
    a numbered one (（三）…, 二、…) is a section of the story whatever its words."""
    if head.subtitle or head.kicker:
        return False
    return bool(_NUMBERED.match(head.title)) or cohesion.across(before.paras, after.paras) >= cohesion.BOUNDARY


def _ended(draft: _Draft) -> bool:
    return bool(draft.paras) and clean.ends_sentence(draft.paras[-1])


def _kind(d: _Draft) -> str:
    if d.continuation:
        return "continuation"
    if d.credit:
        return "photo"
    body = "".join(d.paras)
    if d.title and not d.opening and not d.closing and len(d.paras) == 1 and len(body) < _PHOTO_CHARS:
        return "photo"
    return "article"


def _article(page: Page, position: int, d: _Draft) -> Article:
    authors: list[str] = []
    for byline in (d.opening, d.closing):
        for name in byline.authors if byline else []:
            if name not in authors:
                authors.append(name)
    paper = d.opening.paper if d.opening and d.opening.paper else page.paper
    return Article(source=page.source, position=position, kind=_kind(d), title=d.title,
                   subtitle=d.subtitle, kicker=d.kicker, authors=authors, body="\n".join(d.paras),
                   paper=paper, page_no=page.page_no, dateline=" ".join(d.marks) or None, furniture=d.furniture)
