"""Scanned pages in: page images read by a local OCR engine, PDFs, and ALTO XML from other OCR tools.

Each gives a page's lines with their boxes, and `layout.page_text` turns the boxes into
reading-order text with headlines marked by type size.  OCR runs here, on this machine:
RapidOCR (`rapidocr-onnxruntime`, its Chinese detection and recognition models inside the
wheel, so nothing is downloaded), installed with `pip install news-archive[ocr]`.  A PDF's
own text layer is used where it has one (pypdfium2); a page without one is rendered and
read like an image.  ALTO XML, the format libraries exchange OCR in (Chronicling America,
Trove), is read as the boxes it already holds.

Hostile files fail alone and say why: an image too large to decode safely (Pillow's
decompression-bomb guard, held to MAX_PIXELS), an unreadable or encrypted PDF, a PDF
of too many pages, a blank page.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from archive.model import Scan
from archive.reading import clean, dates, script
from archive.reading.layout import CUT, RULES, Box, LaidOut, join_pieces, page_text
from archive.reading.lines import PAPER_NAME, page_label

IMAGE_FORMATS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_PIXELS = 60_000_000     # a broadsheet at 400 dpi is about 50 megapixels
MAX_SIDE = 20_000           # pixels on either side
MAX_PAGES = 200            # pages of a PDF, frames of a TIFF
PDF_SCALE = 200 / 72        # render a PDF page without text at 200 dpi for OCR
_TEXT_LAYER = 20            # characters a PDF page's text layer needs to be used instead of OCR
_GARBLED = 0.5              # mean word confidence (ALTO WC) below which a run of words is a picture read as text
# A column rule read at a String's edge (a `|` set tight inside a word, as in 博客|素心, is text),
# with the marks an engine reads its edges as (quotes, brackets, stops)
_EDGES = "“”\"'\\[\\]。，,."
_RULED = re.compile(f"^[{_EDGES}]*[{re.escape(RULES)}]+[{_EDGES}]*|[{_EDGES}]*[{re.escape(RULES)}]+[{_EDGES}]*$")
SHOWN_WIDTH = 1400          # pixels: the page image kept for readers (a tiled viewer is not needed at this size)
Scanned = tuple[LaidOut, Scan | None]
OCR_EXTRA = "pip install 'news-archive[ocr]' (RapidOCR and pypdfium2)"


class ScanError(ValueError):
    """This scan cannot be read; the message says why."""


class NotAlto(ScanError):
    """XML that is not ALTO (METS, RSS, a sitemap beside the pages): no page, skipped."""


def image_pages(data: bytes) -> list[Scanned | None]:
    """Each frame of an image file laid out (a multi-page TIFF has several), with its picture; None for a blank one.

    Frames are decoded, read and let go one at a time, so a long TIFF costs one frame's memory.
    """
    out: list[Scanned | None] = []
    for frame in _frames(data):
        laid = _laid_out(ocr(frame))
        out.append((laid, picture(frame, laid.boxes)) if laid.text.strip() else None)
    return out


def pdf_pages(data: bytes) -> list[Scanned | None]:
    """Each page of a PDF laid out: from its text layer where it has one, else OCR of the rendered page."""
    pdfium = _pdfium()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScanError(f"not a readable PDF ({exc}); an encrypted PDF must be decrypted first") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise ScanError(f"{len(pdf)} pages; at most {MAX_PAGES} in one file")
        if len(pdf) == 0:
            raise ScanError("a PDF with no pages")
        return [_pdf_page(pdf[k]) for k in range(len(pdf))]
    finally:
        pdf.close()


def _pdf_page(page) -> Scanned | None:
    width, height = page.get_width(), page.get_height()
    limit = min(MAX_SIDE / max(width, height, 1), (MAX_PIXELS / max(width * height, 1)) ** 0.5)
    layer = _layer_boxes(page)
    if sum(len(b.text) for b in layer) >= _TEXT_LAYER:
        scale = min(SHOWN_WIDTH / max(width, 1), limit)              # the layer's boxes are in PDF points
        image = page.render(scale=scale).to_pil().convert("L")
        laid = _laid_out([Box(b.text, b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale) for b in layer])
    else:
        image = page.render(scale=min(PDF_SCALE, limit)).to_pil().convert("L")
        laid = _laid_out(ocr(image))
    return (laid, picture(image, laid.boxes)) if laid.text.strip() else None


def _laid_out(boxes: list[Box]) -> LaidOut:
    """The page laid out; on a traditional page, characters an engine read in simplified forms
    (RapidOCR's models mix the scripts: 滾 as 滚) are put back in the page's script first."""
    if script.is_traditional("".join(b.text for b in boxes)):
        boxes = [replace(b, text=script.to_traditional(b.text)) for b in boxes]
    try:
        return page_text(boxes)
    except RecursionError:
        raise ScanError("a page cut into more regions than any newspaper prints; refused") from None


def picture(image, boxes: list[Box]) -> Scan:
    """The page image as readers see it (at most SHOWN_WIDTH wide, JPEG) and the boxes in its pixels."""
    scale = min(1.0, SHOWN_WIDTH / image.width)
    shown = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    out = io.BytesIO()
    shown.save(out, "JPEG", quality=70, optimize=True)
    return Scan(out.getvalue(), shown.width, shown.height,
                [(round(b.x0 * scale), round(b.y0 * scale), round(b.x1 * scale), round(b.y1 * scale), b.text)
                 for b in boxes])


def place(articles: list, scan: Scan, image_id: str) -> None:
    """Each article's lines on the page: the boxes whose text is in it.

    Boxes come in reading order, so each is first looked for in the article the line
    before it went to, then in the ones after, then in those before: a short line
    (会议召开。) goes to the story being read, not to any story that holds its words.
    """
    texts = [_flat_article(a) for a in articles]
    owned: list[list] = [[] for _ in articles]
    current = 0
    for *box, line in scan.boxes:
        piece = _flat(line)
        if len(piece) < 2:
            continue
        for k in [*range(current, len(articles)), *range(current)]:
            if piece in texts[k]:
                owned[k].append([*box, line])
                current = k
                break
    for article, boxes in zip(articles, owned):
        if boxes:
            article.scan = {"image": image_id, "width": scan.width, "height": scan.height, "boxes": boxes}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", clean.normalize(text))


def _flat_article(article) -> str:
    """An article's printed words, with each printed mark (dateline, byline, credit) where it may stand."""
    body = _flat(article.body)
    marks = [_flat(m) for m in (article.dateline or "").split(" ") if m.strip()]
    heads = _flat("".join(filter(None, (article.kicker, article.title, article.subtitle))))
    return "\x00".join([heads, body, *(m + body[:40] for m in marks), *(body[-40:] + m for m in marks)])


def _layer_boxes(page) -> list[Box]:
    """A PDF page's text layer as line boxes (pdfium's text rectangles, in image coordinates)."""
    text = page.get_textpage()
    height = page.get_height()
    boxes = []
    for k in range(text.count_rects()):
        x0, y0, x1, y1 = text.get_rect(k)
        line = text.get_text_bounded(x0, y0, x1, y1).strip()
        if line:
            boxes.append(Box(line, x0, height - y1, x1, height - y0))
    return boxes


def alto_pages(data: bytes) -> list[Scanned]:
    """Each page of an ALTO XML file laid out from its TextLines' positions (no picture: ALTO has none)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ScanError(f"not well-formed XML ({exc})") from None
    if not root.tag.endswith("alto"):
        raise NotAlto(f"XML whose root is <{_local(root)}>, not ALTO: not a page")
    pages = [el for el in root.iter() if _local(el) == "Page"] or [root]
    laid = [_laid_out(_alto_lines(page)) for page in pages]
    return [(x, None) if x.text.strip() else None for x in laid]


def _local(element: ET.Element) -> str:
    """An element's name without its namespace (ALTO comes in versions 2 to 4, each its own namespace)."""
    return element.tag.split("}")[-1]


def _alto_lines(page: ET.Element) -> list[Box]:
    """A page's TextLines as boxes; a line whose Strings stand apart across a gutter is two (`_pieces`)."""
    boxes = []
    for line in (el for el in page.iter() if _local(el) == "TextLine"):
        x, y, w, h = (_number(line, name) for name in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        if None in (x, y, w, h):
            raise ScanError("an ALTO TextLine without HPOS, VPOS, WIDTH and HEIGHT")
        strings = [el for el in line.iter() if _local(el) == "String"]
        boxes.extend(Box(join_pieces(words), x0, y, x1, y + h) for words, x0, x1 in _pieces(strings, x, x + w, h))
    return boxes


def _number(element: ET.Element, name: str) -> float | None:
    try:
        return float(element.get(name, ""))
    except ValueError:
        return None


def _pieces(strings: list[ET.Element], x0: float, x1: float, height: float) -> list[tuple[list[str], float, float]]:
    """A TextLine's words in runs, split where a column rule (read as `|`) or white space as wide as
    a gutter (layout.CUT line heights) parts them.

    tesseract, like other engines, may read one line on across column gutters, the rule
    between them as `|` (or glued to a quote mark, `“|`); its Strings keep their own
    positions, so the line is cut back into its columns here.  Strings without positions
    (or without width) leave the line whole.  A run the engine itself was unsure of (mean word confidence,
    WC, below _GARBLED) is a picture read as text, and goes.
    """
    placed = [(el.get("CONTENT", ""), _number(el, "HPOS"), _number(el, "WIDTH"), _number(el, "WC"))
              for el in strings]
    if any(pos is None or width is None or width <= 0 for _, pos, width, _ in placed):
        return [([text for text, *_ in placed], x0, x1)]
    runs: list[tuple[list[str], float, float]] = []
    sure: list[list[float]] = []
    parted = True
    for text, pos, width, confidence in placed:
        cuts = [0, *(x for m in _RULED.finditer(text) for x in m.span()), len(text)]
        for k in range(0, len(cuts), 2):
            part = text[cuts[k]:cuts[k + 1]]
            start, end = (pos + width * cuts[j] / max(len(text), 1) for j in (k, k + 1))
            parted = parted or k > 0
            if not part.strip():
                continue
            if runs and not parted and start - runs[-1][2] < CUT * height:
                runs[-1] = (runs[-1][0] + [part.strip()], runs[-1][1], max(runs[-1][2], end))
            else:
                runs.append(([part.strip()], start, end))
                sure.append([])
            sure[-1].append(1.0 if confidence is None else confidence)
            parted = False
    return [run for run, wc in zip(runs, sure) if sum(wc) / len(wc) >= _GARBLED]


def header_facts(header: str) -> dict[str, str]:
    """Paper, date, page number and page name a page's header prints (人民日报 2020年02月22日 第1版 综合)."""
    facts: dict[str, str] = {}
    found = dates.parse_date(header) if header else None
    if found and found[1] == "day":
        facts["date"], facts["date_source"] = found[0], "masthead"
    page = page_label(header)
    if page:
        facts["page_no"] = page[0]
        if page[1]:
            facts["section"] = page[1]
    paper = PAPER_NAME.match(header.strip())
    if paper:
        facts["paper"] = paper.group(1)
    return facts


def _frames(data: bytes) -> Iterator:
    """Each frame of an image as a greyscale PIL image, refused before decoding when too large.

    Orientation from EXIF is applied, 16-bit greyscale is scaled (not clipped to white),
    and transparency is laid on white.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS           # above it Pillow raises DecompressionBombError
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "TIFF"])
        frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise ScanError(f"refused as a decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ScanError(f"not a readable image ({exc})") from None
    if frames > MAX_PAGES:
        raise ScanError(f"{frames} frames; at most {MAX_PAGES} in one file")
    for k in range(frames):
        try:
            image.seek(k)
        except (OSError, EOFError, ValueError) as exc:
            raise ScanError(f"frame {k + 1} cannot be read ({exc})") from None
        width, height = image.size
        if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
            raise ScanError(f"image of {width}×{height} pixels; at most {MAX_SIDE} a side "
                            f"and {MAX_PIXELS // 1_000_000} megapixels")
        try:
            yield _grey(ImageOps.exif_transpose(image))
        except (OSError, SyntaxError, ValueError) as exc:
            raise ScanError(f"image data cannot be decoded ({exc})") from None


def _grey(image):
    """8-bit greyscale: deeper greys scaled down, a transparent background made white."""
    from PIL import Image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    return image.convert("L")


def ocr(image) -> list[Box]:
    """The image's text lines with their boxes, read by RapidOCR."""
    result, _ = _engine()(_as_array(image))
    boxes = []
    for quad, text, _score in result or []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(Box(text, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _as_array(image):
    import numpy as np
    return np.asarray(image.convert("RGB"))


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise ScanError(f"reading page images needs an OCR engine: {OCR_EXTRA}") from None
    return RapidOCR(max_side_len=6000, intra_op_num_threads=1, inter_op_num_threads=1)  # one per worker process


def _pdfium():
    try:
        import pypdfium2
    except ImportError:
        raise ScanError(f"reading PDFs needs pypdfium2: {OCR_EXTRA}") from None
    return pypdfium2
