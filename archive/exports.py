"""Lists of articles for analysis elsewhere: CSV (opens in Excel), JSON Lines, RIS.

Excel decides a CSV's encoding from its first bytes, so the CSV starts with a
UTF-8 BOM and uses CRLF line ends; without them Chinese text opens as mojibake.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable

from archive.cite import gbt7714, ris
from archive.model import Article

CSV_COLUMNS = ("id", "title", "date", "paper", "page_no", "region", "topics", "authors", "kind", "source",
               "citation", "url", "note")
UrlFor = Callable[[Article], str | None]


def to_csv(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
           notes: dict[str, str] | None = None) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in articles:
        writer.writerow([a.id, a.title or "", a.date or "", a.paper or "", a.page_no or "", " > ".join(a.region),
                         "; ".join(a.topic_labels), "; ".join(a.authors), a.kind, a.source, gbt7714(a),
                         url_for(a) or "", (notes or {}).get(a.id, "")])
    return out.getvalue()


def to_jsonl(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
             notes: dict[str, str] | None = None) -> str:
    lines = []
    for a in articles:
        record = a.to_dict()
        record["topics"] = a.topic_labels
        record["permalink"] = url_for(a)
        if notes is not None:
            record["note"] = notes.get(a.id, "")
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def to_ris(articles: Iterable[Article], url_for: UrlFor = lambda a: None,
           notes: dict[str, str] | None = None) -> str:
    return "\n".join(ris(a, url_for(a)) for a in articles)


FORMATS = {"csv": ("text/csv; charset=utf-8", to_csv), "jsonl": ("application/x-ndjson; charset=utf-8", to_jsonl),
           "ris": ("application/x-research-info-systems; charset=utf-8", to_ris)}
