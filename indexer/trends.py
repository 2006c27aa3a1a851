"""Trends: how many articles match each query per month or year, under the same filters.

The counts are the search's own year/month facet counts, so a trend line and the
facet sidebar can never disagree.  Beside each count stands what the archive holds
that period under the same filters, so a line can be read as a share (Trove and
Chronicling America show both: a paper that printed twice as much mentions
everything twice as often).  A period in which the archive holds nothing is a gap,
not a zero: no coverage and no data look different.  Matches without a date are
counted apart, so none is dropped without a word.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from archive.curating.exports import safe_cell
from indexer.search import Searcher, SearchRequest

MAX_SERIES = 6
INTERVALS = ("year", "month")


@dataclass
class Trend:
    interval: str                           # "year" | "month"
    periods: list[str]
    series: dict[str, list[int | None]]     # query → matches per period; None where the archive holds nothing
    totals: list[int]                       # articles the archive holds per period, under the same filters
    undated: dict[str, int]                 # query → matches with no date (in no period)

    def shares(self, q: str) -> list[float | None]:
        """Matches per period as a share of what the archive holds then (None in a gap)."""
        return [None if c is None or not t else c / t for c, t in zip(self.series[q], self.totals)]

    def to_dict(self) -> dict:
        return {"interval": self.interval, "periods": self.periods, "totals": self.totals,
                "series": [{"q": q, "counts": c, "shares": self.shares(q), "total": sum(x or 0 for x in c),
                            "undated": self.undated[q]} for q, c in self.series.items()]}

    def to_csv(self) -> str:
        head = ["period", "archive"] + [part for q in self.series for part in (_csv_cell(q), _csv_cell(q + " share"))]
        rows = [",".join(head)]
        for i, p in enumerate(self.periods):
            cells = [p, str(self.totals[i])]
            for q in self.series:
                count, share = self.series[q][i], self.shares(q)[i]
                cells += ["" if count is None else str(count), "" if share is None else f"{share:.6f}"]
            rows.append(",".join(cells))
        return "\ufeff" + "\r\n".join(rows) + "\r\n"


def trend(searcher: Searcher, queries: list[str], base: SearchRequest, interval: str = "year") -> Trend:
    """Counts per period for each query (at most MAX_SERIES), with `base`'s filters."""
    if interval not in INTERVALS:
        raise ValueError("interval must be year or month")

    def per_period(q: str) -> tuple[dict[str, int], int]:
        result = searcher.search(replace(base, q=q, page=1, per_page=1, sort="date"),
                                 facet_limits={interval: 10_000, "year": 10_000})
        counts = {v.value: v.count for v in result.facets[interval]}
        dated = sum(v.count for v in result.facets["year"])
        return counts, result.total - dated
    held, _ = per_period("")
    counts, undated = {}, {}
    for q in queries[:MAX_SERIES]:
        counts[q], undated[q] = per_period(q)
    periods = _periods(sorted({p for c in counts.values() for p in c}), interval)
    return Trend(interval, periods,
                 {q: [c.get(p, 0) if held.get(p) else None for p in periods] for q, c in counts.items()},
                 [held.get(p, 0) for p in periods], undated)


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
