"""Trends: how many articles match each query per month or year, under the same filters.

The counts are the search's own year/month facet counts, so a trend line and the
facet sidebar can never disagree.  Periods with no match are filled with zero
between the first and last period any series has, so lines are comparable.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from archive.exports import safe_cell
from indexer.search import Searcher, SearchRequest

MAX_SERIES = 6


@dataclass
class Trend:
    interval: str                      # "year" | "month"
    periods: list[str]
    series: dict[str, list[int]]       # query → count per period

    def to_dict(self) -> dict:
        return {"interval": self.interval, "periods": self.periods,
                "series": [{"q": q, "counts": c, "total": sum(c)} for q, c in self.series.items()]}

    def to_csv(self) -> str:
        rows = ["period," + ",".join(_csv_cell(q) for q in self.series)]
        rows += [p + "," + ",".join(str(self.series[q][i]) for q in self.series) for i, p in enumerate(self.periods)]
        return "\ufeff" + "\r\n".join(rows) + "\r\n"


def trend(searcher: Searcher, queries: list[str], base: SearchRequest, interval: str = "year") -> Trend:
    """Counts per period for each query (at most MAX_SERIES), with `base`'s filters."""
    if interval not in ("year", "month"):
        raise ValueError("interval must be year or month")
    counts: dict[str, dict[str, int]] = {}
    for q in queries[:MAX_SERIES]:
        result = searcher.search(replace(base, q=q, page=1, per_page=1, sort="date"))
        counts[q] = {v.value: v.count for v in result.facets[interval]}
    periods = _periods(sorted({p for c in counts.values() for p in c}), interval)
    return Trend(interval, periods, {q: [c.get(p, 0) for p in periods] for q, c in counts.items()})


def _periods(seen: list[str], interval: str) -> list[str]:
    if not seen:
        return []
    if interval == "year":
        return [str(y) for y in range(int(seen[0]), int(seen[-1]) + 1)]
    (y, m), (y2, m2) = (map(int, seen[0].split("-")), map(int, seen[-1].split("-")))
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _csv_cell(text: str) -> str:
    return '"' + safe_cell(text).replace('"', '""') + '"'
