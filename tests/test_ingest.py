"""Bad input gets a clear answer and nothing is lost: one bad file never stops a batch."""
import json
import os

import pytest

from archive.storing.ingest import ingest_paths
from archive.storing.store import ArticleStore

GOOD = "本报讯（记者 张三）近日，某县召开乡村振兴工作推进会议，安排部署下一阶段工作。\n会议要求，各部门要压实责任，确保各项任务落到实处。"


def _batch(tmp_path):
    """A folder with one file of every kind of trouble, beside good files."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, "utf-8")
    (d / "good-gb18030.txt").write_bytes(GOOD.replace("张三", "李四").encode("gb18030"))
    (d / "good-utf16.txt").write_text(GOOD.replace("张三", "王五"), "utf-16")
    (d / "copy-of-good.txt").write_text(GOOD, "utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (d / "mixed.txt").write_bytes(GOOD.replace("张三", "赵六").encode() + b"\n" + "下一行用国标编码写成。".encode("gb18030"))
    (d / "truncated.txt").write_bytes(GOOD.replace("张三", "钱七").encode()[:-1])
    (d / "nobody.html").write_text("<html><head><title>空</title></head><body></body></html>", "utf-8")
    (d / "scripts.html").write_text("<html><body><script>alert(1)</script><style>p{}</style><article><h1>标题"
                                    "</h1><p>本报讯 这是正文<b>加粗<i>嵌套</b>错误</i>。</p></article></body></html>", "utf-8")
    lines = [json.dumps({"title": "好的一行", "body": "第一行的正文。"}, ensure_ascii=False), "{bad json",
             json.dumps({"title": "好的第三行", "body": "第三行的正文。"}, ensure_ascii=False)]
    (d / "records.jsonl").write_text("\n".join(lines), "utf-8")
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    os.symlink(d / "missing.txt", d / "dangling.txt")
    os.mkfifo(d / "pipe.txt")
    return d


def test_every_file_gets_an_outcome_and_good_files_are_ingested(tmp_path):
    folder = _batch(tmp_path)
    store = ArticleStore(tmp_path / "a.sqlite")
    report = ingest_paths([folder, tmp_path / "no-such-file.txt"], store)
    by_name = {os.path.basename(f.path): f for f in report.files}
    assert set(by_name) == {p.name for p in folder.iterdir()} | {"no-such-file.txt"}
    for name in ("copy-of-good.txt", "good-gb18030.txt", "good-utf16.txt", "mixed.txt", "truncated.txt",
                 "scripts.html", "records.jsonl"):
        assert by_name[name].status == "ingested", (name, by_name[name])
        assert by_name[name].articles >= 1
    assert by_name["good-gb18030.txt"].encoding == "gb18030"
    assert by_name["good.txt"].status == "duplicate"          # same bytes, found second in name order
    assert "copy-of-good.txt" in by_name["good.txt"].reason
    expected = {"empty.txt": "empty", "binary.txt": "binary", "nobody.html": "article text",
                "dangling.txt": "dangling symbolic link", "no-such-file.txt": "not found", "pipe.txt": "regular file",
                "notes.docx": "unsupported"}
    for name, words in expected.items():
        assert by_name[name].status in ("failed", "skipped"), name
        assert words in by_name[name].reason, (name, by_name[name].reason)
    assert "truncated" in " ".join(by_name["truncated.txt"].warnings)
    assert any(w.startswith("line 2") for w in by_name["records.jsonl"].warnings)
    assert by_name["records.jsonl"].articles == 2
    assert "alert" not in json.dumps([a.to_dict() for a in store.iter_articles()], ensure_ascii=False)


def test_second_run_changes_nothing(tmp_path):
    folder = _batch(tmp_path)
    store = ArticleStore(tmp_path / "a.sqlite")
    first = ingest_paths([folder], store)
    count = store.count()
    second = ingest_paths([folder], store)
    assert store.count() == count
    ingested = [f.path for f in first.files if f.status == "ingested"]
    assert all(f.status == "unchanged" for f in second.files if f.path in ingested)


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    from pathlib import Path
    (tmp_path / "secret.txt").write_text(GOOD, "utf-8")
    (tmp_path / "open.txt").write_text(GOOD.replace("张三", "孙八"), "utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", deny)
    report = ingest_paths([tmp_path], ArticleStore(tmp_path / "s.sqlite"))
    outcome = {os.path.basename(f.path): f for f in report.files}
    assert outcome["secret.txt"].status == "failed" and "permission" in outcome["secret.txt"].reason
    assert outcome["open.txt"].status == "ingested"


@pytest.mark.parametrize("size_mb,single_line", [(12, False), (5, True)])
def test_huge_files_get_a_clear_line(tmp_path, size_mb, single_line):
    sep = "" if single_line else "\n"
    unit = "长篇文字没有换行。" + sep
    path = tmp_path / "huge.txt"
    path.write_text(unit * (size_mb * 2**20 // len(unit.encode())), "utf-8")
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    report = ingest_paths([tmp_path], ArticleStore(tmp_path / "s.sqlite"))
    outcome = {os.path.basename(f.path): f for f in report.files}
    assert outcome["good.txt"].status == "ingested"
    huge = outcome["huge.txt"]
    assert huge.status == "ingested" or ("too large" in huge.reason and huge.status == "failed")


def test_a_file_that_turns_from_article_to_layout_page_and_back_leaves_nothing_stale(tmp_path):
    """The same path re-ingested as the other kind: the earlier version's articles or contents go."""
    page = tmp_path / "node_1.htm"
    article = ("<html><head><title>海东时报</title></head><body><article><h1>拉面人的新生活</h1>"
               + "<p>海东市拉面产业服务驻外办事处为拉面人提供法律服务，今年以来调解纠纷三百多起。</p>" * 3
               + "</article></body></html>")
    layout = ("<html><head><title>海东时报--数字报</title></head><body><p>2023年12月05日</p><a href='node_1.htm'>第01版：要闻</a>"
              + "".join(f"<a href='content_{k}.htm'>第{k}篇报道的标题</a>" for k in range(4)) + "</body></html>")
    store = ArticleStore(tmp_path / "s.sqlite")
    page.write_text(article, "utf-8")
    assert ingest_paths([page], store, workers=0).files[0].status == "ingested" and store.count() == 1
    page.write_text(layout, "utf-8")
    assert ingest_paths([page], store, workers=0).files[0].status == "contents"
    assert store.count() == 0 and len(store.tombstones()) == 1
    assert [c.page_no for c in store.contents_of("海东时报", "2023-12-05")] == ["01"]
    page.write_text(article, "utf-8")
    assert ingest_paths([page], store, workers=0).files[0].status == "ingested" and store.count() == 1
    assert store.contents_of("海东时报", "2023-12-05") == []


def test_a_layout_page_takes_what_it_does_not_print_from_the_manifest(tmp_path):
    """Paper and date from a manifest beside it; without either it is kept, and the report says where it is not shown."""
    folder = tmp_path / "in"
    folder.mkdir()
    layout = ("<html><body><a href='node_1.htm'>第03版：综合</a>"
              + "".join(f"<a href='content_{k}.htm'>第{k}篇报道的标题</a>" for k in range(4)) + "</body></html>")
    (folder / "node_1.htm").write_text(layout, "utf-8")
    (folder / "node_2.htm").write_text(layout.replace("第03版", "第04版"), "utf-8")
    (folder / "manifest.csv").write_text("file,paper,date,page\nnode_1.htm,海东时报,2023-12-05,03\n", "utf-8")
    store = ArticleStore(tmp_path / "s.sqlite")
    fates = {f.path.rsplit("/", 1)[-1]: f for f in ingest_paths([folder], store, workers=0).files}
    assert fates["node_1.htm"].status == fates["node_2.htm"].status == "contents"
    assert [c.page_no for c in store.contents_of("海东时报", "2023-12-05")] == ["03"]
    assert "no paper or date: no issue page shows it" in fates["node_2.htm"].reason
