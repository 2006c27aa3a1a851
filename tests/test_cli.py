"""The `newsarchive` command end to end, in a subprocess as a user runs it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NEWSARCHIVE_DATA=str(data))
    proc = subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli") / "data"
    proc = run(data, "ingest", str(ROOT / "seeds"), "--report", str(data.parent / "report.json"))
    return data, proc


def test_ingest_summary_and_report(ingested):
    data, proc = ingested
    assert "5 file(s): 5 ingested" in proc.stdout
    report = json.loads((data.parent / "report.json").read_text("utf-8"))
    assert report["counts"] == {"ingested": 5}
    assert report["articles"] == sum(f["articles"] for f in report["files"])


def test_reingest_changes_nothing(ingested):
    data, _ = ingested
    before = run(data, "export").stdout
    proc = run(data, "ingest", str(ROOT / "seeds"))
    assert "5 unchanged" in proc.stdout and "0 indexed" in proc.stdout
    assert run(data, "export").stdout == before


def test_export_matches_the_gold_boundaries(ingested, gold):
    data, _ = ingested
    records = [json.loads(line) for line in run(data, "export", "--format", "jsonl").stdout.splitlines()]
    required = {"id", "source", "position", "kind", "title", "subtitle", "kicker", "authors", "body", "paper",
                "region", "date", "date_precision", "date_source", "dates_mentioned", "topics", "entities"}
    assert all(required <= set(r) for r in records)
    def squash(s: str | None) -> str:
        return "".join((s or "").split())
    titles = found = 0
    for page in gold["pages"]:
        mine = [r for r in records if Path(r["source"]).name == page["seed"]]
        for item in page["articles"]:
            hits = [r for r in mine if squash(r["body"]).startswith(squash(item["starts_with"]))
                    and squash(r["body"]).endswith(squash(item["ends_with"]))]
            assert len(hits) == 1, (page["seed"], item["starts_with"])
            found += 1
            if item["title"]:
                titles += squash(hits[0]["title"]) == squash(item["title"])
    assert found == 26
    assert titles >= 20
    assert not any(r["date"] for r in records), "seed pages carry no date: none may be invented"


def test_search_json_and_text(ingested):
    data, _ = ingested
    result = json.loads(run(data, "search", "拉面", "--json").stdout)
    assert result["hits"][0]["title"] == "跨域矛调，温情守护“拉面人”"
    assert "<mark>拉面</mark>" in result["hits"][0]["snippet"]
    text = run(data, "search", "拉面").stdout
    assert text.startswith("共 ") and "跨域矛调" in text


def test_stats(ingested):
    data, _ = ingested
    stats = json.loads(run(data, "stats", "--json").stdout)
    assert stats["sources"] == 5 and stats["articles"] == stats["indexed"] >= 26


def test_second_ingest_waits_its_turn(tmp_path):
    import fcntl
    data = tmp_path / "data"
    data.mkdir()
    with open(data / "ingest.lock", "a+") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("12345")
        handle.flush()
        proc = run(data, "ingest", str(ROOT / "seeds"), check=False)
    assert proc.returncode == 3 and "another ingest is running" in proc.stderr


def test_serve_with_two_worker_processes(ingested, tmp_path):
    import socket
    import time
    from urllib.request import urlopen
    data, _ = ingested
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NEWSARCHIVE_DATA=str(data))
    log = tmp_path / "serve.log"
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "newsarchive.cli", "serve", "--port", str(port), "--workers", "2"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    url = f"http://127.0.0.1:{port}/api/search?q=%E6%8B%89%E9%9D%A2"     # 拉面
    answers, deadline = [], time.monotonic() + 90
    try:
        while len(answers) < 4 and time.monotonic() < deadline and proc.poll() is None:
            try:
                answers.append(json.load(urlopen(url, timeout=10)))
            except OSError:
                time.sleep(0.2)
        assert len(answers) == 4, f"server answered {len(answers)} of 4; its log:\n{log.read_text()}"
        assert all(a["total"] == answers[0]["total"] >= 1 for a in answers)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_search_exports_every_match_not_just_a_page(ingested, tmp_path):
    data, _ = ingested
    total = json.loads(run(data, "search", "医保", "--json").stdout)["total"]
    out = tmp_path / "all.csv"
    proc = run(data, "search", "医保", "--export", "csv", "-o", str(out))
    rows = out.read_text("utf-8-sig").splitlines()
    assert rows[0].startswith("id,title") and len(rows) - 1 == total >= 5
    assert f"{total} article(s) exported" in proc.stderr
    lines = run(data, "search", "医保", "--sort", "date", "--export", "jsonl").stdout.splitlines()
    assert len(lines) == total and all(json.loads(line)["id"] for line in lines)


def test_reader_option_reaches_the_segmenter(monkeypatch, capsys):
    from newsarchive.cli import main
    monkeypatch.setenv("NEWSARCHIVE_READER", "rules")          # restored after the test
    gold = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"
    if not gold.exists():
        pytest.skip(f"gold file {gold} is absent")
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert main(["evaluate", str(gold), "--pages", str(seeds), "--reader", "learned", "--json"]) == 0
    assert os.environ["NEWSARCHIVE_READER"] == "learned"
    assert '"overall"' in capsys.readouterr().out
