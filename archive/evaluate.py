"""Score the pipeline against a gold file of what careful readers find on sample pages.

Engine of `newsarchive evaluate GOLD.json --pages DIR [--json]`.  A gold item is found
when exactly one extracted article's body starts with its `starts_with` and ends with
its `ends_with` (whitespace ignored); every other check (title, authors, kind,
region, topic) is made on that article, and a gold item that was not found fails
them all, so the figures cannot look better than the boundaries are.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from archive.model import Article
from archive.reading.read import read_source
from archive.storing.pipeline import process_page

CHECKS = ("title", "authors", "kind", "province", "prefecture", "no_region", "topic")
BARS = {"f1": 0.95, "title": 0.95, "authors": 0.90, "prefecture": 0.90, "topic": 0.85}
_WS = re.compile(r"\s+")
OCR_SLACK = 3   # OCR gold: a start, end, title or name may differ by a third of its length (RapidOCR misreads 繁體 often)


def _squeeze(text: str | None) -> str:
    return _WS.sub("", text or "")


@dataclass
class Item:
    """One gold item and what the pipeline made of it."""

    seed: str
    index: int
    expected: dict[str, Any]
    found: bool = False
    extracted: dict[str, Any] | None = None
    checks: dict[str, bool] = field(default_factory=dict)   # only the checks that apply


@dataclass
class PageResult:
    seed: str
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    error: str | None = None
    items: list[Item] = field(default_factory=list)


@dataclass
class Report:
    pages: list[PageResult] = field(default_factory=list)

    def metrics(self, pages: list[PageResult] | None = None) -> dict[str, Any]:
        """Boundary precision/recall/F1 and the accuracy of each check, over `pages` (all by default)."""
        pages = self.pages if pages is None else pages
        gold = sum(p.gold for p in pages)
        extracted = sum(p.extracted for p in pages)
        matched = sum(p.matched for p in pages)
        precision = matched / extracted if extracted else 0.0
        recall = matched / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out: dict[str, Any] = {"gold": gold, "extracted": extracted, "matched": matched,
                               "precision": round(precision, 4), "recall": round(recall, 4),
                               "f1": round(f1, 4)}
        for check in CHECKS:
            results = [i.checks[check] for p in pages for i in p.items if check in i.checks]
            out[check] = {"correct": sum(results), "total": len(results),
                          "accuracy": round(sum(results) / len(results), 4) if results else None}
        return out

    def below_bars(self, bars: dict[str, float] | None = None) -> list[str]:
        """The figures under the bars issue 3 sets (boundary F1, titles, authors, prefecture, topics)."""
        overall = self.metrics()
        low = []
        for name, bar in (bars or BARS).items():
            value = overall["f1"] if name == "f1" else overall[name]["accuracy"]
            if value is not None and value < bar:
                low.append(f"{name} {value:.3f} < {bar}")
        return low

    def failures(self) -> list[dict[str, Any]]:
        """Every failed check, with the extracted value beside the expected one."""
        out = []
        for page in self.pages:
            for item in page.items:
                failed = [c for c, ok in item.checks.items() if not ok]
                if not item.found:
                    failed.insert(0, "boundary")
                if failed:
                    out.append({"seed": item.seed, "index": item.index, "failed": failed,
                                "expected": item.expected, "extracted": item.extracted})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.metrics(),
                "pages": [{"seed": p.seed, "error": p.error, **self.metrics([p]),
                           "items": [asdict(i) for i in p.items]} for p in self.pages],
                "failures": self.failures()}


def evaluate(gold: dict, pages_dir: Path) -> Report:
    """Run the pipeline on each gold page found in `pages_dir` and score it.

    A gold file marked `"ocr": true` comes from pages an OCR engine read: its text may
    differ from the source by misread characters, so starts, ends, titles and names
    match within an edit distance of a third of their length (OCR_SLACK).
    """
    topics = _TopicMap(gold)
    same = _near if gold.get("ocr") else _equal
    report = Report()
    for gold_page in gold.get("pages", []):
        seed = gold_page["seed"]
        result = PageResult(seed=seed, gold=len(gold_page.get("articles", [])))
        report.pages.append(result)
        try:
            articles = _process(Path(pages_dir) / seed)
        except Exception as exc:  # one unreadable page must not hide the others' scores
            result.error = f"{type(exc).__name__}: {exc}"
            articles = []
        result.extracted = len(articles)
        _score_page(result, gold_page.get("articles", []), articles, topics, same)
    return report


def _process(path: Path) -> list[Article]:
    articles: list[Article] = []
    for i, page in enumerate(read_source(path).pages):
        articles.extend(process_page(page, i))
    return articles


def _score_page(result: PageResult, gold_items: list[dict], articles: list[Article],
                topics: "_TopicMap", same: "Same") -> None:
    used: set[int] = set()
    for index, expected in enumerate(gold_items):
        item = Item(seed=result.seed, index=index, expected=expected)
        result.items.append(item)
        hits = [k for k, a in enumerate(articles) if k not in used and _bounds(a, expected, same)]
        article = articles[hits[0]] if len(hits) == 1 else None
        if article is not None:
            used.add(hits[0])
            item.found = True
            result.matched += 1
        item.extracted = _summary(article) if article else _nearest(articles, expected)
        item.checks = _checks(expected, article, topics, same)


Same = Callable[[str, str], bool]


def _equal(got: str, want: str) -> bool:
    return got == want


def _near(got: str, want: str) -> bool:
    """Equal but for OCR misreadings: an edit distance of at most 1/OCR_SLACK of the expected length."""
    allowed = len(want) // OCR_SLACK
    if abs(len(got) - len(want)) > allowed:
        return False
    row = list(range(len(want) + 1))
    for i, a in enumerate(got, 1):
        diagonal, row[0] = row[0], i
        for j, b in enumerate(want, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (a != b))
    return row[-1] <= allowed


def _bounds(article: Article, expected: dict, same: Same) -> bool:
    """Whether the article starts and ends where the gold says.

    An end may be the body's or, where the gold counts a closing credit or byline as the
    item's last words (as a page prints them), the body's followed by its printed marks.
    """
    body = _squeeze(article.body)
    start, end = _squeeze(expected.get("starts_with")), _squeeze(expected.get("ends_with"))
    if not same(body[:len(start)], start):
        return False
    if not end:
        return True
    printed = body + _squeeze(article.dateline)
    return same(body[len(body) - len(end):], end) or same(printed[len(printed) - len(end):], end)


def _same_names(got: list[str], want: list[str], same: Same) -> bool:
    return len(set(got)) == len(set(want)) and all(any(same(g, w) for g in got) for w in want)


def _checks(expected: dict, article: Article | None, topics: "_TopicMap", same: Same) -> dict[str, bool]:
    a = article
    checks: dict[str, bool] = {}
    if expected.get("title"):
        checks["title"] = a is not None and same(_squeeze(a.title), _squeeze(expected["title"]))
    checks["authors"] = a is not None and _same_names(a.authors, expected.get("authors") or [], same)
    checks["kind"] = a is not None and a.kind == expected.get("kind", "article")
    region = expected.get("region") or []
    if expected.get("region") == []:      # labelled as about no particular place (national, foreign)
        checks["no_region"] = a is not None and not a.region
    if region:
        checks["province"] = a is not None and a.region[:1] == region[:1]
    if len(region) >= 2:
        checks["prefecture"] = a is not None and a.region[:2] == region[:2]
    if expected.get("topics"):
        wanted = {topics.code(t) for t in expected["topics"]} - {None}
        first = a.topics[0] if a is not None and a.topics else None
        checks["topic"] = first is not None and (topics.code(first.code) in wanted
                                                  or topics.code(first.label) in wanted)
    return checks


def _summary(a: Article) -> dict[str, Any]:
    body = a.body.replace("\n", "")
    return {"position": a.position, "kind": a.kind, "title": a.title, "subtitle": a.subtitle,
            "kicker": a.kicker, "authors": a.authors, "region": a.region,
            "topic": a.topics[0].label if a.topics else None,
            "starts": body[:30], "ends": body[-30:]}


def _nearest(articles: list[Article], expected: dict) -> dict[str, Any] | None:
    """For a gold item not found: the article holding its opening, to show what went wrong."""
    start = _squeeze(expected.get("starts_with"))[:12]
    for a in articles:
        if start and start in _squeeze(a.body):
            return _summary(a)
    return None


class _TopicMap:
    """Gold topics come as codes, medtop: codes, Chinese or English labels: all to 8-digit codes."""

    def __init__(self, gold: dict) -> None:
        self._names: dict[str, str] = {}
        for code, label in (gold.get("topic_labels") or {}).items():
            self._names[label] = code
        for alias, code in (gold.get("topic_aliases") or {}).items():
            self._names[alias.lower()] = code

    def code(self, value: str | None) -> str | None:
        if not value:
            return None
        v = value.strip()
        bare = v.lower().removeprefix("medtop:")
        if bare.isdigit() and len(bare) == 8:
            return bare
        return self._names.get(v) or self._names.get(v.lower())


def format_report(report: Report) -> str:
    """Per page and overall figures, then the failed items with extracted beside expected."""
    lines = []
    for page in report.pages:
        lines.append(_line(page.seed, report.metrics([page])) + (f"  ERROR {page.error}" if page.error else ""))
    lines.append(_line("OVERALL", report.metrics()))
    failures = report.failures()
    if failures:
        lines.append("")
        lines.append(f"Failures ({len(failures)}):")
    for f in failures:
        exp, got = f["expected"], f["extracted"] or {}
        lines.append(f"- {f['seed']} #{f['index']}: {', '.join(f['failed'])}")
        lines.append(f"    expected: kind={exp.get('kind')} title={exp.get('title')!r} authors={exp.get('authors')} "
                     f"region={exp.get('region')} topics={exp.get('topics')}")
        lines.append(f"              starts={exp.get('starts_with')!r} ends={exp.get('ends_with')!r}")
        if got:
            lines.append(f"    got:      kind={got.get('kind')} title={got.get('title')!r} authors={got.get('authors')} "
                         f"region={got.get('region')} topic={got.get('topic')!r}")
            lines.append(f"              starts={got.get('starts')!r} ends={got.get('ends')!r}")
        else:
            lines.append("    got:      nothing holding its opening")
    return "\n".join(lines)


def _line(name: str, m: dict[str, Any]) -> str:
    parts = [f"{name}: boundaries P={m['precision']:.2f} R={m['recall']:.2f} F1={m['f1']:.2f} "
             f"({m['matched']}/{m['gold']} found, {m['extracted']} extracted)"]
    for check in CHECKS:
        c = m[check]
        if c["total"]:
            parts.append(f"{check} {c['correct']}/{c['total']}")
    return "  ".join(parts)
