"""Lists of articles for analysis elsewhere: CSV (opens in Excel), JSON Lines, and RIS, EndNote and
NoteExpress records for reference managers.

Excel decides a CSV's encoding from its first bytes, so the CSV starts with a
UTF-8 BOM and uses CRLF line ends; without them Chinese text opens as mojibake.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from archive.curating.cite import gbt7714, tagged
from archive.model import Article

CSV_COLUMNS = ("id", "title", "date", "paper", "page_no", "section", "region", "topics", "authors", "kind", "source",
               "citation", "url", "note")
UrlFor = Callable[[Article], str | None]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")   # what a spreadsheet may run as a formula (OWASP CSV injection)


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA) else value


def csv_lines(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
              notes: dict[str, str] | None = None) -> Iterator[str]:
    """The CSV a line at a time (BOM and header first), so a long list streams instead of piling up."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + _taken(out)
    for a in articles:
        writer.writerow([safe_cell(v) for v in (
            a.id, a.title or "", a.date or "", a.paper or "", a.page_no or "", a.section or "", " > ".join(a.region),
            "; ".join(a.topic_labels), "; ".join(a.authors), a.kind, a.source, gbt7714(a),
            url_for(a) or "", (notes or {}).get(a.id, ""))])
        yield _taken(out)


def jsonl_lines(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
                notes: dict[str, str] | None = None) -> Iterator[str]:
    for a in articles:
        record = a.to_dict()
        record["topics"] = a.topic_labels
        record["permalink"] = url_for(a)
        if notes is not None:
            record["note"] = notes.get(a.id, "")
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _records(fmt: str) -> Callable[..., Iterator[str]]:
    """A tagged format's records, a blank line between them."""
    def records(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
                notes: dict[str, str] | None = None) -> Iterator[str]:
        for i, a in enumerate(articles):
            yield ("\n" if i else "") + tagged(a, fmt, url_for(a))
    return records


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _whole(lines: Callable[..., Iterator[str]]) -> Callable[..., str]:
    """The whole export as one string, for a page's worth of articles."""
    return lambda articles, url_for=lambda a: None, notes=None: "".join(lines(articles, url_for, notes))


STREAMS = {"csv": csv_lines, "jsonl": jsonl_lines, "ris": _records("ris"), "enw": _records("enw"),
           "netx": _records("netx")}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "ris": "application/x-research-info-systems; charset=utf-8",
               "enw": "application/x-endnote-refer; charset=utf-8", "netx": "text/plain; charset=utf-8"}
to_csv, to_jsonl, to_ris = _whole(csv_lines), _whole(jsonl_lines), _whole(STREAMS["ris"])
EXPORTS = {fmt: (MEDIA_TYPES[fmt], _whole(lines)) for fmt, lines in STREAMS.items()}   # a page's worth, whole
