"""Ingest is crash-safe and resumable: SIGKILL at any point loses nothing and duplicates nothing."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pages(folder: Path, copies: int) -> Path:
    """Distinct pages: each seed again under its own name, with bytes of its own (trailing newlines)."""
    folder.mkdir()
    for i in range(copies):
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            text = seed.read_text("utf-8")
            (folder / f"{i:03d}_{seed.name}").write_text(text + "\n" * (i + 1), "utf-8")
    return folder


def _ingest(data: Path, folder: Path) -> subprocess.Popen:
    env = dict(os.environ, NEWSARCHIVE_DATA=str(data))
    return subprocess.Popen([sys.executable, "-m", "newsarchive.cli", "ingest", "--quiet", str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _indexed_ids(data: Path) -> list[str]:
    from indexer.writer import open_index
    ix = open_index(data / "index", create=False)
    with ix.searcher() as s:
        return [fields["id"] for fields in s.all_stored_fields()]


def _check_consistent(data: Path) -> None:
    """The index opens; every article the store calls indexed is in it, and nothing else is."""
    from archive.storing.store import ArticleStore
    store = ArticleStore(data / "articles.sqlite")
    conn = store._conn()
    marked = {r[0] for r in conn.execute("SELECT id FROM articles WHERE indexed = 1")}
    stored = {r[0] for r in conn.execute("SELECT id FROM articles")}
    if not (data / "index").exists():
        assert not marked
        return
    ids = _indexed_ids(data)
    assert len(ids) == len(set(ids)), "duplicate documents in the index"
    assert marked <= set(ids) <= stored | set(store.tombstones())


@pytest.mark.parametrize("delay", [0.8, 2.0, 4.0])
def test_sigkill_then_resume(tmp_path, delay):
    folder = _pages(tmp_path / "pages", copies=8)
    data = tmp_path / "data"
    proc = _ingest(data, folder)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _check_consistent(data)
    done = _ingest(data, folder)
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err.decode()
    _check_consistent(data)
    from archive.storing.store import ArticleStore
    from indexer.search import Searcher, SearchRequest
    store = ArticleStore(data / "articles.sqlite")
    assert store.pending_count() == 0
    ids = _indexed_ids(data)
    assert sorted(ids) == sorted(a.id for a in store.iter_articles())
    assert store.stats()["sources"] == 40
    assert Searcher(data / "index").search(SearchRequest(q="拉面")).total == 8


def test_search_answers_while_ingest_runs(tmp_path, seeded_data_dir):
    """Readers see the last commit while a writer works on the same data folder."""
    import shutil

    from indexer.search import Searcher, SearchRequest
    data = tmp_path / "data"
    shutil.copytree(seeded_data_dir, data)
    before = Searcher(data / "index").search(SearchRequest(q="拉面")).total
    proc = _ingest(data, _pages(tmp_path / "pages", copies=4))
    seen = []
    while proc.poll() is None:
        searcher = Searcher(data / "index")
        seen.append(searcher.search(SearchRequest(q="拉面")).total)
        time.sleep(0.2)
    assert proc.returncode == 0
    assert seen and all(before <= n <= before + 4 for n in seen)
    assert Searcher(data / "index").search(SearchRequest(q="拉面")).total == before + 4
