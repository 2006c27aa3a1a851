"""Benchmark runner: our ingest, index and faceted search against the naive way, in the same run.

    python -m bench.run --sizes 10k,100k [--corpus-dir ../shared/corpus] [--out bench/out/results.json]
                        [--naive-limit N] [--rounds R]
    python -m bench.run --smoke          # 500 articles, quick; what CI runs

The machine is shared and noisy, so absolute timings mean little: every figure is
reported beside the naive way's (documented jieba + Whoosh, see bench/naive.py)
measured in the same run, and the ratios are the result.  Each measured phase runs
in its own child process so that peak memory (ru_maxrss) and serving memory (RSS)
belong to that phase alone.  When the naive way would take too long on the full
size it runs on the first --naive-limit articles; its throughput is extrapolated
linearly (optimistic for it: Whoosh merges grow with the index) and its query
latencies are those of the smaller index (a lower bound), and the output says so.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench import corpus as corpus_mod

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SHARD = 2000            # articles per JSON Lines file fed to ingest, as an archive would arrive
INCREMENTAL = 1000      # new articles ingested into the built archive (issue 4: no rebuild)


SMOKE, SMOKE_EXTRA = "500", 50   # articles of a --smoke run (does every figure come out), then new ones


def label(n: int) -> str:
    return f"{n // 1000000}m" if n % 1000000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


# -- inputs -----------------------------------------------------------------------------------------
def ensure_corpus(corpus_dir: Path, n: int, root: Path = OUT) -> Path:
    """bench/out/corpus-<n>.jsonl (under `root`), built once per size (same seed, same file)."""
    path = root / f"corpus-{label(n)}.jsonl"
    if not path.exists():
        corpus_mod.build_corpus(corpus_dir, n, path)
    return path


def ensure_extra(corpus_dir: Path, n: int, root: Path = OUT) -> Path:
    """n articles none of the corpora holds (another seed, another file name: other ids)."""
    path = root / f"extra-{label(n)}.jsonl"
    if not path.exists():
        corpus_mod.build_corpus(corpus_dir, n, path, seed=2)
    return path


def ensure_shards(corpus: Path) -> Path:
    """The corpus cut into files of SHARD lines: ingest commits per file, as with a real delivery."""
    folder = corpus.with_name(corpus.stem + "-shards")
    if folder.is_dir():
        return folder
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with corpus.open(encoding="utf-8") as fh:
        lines, part = [], 0
        for line in fh:
            lines.append(line)
            if len(lines) == SHARD:
                part = _write_shard(tmp, part, lines)
                lines = []
        if lines:
            _write_shard(tmp, part, lines)
    tmp.rename(folder)
    return folder


def _write_shard(folder: Path, part: int, lines: list[str]) -> int:
    (folder / f"part-{part:05d}.jsonl").write_text("".join(lines), encoding="utf-8")
    return part + 1


def text_bytes(corpus: Path) -> int:
    """UTF-8 bytes of titles and bodies: the text both ways must index."""
    total = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            total += len((rec.get("title") or "").encode()) + len(rec["body"].encode())
    return total


def dir_bytes(paths) -> int:
    """Bytes of a folder's files (or of several files and folders)."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*") if p.exists() else [])]
    return sum(f.stat().st_size for f in files if f.is_file())


# -- the query mix ---------------------------------------------------------------------------------
# Generic news words, not taken from any seed page: one common, one rare, two and three terms, a phrase,
# a title-field query.  Each runs alone and with a region, a topic and a date filter.
QUERIES = (("common", "发展"), ("rare", "台风"), ("two", "乡村 振兴"), ("three", "农民 收入 增长"),
           ("phrase", '"高质量发展"'), ("title", "title:疫情"))
DATE_FILTER = {"date_from": "2015-01-01", "date_to": "2019-12-31"}
CHECKED = ("rare", "two+region", "three+date", "title+topic", "rare+date")


def stored_records(store_path: Path):
    """(id, title, body, region, topic labels, date, paper) of every stored article, straight from SQLite.

    Given the corpus's JSON Lines instead (when our ingest failed), its records, numbered, without topics.
    """
    if store_path.suffix == ".jsonl":
        with store_path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                yield {**json.loads(line), "id": str(i), "topics": [], "topic_codes": []}
        return
    conn = sqlite3.connect(store_path)
    try:
        for (data,) in conn.execute("SELECT data FROM articles ORDER BY rowid"):
            d = json.loads(data)
            yield {"id": d["id"], "title": d.get("title"), "body": d.get("body") or "", "region": d.get("region") or [],
                   "topics": [t["label"] for t in d.get("topics") or []], "date": d.get("date"),
                   "topic_codes": [t["code"] for t in d.get("topics") or []],
                   "paper": d.get("paper")}
    finally:
        conn.close()


def query_mix(store_path: Path) -> list[dict]:
    """The fixed queries, with filter values taken from the data (its commonest province and topic)."""
    provinces, topics = Counter(), Counter()
    for rec in stored_records(store_path):
        provinces.update(rec["region"][:1])
        topics.update(rec["topics"][:1])
    variants = [("", {})]
    if provinces:
        variants.append(("+region", {"region": [provinces.most_common(1)[0][0]]}))
    if topics:
        variants.append(("+topic", {"topic": [topics.most_common(1)[0][0]]}))
    variants.append(("+date", DATE_FILTER))
    return [{"name": name + suffix, "q": q, "filters": f} for name, q in QUERIES for suffix, f in variants]


def export_records(store_path: Path, out: Path, limit: int) -> int:
    """The first `limit` stored (described) articles as JSON Lines, so both ways index the same records."""
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for rec in stored_records(store_path):
            if count == limit:
                break
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count


class OursEngine:
    """Our archive through its public API: `Searcher(index_dir).search(SearchRequest(...))`."""

    def __init__(self, index_dir: Path):
        from indexer.search import Searcher
        self.searcher = Searcher(index_dir)

    def run(self, item: dict) -> dict:
        from indexer.search import SearchRequest
        f = item["filters"]
        req = SearchRequest(q=item["q"], filters={k: v for k, v in f.items() if not k.startswith("date_")},
                            date_from=f.get("date_from"), date_to=f.get("date_to"))
        result = self.searcher.search(req).to_dict()
        return {"total": result["total"], "facets": result.get("facets") or {},
                "snippets": sum(1 for h in result.get("hits", []) if "<mark>" in (h.get("snippet") or ""))}


class NaiveEngine:
    def __init__(self, index_dir: Path):
        from bench import naive
        self.naive, self.ix = naive, naive.open_index(index_dir)

    def run(self, item: dict) -> dict:
        result = self.naive.search(self.ix, item["q"], item["filters"])
        return {"total": result["total"], "facets": result["facets"],
                "snippets": sum(1 for s in result["snippets"] if "<b" in s)}


def engine_class(way: str):
    """The engine's class with its modules imported, so opening it cold times the index, not imports."""
    if way == "ours":
        import indexer.search  # noqa: F401
        return OursEngine
    import bench.naive  # noqa: F401
    return NaiveEngine


# -- exact facet counts ----------------------------------------------------------------------------
def facet_check(store_path: Path, index_dir: Path, mix: list[dict], answers: dict[str, dict]) -> dict:
    """Our facet counts for a few queries against a brute-force count over every stored article.

    A document matches when every query word, folded (simplified script, half-width, lower
    case) as the index folds it, is a substring of the folded text: the archive's exact mode.
    """
    queries = {i["name"]: i["q"] for i in mix}
    items = {name: _parse_item(queries[name]) for name in CHECKED if name in answers}
    filters = {i["name"]: i["filters"] for i in mix}
    counts = {name: {"total": 0, "region": Counter(), "topic": Counter()} for name in items}
    for rec in stored_records(store_path):
        for name, item in items.items():
            if _passes(rec, filters[name]) and _matches(rec, item):
                _count(counts[name], rec)
    mismatches = []
    for name, brute in counts.items():
        mismatches += _compare(name, brute, answers[name])
    return {"checked": len(items), "exact": not mismatches, "mismatches": mismatches[:20],
            "brute_totals": {name: c["total"] for name, c in counts.items()}}


def _parse_item(q: str) -> dict:
    from indexer.analysis import normalize
    field, _, text = q.rpartition(":")
    return {"fields": ("title",) if field == "title" else ("title", "body"),
            "words": [normalize(w) for w in text.replace('"', " ").split()]}


def _passes(rec: dict, filters: dict) -> bool:
    if filters.get("region") and not set(filters["region"]) & set(rec["region"]):
        return False
    if filters.get("topic") and not set(filters["topic"]) & set(rec["topics"] + rec["topic_codes"]):
        return False
    when = rec["date"] or ""
    return not (filters.get("date_from") and not filters["date_from"] <= when <= filters["date_to"] + "~")


def _matches(rec: dict, item: dict) -> bool:
    from indexer.analysis import normalize
    text = normalize("\n".join(rec[f] or "" for f in item["fields"]))
    return all(w in text for w in item["words"])


def _count(acc: dict, rec: dict) -> None:
    acc["total"] += 1
    keys = set()
    for depth in range(1, len(rec["region"]) + 1):
        keys |= {">".join(rec["region"][:depth]), rec["region"][depth - 1]}
    acc["region"].update(keys)
    acc["topic"].update(set(rec["topics"] + rec["topic_codes"]))


def facet_pairs(values) -> dict[str, int]:
    """Facet values as {value: count}, whether given as a dict or a list of {value/label/key, count}."""
    if isinstance(values, dict):
        return {str(k): (v if isinstance(v, int) else v.get("count", 0)) for k, v in values.items()}
    out = {}
    for v in values or []:
        key = next((v[k] for k in ("path", "value", "key", "code", "label", "name") if v.get(k)), None)
        out[">".join(key) if isinstance(key, list) else str(key)] = v.get("count", 0)
    return out


def _compare(name: str, brute: dict, answer: dict) -> list[str]:
    bad = [f"{name}: total {answer['total']} != brute {brute['total']}"] if answer["total"] != brute["total"] else []
    for facet in ("region", "topic"):
        ours = facet_pairs(answer["facets"].get(facet))
        if not ours and brute[facet]:
            bad.append(f"{name}: no {facet} facet returned")
        for key, count in ours.items():
            want = brute[facet].get(key.replace("/", ">").replace(" › ", ">"), 0)
            if count != want:
                bad.append(f"{name}: {facet} {key} {count} != brute {want}")
    return bad


# -- child processes -------------------------------------------------------------------------------
def child(task: str, **params) -> dict:
    """Run one phase in a fresh interpreter; its last stdout line is its JSON result."""
    cmd = [sys.executable, "-m", "bench.run", "--child", task, json.dumps(params, ensure_ascii=False)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"bench child {task} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (VmRSS), not the peak: what a serving process holds."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def task_ours_ingest(data: str, shards: str) -> dict:
    from archive.storing.ingest import ingest_paths
    from archive.storing.store import ArticleStore
    from indexer.sync import sync_index
    store = ArticleStore(Path(data) / "articles.sqlite")
    t0 = time.perf_counter()
    report = ingest_paths([Path(shards)], store)
    t1 = time.perf_counter()
    indexed, _ = sync_index(store, Path(data) / "index")
    t2 = time.perf_counter()
    failed = [f"{f.path}: {f.reason}" for f in report.files if f.status == "failed"]
    return {"articles": report.articles, "indexed": indexed, "ingest_s": t1 - t0, "index_s": t2 - t1,
            "total_s": t2 - t0, "peak_rss_mb": peak_mb(), "failed": failed[:5]}


def task_naive_ingest(index: str, records: str) -> dict:
    from bench import naive
    with open(records, encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh]
    t0 = time.perf_counter()
    count = naive.build_index(recs, Path(index))
    elapsed = time.perf_counter() - t0
    return {"articles": count, "index_s": elapsed, "total_s": elapsed, "peak_rss_mb": peak_mb()}


def task_serve(way: str, index: str, mix: list[dict], rounds: int, budget_s: float) -> dict:
    """Open the index cold, run the mix `rounds` times (within a time budget), report latencies and RSS."""
    cls = engine_class(way)
    if way == "ours":      # the first round reads every term from Whoosh's files, as after a fresh ingest
        shutil.rmtree(Path(index) / "postings-v1", ignore_errors=True)
    t0 = time.perf_counter()
    engine = cls(Path(index))
    open_s = time.perf_counter() - t0
    samples: list[tuple[str, float]] = []
    answers: dict[str, dict] = {}
    start = time.perf_counter()
    for r in range(rounds):
        for item in mix:
            t = time.perf_counter()
            answer = engine.run(item)
            samples.append((item["name"], time.perf_counter() - t))
            if r == 0:
                answers[item["name"]] = answer
        if time.perf_counter() - start > budget_s:
            break
    return {"open_s": open_s, "samples": samples, "answers": answers, "rss_mb": rss_mb(),
            "rounds": len(samples) // len(mix)}


def task_incremental(data: str, records: str) -> dict:
    """Ingest new articles into a copy of a built data folder: time, and whether old segments survive."""
    from archive.storing.ingest import ingest_paths
    from archive.storing.store import ArticleStore
    from indexer.sync import sync_index
    copy = Path(data).with_name("data-incremental")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("postings-v1"))
    before = _segments(copy / "index")
    t0 = time.perf_counter()
    report = ingest_paths([Path(records)], ArticleStore(copy / "articles.sqlite"))
    indexed, _ = sync_index(ArticleStore(copy / "articles.sqlite"), copy / "index")
    seconds = time.perf_counter() - t0
    after = _segments(copy / "index")
    shutil.rmtree(copy, ignore_errors=True)
    largest = max(before, key=before.get)
    return {"articles": report.articles, "indexed": indexed, "seconds": seconds,
            "largest_segment_docs": before[largest], "largest_segment_kept": largest in after,
            "segments_before": len(before), "segments_after": len(after)}


def _segments(index_dir: Path) -> dict[str, int]:
    from indexer.postings import segment_id
    from indexer.writer import open_index
    with open_index(index_dir).reader() as reader:
        return {segment_id(sub): sub.doc_count_all() for sub, _ in reader.leaf_readers()}


TASKS = {"ours-ingest": task_ours_ingest, "naive-ingest": task_naive_ingest, "serve": task_serve,
         "incremental": task_incremental}


# -- one size ----------------------------------------------------------------------------------------
def bench_size(n: int, corpus_dir: Path, naive_limit: int, rounds: int, reuse: bool = False,
               extra: int = INCREMENTAL, root: Path = OUT) -> dict:
    """Every figure for one corpus size, ours and naive; a failure of ours is reported, naive still runs.

    With `reuse`, the ingests of an earlier run (their data and their recorded figures,
    `ingest.json` in the work folder) are kept and only serving is measured again: a
    query-path change is re-measured without re-ingesting a million articles.  `root` holds the
    corpora and work folders (bench/out; a test gives each run its own, so runs never share files).
    """
    corpus = ensure_corpus(corpus_dir, n, root)
    work = root / f"work-{label(n)}"
    earlier = _earlier_ingest(work) if reuse else None
    if earlier is None:
        shutil.rmtree(work, ignore_errors=True)
    text = text_bytes(corpus)
    result: dict = {"articles": n, "text_mb": text / 2**20, "corpus": str(corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus)}
    try:
        ours = earlier["ours"] if earlier else bench_ours(ensure_shards(corpus), work / "data", rounds)
        store = work / "data" / "articles.sqlite"
    except RuntimeError as exc:
        ours, store = {"error": str(exc)}, corpus
    if earlier:
        result["ingest_reused_from"] = earlier["measured"]
    mix = query_mix(store)
    raw_ours = {k: v for k, v in ours.items() if k != "serve"}
    if "error" not in ours:
        ours["serve"] = child("serve", way="ours", index=str(work / "data" / "index"), mix=mix, rounds=rounds,
                              budget_s=120)
        result["facet_check"] = facet_check(store, work / "data" / "index", mix, ours["serve"]["answers"])
        result["incremental"] = child("incremental", data=str(work / "data"),
                                      records=str(ensure_extra(corpus_dir, extra, root)))
        ours = summarize(ours, n, text)
    result["ours"] = ours
    result["naive"] = bench_naive(store, work, n, min(n, naive_limit), text, mix, earlier)
    if earlier is None and "error" not in ours:
        _record_ingest(work, raw_ours, result["naive"])
    if "error" not in ours:
        result["ratios"] = ratios(result["ours"], result["naive"])
    result["mix"] = mix
    return result


def bench_ours(shards: Path, data: Path, rounds: int) -> dict:
    """Ingest the shards into a fresh data folder and index them, through the project's own API."""
    ours = child("ours-ingest", data=str(data), shards=str(shards))
    ours["index_mb"] = dir_bytes(data / "index") / 2**20
    ours["store_mb"] = dir_bytes(data.glob("articles.sqlite*")) / 2**20
    return ours


def _earlier_ingest(work: Path) -> dict | None:
    path = work / "ingest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _record_ingest(work: Path, ours: dict, naive: dict) -> None:
    """Both ways' raw ingest figures, for a later --reuse-ingest run."""
    keep = ("articles", "indexed", "ingest_s", "index_s", "total_s", "peak_rss_mb", "failed", "index_mb", "store_mb")
    record = {"measured": time.strftime("%Y-%m-%d %H:%M:%S"), "ours": {k: ours[k] for k in keep if k in ours},
              "naive": {k: naive["raw"][k] for k in naive["raw"]}, "naive_n": naive["measured_on"]}
    (work / "ingest.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def bench_naive(store: Path, work: Path, n: int, naive_n: int, text: float, mix: list[dict],
                earlier: dict | None = None) -> dict:
    """The naive way on the same (described) records, capped at naive_n articles."""
    records, index_dir = work / "naive-records.jsonl", work / "naive-index"
    work.mkdir(parents=True, exist_ok=True)
    if earlier:
        naive, naive_n = dict(earlier["naive"]), earlier["naive_n"]
    else:
        naive_n = export_records(store, records, naive_n)
        naive = child("naive-ingest", index=str(index_dir), records=str(records))
        naive["index_mb"] = dir_bytes(index_dir) / 2**20
    raw = dict(naive)
    naive["serve"] = child("serve", way="naive", index=str(index_dir), mix=mix, rounds=1, budget_s=300)
    naive["measured_on"], naive["extrapolated"] = naive_n, naive_n < n
    return summarize(naive, n, text * naive_n / n, naive_n) | {"raw": raw}


def summarize(raw: dict, n: int, text: float, measured: int | None = None) -> dict:
    """Throughputs, sizes and latency percentiles from one way's raw measurements."""
    measured = measured or n
    serve = raw.pop("serve")
    lat = [s for _, s in serve["samples"][1:]] or [s for _, s in serve["samples"]]
    out = dict(raw)
    out["articles_per_s"] = measured / raw["total_s"]
    out["index_articles_per_s"] = measured / raw["index_s"]
    out["mb_per_s"] = text / 2**20 / raw["total_s"]
    out["index_to_text"] = raw["index_mb"] / (text / 2**20)
    if measured < n:
        out["extrapolated_total_s"] = raw["total_s"] * n / measured
    first_round = [t for _, t in serve["samples"][1:len(serve["samples"]) // max(serve["rounds"], 1)]]
    out["query"] = {"p50_ms": pct(lat, 50) * 1000, "p95_ms": pct(lat, 95) * 1000, "p99_ms": pct(lat, 99) * 1000,
                    "first_round_p95_ms": pct(first_round or lat, 95) * 1000,
                    "first_ms": serve["samples"][0][1] * 1000, "samples": len(lat), "rounds": serve["rounds"],
                    "by_query_ms": per_query(serve["samples"])}
    out["open_cold_ms"] = serve["open_s"] * 1000
    out["serving_rss_mb"] = serve["rss_mb"]
    out["totals"] = {name: a.get("total") for name, a in serve["answers"].items()}
    return out


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation: with few samples, report a real one)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def per_query(samples: list[tuple[str, float]]) -> dict[str, float]:
    by: dict[str, list[float]] = {}
    for name, s in samples:
        by.setdefault(name, []).append(s)
    return {name: pct(v, 50) * 1000 for name, v in by.items()}


def ratios(ours: dict, naive: dict) -> dict:
    """How many times better ours is (>1 is better), against the naive way of the same run."""
    return {"ingest_throughput_x": ours["articles_per_s"] / naive["articles_per_s"],
            "index_only_throughput_x": ours["index_articles_per_s"] / naive["articles_per_s"],
            "query_p50_x": naive["query"]["p50_ms"] / ours["query"]["p50_ms"],
            "query_p95_x": naive["query"]["p95_ms"] / ours["query"]["p95_ms"],
            "serving_rss_x": naive["serving_rss_mb"] / ours["serving_rss_mb"]}


# -- output ------------------------------------------------------------------------------------------
ROWS = (("ingest+index articles/s", ("articles_per_s",), "ingest_throughput_x"),
        ("  index only articles/s", ("index_articles_per_s",), "index_only_throughput_x"),
        ("ingest+index MB/s", ("mb_per_s",), None),
        ("index size / text", ("index_to_text",), None),
        ("ingest peak RSS MB", ("peak_rss_mb",), None),
        ("query p50 ms", ("query", "p50_ms"), "query_p50_x"),
        ("query p95 ms", ("query", "p95_ms"), "query_p95_x"),
        ("query p99 ms", ("query", "p99_ms"), None),
        ("query p95 ms, 1st round", ("query", "first_round_p95_ms"), None),
        ("first query ms", ("query", "first_ms"), None),
        ("open index cold ms", ("open_cold_ms",), None),
        ("serving RSS MB", ("serving_rss_mb",), "serving_rss_x"))


def table(results: dict) -> str:
    """The figures a person reads: one block per size, ours beside naive and the ratio."""
    lines = []
    for size, r in results["sizes"].items():
        nv = r["naive"]
        note = (f"\n   naive measured on {nv['measured_on']} articles: its throughput is extrapolated, its "
                f"latencies are those of that smaller index" if nv["extrapolated"] else "")
        if r.get("ingest_reused_from"):
            note += f"\n   ingest figures of both ways from the run of {r['ingest_reused_from']} (--reuse-ingest)"
        lines += [f"== {size}: {r['articles']} articles, {r['text_mb']:.1f} MB of text{note}",
                  f"{'':26}{'ours':>12}{'naive':>12}{'ours better by':>16}"]
        lines += [f"{name:26}{_get(r['ours'], keys):>12.2f}{_get(nv, keys):>12.2f}"
                  + (f"{_get(r.get('ratios', {}), (ratio,)):>15.1f}x" if ratio else "")
                  for name, keys, ratio in ROWS]
        if "error" in r["ours"]:
            lines.append("ours FAILED: " + r["ours"]["error"].strip().splitlines()[-1])
        if "incremental" in r:
            inc = r["incremental"]
            lines.append(f"incremental: {inc['indexed']} new articles ingested and indexed in {inc['seconds']:.1f} s; "
                         f"largest segment ({inc['largest_segment_docs']} documents) "
                         f"{'kept, not rewritten' if inc['largest_segment_kept'] else 'REWRITTEN'}")
        if "facet_check" in r:
            fc = r["facet_check"]
            lines.append(f"exact facet counts: {'yes' if fc['exact'] else 'NO'} ({fc['checked']} queries "
                         f"checked against a brute-force count){'' if fc['exact'] else ': ' + fc['mismatches'][0]}")
    return "\n".join(lines)


def _get(d: dict, keys: tuple) -> float:
    for k in keys:
        d = d.get(k, float("nan")) if isinstance(d, dict) else float("nan")
    return d if isinstance(d, (int, float)) else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="news-archive benchmark: ours vs the naive way, same run")
    p.add_argument("--sizes", default="10k", help="comma-separated corpus sizes, e.g. 10k,100k")
    p.add_argument("--corpus-dir", type=Path, default=corpus_mod.DEFAULT_CORPUS)
    p.add_argument("--out", type=Path, default=OUT / "results.json")
    p.add_argument("--naive-limit", type=int, default=10000, help="cap on the naive way's articles")
    p.add_argument("--rounds", type=int, default=5, help="rounds of the query mix for ours")
    p.add_argument("--smoke", action="store_true", help="500 articles, naive on 200, 2 rounds: does it run")
    p.add_argument("--extra", type=int, default=INCREMENTAL, help="new articles for the incremental ingest")
    p.add_argument("--workdir", type=Path, default=OUT, help="where corpora and work folders are kept")
    p.add_argument("--reuse-ingest", action="store_true",
                   help="keep an earlier run's ingested data and ingest figures; measure serving again")
    p.add_argument("--child", nargs=2, metavar=("TASK", "PARAMS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(TASKS[args.child[0]](**json.loads(args.child[1])), ensure_ascii=False))
        return 0
    if args.smoke:
        args.sizes, args.naive_limit, args.rounds, args.extra = SMOKE, 200, 2, SMOKE_EXTRA
    sizes = [corpus_mod.parse_size(s) for s in args.sizes.split(",")]
    results = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(),
               "command": " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
               "sizes": {}}
    for n in sizes:
        results["sizes"][label(n)] = bench_size(n, args.corpus_dir, args.naive_limit, args.rounds,
                                                   args.reuse_ingest, args.extra, args.workdir)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\nfull results: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
