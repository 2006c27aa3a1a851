"""Shared fixtures: real data folders built through the real pipeline."""
from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold" / "seeds.json"
CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS", SHARED / "corpus"))


def build_data_dir(path: Path, sources: Iterable[Path]):
    """Ingest files or folders into a fresh data folder and index them, as `newsarchive ingest` does."""
    from archive.storing.ingest import ingest_paths  # imported here so a module mid-change breaks only its users
    from library.datadir import DataDir
    data = DataDir(path)
    report = ingest_paths(list(sources), data.store())
    bad = [f for f in report.files if f.status == "failed"]
    assert not bad, f"fixture sources failed to ingest: {bad}"
    data.sync_index()
    return data


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory) -> Path:
    """A data folder holding the five seed pages, ingested and indexed."""
    path = tmp_path_factory.mktemp("seeded")
    build_data_dir(path, [SEEDS])
    return path


@pytest.fixture
def make_data_dir(tmp_path) -> Callable[..., Path]:
    """Build a data folder from files, or from dicts written as a JSON Lines source."""
    def make(sources: Iterable[Path | dict] = ()) -> Path:
        paths, records = [], []
        for s in sources:
            (records if isinstance(s, dict) else paths).append(s)
        if records:
            jsonl = tmp_path / "records.jsonl"
            jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
            paths.append(jsonl)
        build_data_dir(tmp_path / "data", paths)
        return tmp_path / "data"
    return make


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip(f"gold file {GOLD} is absent (it lives in ../shared, beside the clone)")
    return json.loads(GOLD.read_text("utf-8"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus {CORPUS} is absent (set NEWSARCHIVE_CORPUS or place ../shared/corpus beside the clone)")
    return CORPUS


def pytest_addoption(parser):
    parser.addoption("--shuffle", type=int, default=None, metavar="SEED",
                     help="run the tests in a random order drawn from SEED (no test may depend on another's order)")


def pytest_collection_modifyitems(config, items):
    seed = config.getoption("--shuffle")
    if seed is not None:
        random.Random(seed).shuffle(items)
