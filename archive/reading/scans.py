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
from functools import lru_cache

from archive.model import Scan
from archive.reading import dates
from archive.reading.layout import Box, LaidOut, page_text

IMAGE_FORMATS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_PIXELS = 60_000_000     # a broadsheet at 400 dpi is about 50 megapixels
MAX_SIDE = 20_000           # pixels on either side
MAX_PDF_PAGES = 200
PDF_SCALE = 200 / 72        # render a PDF page without text at 200 dpi for OCR
_TEXT_LAYER = 20            # characters a PDF page's text layer needs to be used instead of OCR
SHOWN_WIDTH = 1400          # pixels: the page image kept for readers (a tiled viewer is not needed at this size)
Scanned = tuple[LaidOut, Scan | None]
OCR_EXTRA = "pip install 'news-archive[ocr]' (RapidOCR and pypdfium2)"


class ScanError(ValueError):
    """This scan cannot be read; the message says why."""


def image_pages(data: bytes) -> list[Scanned]:
    """Each frame of an image file laid out (a multi-page TIFF has several), with its picture."""
    out = []
    for frame in _frames(data):
        laid = _checked(page_text(ocr(frame)), "blank page: OCR found no text")
        out.append((laid, picture(frame, laid.boxes)))
    return out


def pdf_pages(data: bytes) -> list[Scanned]:
    """Each page of a PDF laid out: from its text layer where it has one, else OCR of the rendered page."""
    pdfium = _pdfium()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ScanError(f"not a readable PDF ({exc}); an encrypted PDF must be decrypted first") from None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise ScanError(f"{len(pdf)} pages; at most {MAX_PDF_PAGES} in one PDF")
        if len(pdf) == 0:
            raise ScanError("a PDF with no pages")
        return [_pdf_page(pdf[k]) for k in range(len(pdf))]
    finally:
        pdf.close()


def _pdf_page(page) -> Scanned:
    layer = _layer_boxes(page)
    if sum(len(b.text) for b in layer) >= _TEXT_LAYER:
        image = page.render(scale=1.0).to_pil().convert("L")       # PDF points: the layer's own coordinates
        laid = page_text(layer)
        return laid, picture(image, laid.boxes)
    image = page.render(scale=PDF_SCALE).to_pil().convert("L")
    laid = _checked(page_text(ocr(image)), "blank page: no text layer and OCR found no text")
    return laid, picture(image, laid.boxes)


def picture(image, boxes: list[Box]) -> Scan:
    """The page image as readers see it (at most SHOWN_WIDTH wide, JPEG) and the boxes in its pixels."""
    scale = min(1.0, SHOWN_WIDTH / image.width)
    shown = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    out = io.BytesIO()
    shown.save(out, "JPEG", quality=70, optimize=True)
    return Scan(out.getvalue(), shown.width, shown.height,
                [(b.text, round(b.x0 * scale), round(b.y0 * scale), round(b.x1 * scale), round(b.y1 * scale))
                 for b in boxes])


def place(articles: list, scan: Scan, image_id: str) -> None:
    """Each article's lines on the page: the boxes whose text is in it (first article that holds it wins)."""
    taken: set[int] = set()
    for article in articles:
        marks = article.dateline or ""           # an opening dateline was printed before the body, a byline after
        text = re.sub(r"\s+", "", "".join(filter(None, (article.kicker, article.title, article.subtitle,
                                                         marks, article.body, marks))))
        mine = []
        for k, (line, *box) in enumerate(scan.boxes):
            piece = re.sub(r"\s+", "", line)
            if k not in taken and len(piece) >= 2 and piece in text:
                taken.add(k)
                mine.append([*box, line])
        if mine:
            article.scan = {"image": image_id, "width": scan.width, "height": scan.height, "boxes": mine}


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
        raise ScanError(f"XML whose root is <{root.tag.split('}')[-1]}>, not ALTO")
    pages = [el for el in root.iter() if el.tag.split("}")[-1] == "Page"] or [root]
    return [(_checked(page_text(_alto_lines(page)), "an ALTO page with no text"), None) for page in pages]


def _alto_lines(page: ET.Element) -> list[Box]:
    boxes = []
    for line in (el for el in page.iter() if el.tag.split("}")[-1] == "TextLine"):
        words = [el.get("CONTENT", "") for el in line.iter() if el.tag.split("}")[-1] == "String"]
        try:
            x, y = float(line.get("HPOS", "")), float(line.get("VPOS", ""))
            w, h = float(line.get("WIDTH", "")), float(line.get("HEIGHT", ""))
        except ValueError:
            raise ScanError("an ALTO TextLine without HPOS, VPOS, WIDTH and HEIGHT") from None
        boxes.append(Box(_words(words), x, y, x + w, y + h))
    return boxes


def _words(words: list[str]) -> str:
    """ALTO's Strings as one line: a space only between Latin words."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w[:1].isascii() and w[:1].isalnum():
            out += " "
        out += w
    return out


def _checked(page: LaidOut, empty: str) -> LaidOut:
    if not page.text.strip():
        raise ScanError(empty)
    return page


_PAGE_NO = re.compile(r"第\s*(\d{1,3})\s*版\s*([\u4e00-\u9fff]{2,6})?")
_PAPER = re.compile(r"^\s*([\u4e00-\u9fff]{2,10}?(?:报|報|新闻|新聞|时报|時報))")


def header_facts(header: str) -> dict[str, str]:
    """Paper, date, page number and page name a page's header prints (人民日报 2020年02月22日 第1版 综合)."""
    facts: dict[str, str] = {}
    found = dates.parse_date(header) if header else None
    if found and found[1] == "day":
        facts["date"], facts["date_source"] = found[0], "masthead"
    page = _PAGE_NO.search(header)
    if page:
        facts["page_no"] = page.group(1).zfill(2)
        if page.group(2):
            facts["section"] = page.group(2)
    paper = _PAPER.match(header)
    if paper:
        facts["paper"] = paper.group(1)
    return facts


def _frames(data: bytes) -> list:
    """Each frame of an image as a greyscale PIL image, refused before decoding when too large."""
    from PIL import Image, UnidentifiedImageError
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS           # above it Pillow raises DecompressionBombError
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise ScanError(f"refused as a decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ScanError(f"not a readable image ({exc})") from None
    frames = []
    for k in range(getattr(image, "n_frames", 1)):
        image.seek(k)
        width, height = image.size
        if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
            raise ScanError(f"image of {width}×{height} pixels; at most {MAX_SIDE} a side "
                            f"and {MAX_PIXELS // 1_000_000} megapixels")
        try:
            frames.append(image.convert("L"))
        except (OSError, SyntaxError, ValueError) as exc:
            raise ScanError(f"image data cannot be decoded ({exc})") from None
    return frames


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
