"""One source file to pages: OCR text and Markdown pages, HTML articles, JSON Lines.

Reading is where bad input must be caught and named, so every failure raises
`SourceError` with a sentence for the ingest report, and every recoverable oddity
(a fallback encoding, a malformed JSON line) is kept in `Reading.warnings`.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.model import Contents, Page
from archive.reading import dates, manifest, markdown, outlets, scans
from archive.reading.encoding import DecodeError, decode
from archive.reading.webpages import HtmlError, LayoutPage, read_html

FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "alto", ".pdf": "pdf", **{suffix: "image" for suffix in scans.IMAGE_FORMATS},
}
SCANS = {"image": scans.image_pages, "pdf": scans.pdf_pages, "alto": scans.alto_pages}
MAX_PAGE_BYTES = 10 * 1024**2    # a page of OCR text or HTML is a few hundred KB; JSON Lines are streamed
MAX_GZIP_JSONL_BYTES = 512 * 1024**2   # gzipped JSON Lines are unpacked in memory: this much at most
MAX_SCAN_BYTES = 200 * 1024**2   # a page image or a PDF of an issue


class SourceError(ValueError):
    """This file cannot be read as a source; the message says why."""


class NotAnArticle(SourceError):
    """This file is readable but holds no article (an empty shell, a provenance note): skipped, not failed."""


@dataclass
class Reading:
    pages: list[Page]
    encoding: str
    warnings: list[str] = field(default_factory=list)
    contents: Contents | None = None   # an e-paper layout page: its table of contents, and no pages


# Files that travel with a collection to say where it came from: never articles.
_PROVENANCE = re.compile(r"^(?:readme|source|sources|license|licence|copying|notice|changelog|authors|credits)"
                         r"(?:\.[a-z]+)*$|\.upstream\.[a-z]+$", re.I)


def not_an_article(path: Path) -> str | None:
    """Why a file is skipped by its name alone (README, SOURCE, LICENSE …), or None."""
    return f"{path.name}: a provenance or licence file, not an article" if _PROVENANCE.search(path.name) else None


def source_format(path: Path) -> str | None:
    """The format a file name announces (a trailing .gz is looked through)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return FORMATS.get("." + name.rsplit(".", 1)[-1]) if "." in name else None


def check_file(path: Path) -> None:
    """SourceError unless `path` is a regular file of a size we read."""
    if not path.is_file():
        raise SourceError("not a regular file" if path.exists() else _missing(path))
    size, fmt = path.stat().st_size, source_format(path)
    streamed = fmt == "jsonl" and not path.name.lower().endswith(".gz")
    if fmt in SCANS:
        if size > MAX_SCAN_BYTES:
            raise SourceError(f"too large for a scan ({size / 2**20:.0f} MB > {MAX_SCAN_BYTES // 2**20} MB)")
    elif size > MAX_PAGE_BYTES and not streamed:
        raise SourceError(f"too large for one page ({size / 2**20:.0f} MB > {MAX_PAGE_BYTES // 2**20} MB); "
                          "split it, or give ready articles as JSON Lines")


def _missing(path: Path) -> str:
    """Why a path names no file: a link to nowhere, a loop of links, or nothing at all."""
    if not path.is_symlink():
        return "file not found"
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop"
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else "dangling symbolic link"
    return "dangling symbolic link"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is .gz; SourceError for what cannot be read."""
    try:
        check_file(path)
        data = path.read_bytes()
        if not path.name.lower().endswith(".gz"):
            return data
        return gunzip(data, MAX_GZIP_JSONL_BYTES if source_format(path) == "jsonl" else MAX_PAGE_BYTES)
    except FileNotFoundError:
        raise SourceError(_missing(path)) from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise SourceError(f"cannot read file: {exc}") from None


def gunzip(data: bytes, limit: int) -> bytes:
    """Gzip data unpacked by the streaming reader, at most `limit` bytes of it: a small file that
    unpacks to gigabytes (a gzip bomb) costs `limit` of memory and a moment, then is refused."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
        out = unpacked.read(limit + 1)
    if len(out) > limit:
        raise SourceError(f"unpacks to more than {limit // 2**20} MB; refused")
    return out


def read_source(path: Path, data: bytes | None = None) -> Reading:
    """Pages of one file. `data` may pass bytes already read (ingest hashes them first)."""
    fmt = source_format(path)
    if fmt is None:
        raise SourceError(f"unsupported file type {path.suffix or '(none)'}")
    raw = read_bytes(path) if data is None else data
    if fmt in SCANS:
        return _read_scan(path, raw, fmt)
    try:
        decoded = decode(raw)
    except DecodeError as exc:
        raise SourceError(str(exc)) from None
    reading = Reading([], decoded.encoding, list(decoded.notes))
    if fmt == "text" and _looks_like_html(decoded.text):
        fmt = "html"
        reading.warnings.append("HTML inside a text file: read as HTML")
    if fmt == "jsonl":
        reading.pages = _read_jsonl(decoded.text, str(path), reading.warnings)
    elif fmt == "html":
        try:
            reading.pages = read_html(decoded.text, str(path))
        except LayoutPage as exc:
            reading.contents = _contents_with_meta(path, exc.contents, reading.warnings)
            reading.warnings.insert(0, str(exc))
            return reading
        except HtmlError as exc:
            raise SourceError(str(exc)) from None
    elif (found := markdown.front_matter(decoded.text)) is not None:
        reading.pages = [_markdown_article(str(path), *found)]
    else:
        if not decoded.text.strip():
            raise SourceError("no text (only white space)")
        reading.pages = [Page(source=str(path), text=decoded.text, format=fmt)]
    _apply_manifest(path, reading.pages)
    return reading


def _read_scan(path: Path, raw: bytes, fmt: str) -> Reading:
    """A page image, PDF or ALTO file: one page of text laid out from its boxes for each page it holds.

    A blank page among others is left out with a warning; a manifest or file name names
    the paper and date before the page header does (the header is OCR and may be misread).
    """
    try:
        laid = SCANS[fmt](raw)
    except scans.NotAlto as exc:
        raise NotAnArticle(str(exc)) from None
    except scans.ScanError as exc:
        raise SourceError(str(exc)) from None
    if not any(laid):
        raise SourceError("blank page: no text found" if len(laid) == 1 else f"all {len(laid)} pages blank")
    kept = [x for x in laid if x is not None]
    reading = Reading([Page(source=str(path), text=text.text, format="scan", scan=shown) for text, shown in kept],
                      "ocr", [f"page {k}: blank, no text found" for k, x in enumerate(laid, 1) if x is None])
    _apply_manifest(path, reading.pages)
    for page, (text, _) in zip(reading.pages, kept):
        for key, value in scans.header_facts(text.header).items():
            if getattr(page, key) is None:
                setattr(page, key, value)
    return reading


def _markdown_article(source: str, meta: dict, body: str) -> Page:
    """A Markdown file with front matter: one ready article, its metadata from the front matter."""
    text = markdown.to_text(body)
    title = _str(meta.get("title"))
    lines = text.split("\n\n")
    if title and lines and lines[0].replace(" ", "") == title.replace(" ", ""):
        text = "\n\n".join(lines[1:])           # the body repeats the title as its first heading
    if not text.strip():
        raise NotAnArticle("front matter but no article text (an empty shell)")
    url = _str(meta.get("original_url")) or _str(meta.get("url"))
    page = Page(source=source, text=text, format="markdown", ready=True, title=title, url=url,
                html=markdown.to_html(_without_title(body, title)),
                paper=_str(meta.get("paper")) or _str(meta.get("source")) or outlets.outlet(url),
                authors=markdown.authors(meta),
                section=markdown.category(meta), tags=markdown.tags(meta))
    parsed = dates.parse_date(str(meta.get("date") or ""))
    if parsed:
        page.date, page.date_source = parsed[0], "metadata"
    return page


def _without_title(body: str, title: str | None) -> str:
    """The Markdown body less a first heading that repeats the title (the page shows the title once)."""
    first, _, rest = body.lstrip().partition("\n")
    if title and first.lstrip("# ").replace(" ", "") == title.replace(" ", ""):
        return rest
    return body


def _looks_like_html(text: str) -> bool:
    """Saved e-paper pages often carry a .txt name; their markup must not reach the body."""
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and any(t in head for t in ("<html", "<div", "<p>", "<founder-content", "<body"))


def _apply_manifest(path: Path, pages: list[Page]) -> None:
    """Fill what the source itself did not say from a manifest or the file name."""
    meta = manifest.lookup(path)
    for page in pages:
        _with_meta(page, meta)


def read_jsonl_chunks(path: Path, chunk: int, warnings: list[str]) -> Iterator[list[Page]]:
    """Pages of a JSON Lines file, `chunk` at a time, streamed: the file may be larger than memory.

    Each line is decoded on its own, so one badly encoded line costs that line only,
    and every fallback is named in `warnings` with the line's number: a file in GB18030
    is read as such; bytes that are not UTF-8 in a UTF-8 file are replaced (�), not
    turned into the mojibake another encoding would make of them.
    """
    meta = manifest.lookup(path)
    batch: list[Page] = []
    utf8 = False          # a line beyond ASCII was UTF-8: the file is
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            line, note = _decode_line(raw, lineno, utf8)
            utf8 = utf8 or (note is None and not raw.isascii())
            if note:
                warnings.append(f"line {lineno}: {note}")
            page = _json_page(line, str(path), lineno, warnings)
            if page:
                batch.append(_with_meta(page, meta))
            if len(batch) >= chunk:
                yield batch
                batch = []
    if batch:
        yield batch


def _decode_line(raw: bytes, lineno: int, utf8: bool) -> tuple[str, str | None]:
    """A JSON Lines line as text, and a note when it was not plain UTF-8."""
    try:
        return raw.decode("utf-8-sig" if lineno == 1 else "utf-8"), None
    except UnicodeDecodeError:
        pass
    if not utf8:
        try:
            return raw.decode("gb18030"), "not UTF-8; read as GB18030"
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", errors="replace"), "invalid UTF-8 bytes replaced with �"


def _contents_with_meta(path: Path, contents: Contents, warnings: list[str]) -> Contents:
    """A layout page's table of contents, what it does not print filled from a manifest or the file
    name as a page's is; one still without paper or date is kept, and the report says no issue shows it."""
    meta = manifest.lookup(path)
    contents.paper = contents.paper or meta.get("paper") or None
    day = meta.get("date") if meta.get("date_precision") == "day" else None   # an issue is one day
    contents.date = contents.date or day
    contents.page_no = contents.page_no or meta.get("page_no") or None
    missing = [name for name, value in (("paper", contents.paper), ("date", contents.date)) if not value]
    if missing:
        warnings.append(f"the table of contents has no {' or '.join(missing)}: no issue page shows it")
    return contents


def _with_meta(page: Page, meta: dict[str, str]) -> Page:
    page.paper = page.paper or meta.get("paper") or None
    page.page_no = page.page_no or meta.get("page_no") or None
    page.section = page.section or meta.get("section") or None
    if not page.date and meta.get("date"):
        page.date, page.date_source = meta["date"], meta["date_source"]
    return page


def _read_jsonl(text: str, source: str, warnings: list[str]) -> list[Page]:
    lines = enumerate(text.splitlines(), 1)
    pages = [p for n, line in lines if line.strip() and (p := _json_page(line, source, n, warnings))]
    if not pages:
        raise SourceError(f"no valid JSON Lines records ({len(warnings)} malformed line(s))")
    return pages


def _json_page(line: str, source: str, lineno: int, warnings: list[str]) -> Page | None:
    """One JSON Lines record as a ready page; a bad line is named in `warnings`, never fatal."""
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object")
        return _page_from_json(obj, source, lineno)
    except RecursionError:
        warnings.append(f"line {lineno}: skipped, nested too deeply")
        return None
    except (ValueError, TypeError) as exc:
        warnings.append(f"line {lineno}: skipped, {_short(exc)}")
        return None


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120]


def _page_from_json(obj: dict, source: str, lineno: int) -> Page:
    body = obj.get("body") or obj.get("text") or obj.get("content")
    if not isinstance(body, str) or not body.strip():
        raise ValueError("no body text")
    page = Page(source=source, text=body, format="jsonl", ready=True, line=lineno,
                title=_str(obj.get("title")), subtitle=_str(obj.get("subtitle")),
                kicker=_str(obj.get("kicker")), paper=_str(obj.get("paper")),
                url=_str(obj.get("url")), page_no=_str(obj.get("page")),
                section=_str(obj.get("section")) or _str(obj.get("category")), tags=markdown.tags(obj))
    authors = obj.get("authors", obj.get("author"))
    page.authors = [a for a in ([authors] if isinstance(authors, str) else authors or []) if isinstance(a, str)]
    region = obj.get("region")
    page.region = [r for r in (region.split(">") if isinstance(region, str) else region or []) if str(r).strip()]
    page.region = [str(r).strip() for r in page.region]
    parsed = dates.parse_date(str(obj.get("date") or ""))
    if parsed:
        page.date, page.date_source = parsed[0], "metadata"
    return page


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
