"""The benchmark runs end to end on a small corpus and its facet counts are exact.

Timings are never asserted here (the machine is shared and noisy): only that the
run completes, that its JSON carries every figure the README promises, and that
our facet counts equal a brute-force count over the stored articles.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT

from bench.run import SMOKE, SMOKE_EXTRA
from indexer.facets import CACHE_DIR

FIGURES = ("articles_per_s", "index_articles_per_s", "mb_per_s", "index_to_text", "peak_rss_mb",
           "open_cold_ms", "serving_rss_mb", "query", "totals")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> dict:
    if not (CORPUS / "rmrb").is_dir():
        pytest.skip(f"benchmark corpus {CORPUS}/rmrb is absent (it lives in ../shared, beside the clone)")
    work = tmp_path_factory.mktemp("bench")      # its own: two workers may each run this module's fixture
    out = work / "results.json"
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--corpus-dir", str(CORPUS),
                           "--out", str(out), "--workdir", str(work)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text("utf-8"))["sizes"][SMOKE]


@pytest.mark.corpus
def test_both_ways_report_every_figure(smoke):
    assert "error" not in smoke["ours"], smoke["ours"].get("error")
    for way in ("ours", "naive"):
        missing = [k for k in FIGURES if k not in smoke[way]]
        assert not missing, f"{way} lacks {missing}"
        assert {"p50_ms", "p95_ms", "p99_ms", "first_ms"} <= set(smoke[way]["query"])
    assert smoke["ours"]["indexed"] == smoke["articles"] == int(SMOKE)
    assert set(smoke["ratios"]) >= {"ingest_throughput_x", "query_p95_x", "serving_rss_x"}


@pytest.mark.corpus
def test_query_mix_finds_articles(smoke):
    names = {item["name"] for item in smoke["mix"]}
    assert {"common", "rare+date", "title+region"} <= names
    assert smoke["ours"]["totals"]["common"] > 100
    assert smoke["naive"]["totals"]["common"] > 0


@pytest.mark.corpus
def test_facet_counts_are_exact(smoke):
    check = smoke["facet_check"]
    assert check["checked"] >= 4
    assert check["exact"], check["mismatches"]
    assert any(total > 0 for total in check["brute_totals"].values())


@pytest.mark.corpus
def test_new_articles_go_in_without_rewriting_the_built_index(smoke):
    inc = smoke["incremental"]
    assert inc["indexed"] == inc["articles"] == SMOKE_EXTRA
    assert inc["largest_segment_kept"] and inc["largest_segment_docs"] >= int(SMOKE) // 2


def test_reading_bench_pools_fresh_sets(corpus_dir):
    """bench.reading builds sets from seeds nobody tuned on and pools their figures."""
    proc = subprocess.run([sys.executable, "-m", "bench.reading", "--corpus", str(corpus_dir), "--seeds", "5,6",
                           "--pages", "4", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout)
    assert set(figures) == {"5", "6", "pooled"}
    assert figures["pooled"]["gold"] == figures["5"]["gold"] + figures["6"]["gold"] > 0
    assert figures["pooled"]["f1"] > 0.5 and figures["pooled"]["title"]["total"] > 0


def test_open_bench_times_both_ways_and_leaves_the_columns(make_data_dir):
    from conftest import SEEDS
    data = make_data_dir([SEEDS])
    proc = subprocess.run([sys.executable, "-m", "bench.open", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout)
    assert figures["open_s_with_columns"] > 0 and figures["open_s_without_columns"] > 0
    assert list((data / "index" / CACHE_DIR).glob("*.npz"))
