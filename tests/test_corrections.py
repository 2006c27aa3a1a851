"""Librarians' corrections: checked against the gazetteer and taxonomy, indexed, shown, and kept on re-ingest."""
import re
import shutil

import pytest
from conftest import SEEDS

from archive.storing.corrections import CorrectionError, parse
from archive.storing.ingest import ingest_paths
from archive.storing.store import ArticleStore
from webui import create_app


@pytest.mark.parametrize("field, raw, value", [
    ("region", "青海省/海东市", ["青海省", "海东市"]),
    ("region", "青海 > 海东", ["青海省", "海东市"]),          # short forms and other separators
    ("region", "", []),                                      # about no particular place
    ("topics", "健康、社会", ["07000000", "14000000"]),
    ("topics", "health", ["07000000"]),
    ("authors", "巴迎桂、 王菲菲", ["巴迎桂", "王菲菲"]),
    ("date", "2023-12", "2023-12"),
    ("title", "  新标题 ", "新标题"),
    ("kind", "photo", "photo"),
])
def test_values_are_checked_and_normalised(field, raw, value):
    assert parse(field, raw) == value


@pytest.mark.parametrize("field, raw, says", [
    ("region", "火星省", "行政区划表中没有"),
    ("region", "城关区", "有多个地区叫城关区"),
    ("topics", "八卦", "没有这个主题"),
    ("date", "2023-02-30", "日期应写作"),
    ("kind", "社论", "类型应为"),
    ("body", "x", "不能更正"),
])
def test_bad_corrections_say_why(field, raw, says):
    with pytest.raises(CorrectionError, match=says):
        parse(field, raw)


def test_a_correction_survives_re_ingesting_the_page(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    store = ArticleStore(tmp_path / "articles.sqlite")
    ingest_paths([pages], store)
    art = next(a for a in store.iter_articles() if a.region)
    store.correct(art.id, "region", "内蒙古自治区/乌海市", note="见原版", librarian="lib")
    store.correct(art.id, "date", "2023-12-05", librarian="lib")
    store.mark_indexed([a.id for a in store.iter_articles()])
    page = pages / art.source.rsplit("/", 1)[-1]
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")      # changed bytes: the page is read again
    ingest_paths([pages], store)
    again = store.get(art.id)
    assert again.region == ["内蒙古自治区", "乌海市"] and again.region_code
    assert (again.date, again.date_precision, again.date_source) == ("2023-12-05", "day", "librarian")
    history = store.corrections(art.id)
    assert [c["field"] for c in history] == ["region", "date"]
    assert history[0]["previous"] == art.region and history[0]["note"] == "见原版"


def test_librarians_correct_through_the_web_and_search_sees_it(make_data_dir):
    data = make_data_dir([SEEDS])
    app = create_app({"DATA_DIR": data, "TESTING": True})
    app.config["COLLECTIONS"].add_user("librarian", "correct horse battery")
    client = app.test_client()
    aid = client.get("/api/search?q=拉面").get_json()["hits"][0]["id"]
    assert client.post(f"/api/articles/{aid}/corrections", json={"field": "region", "value": "北京市"}).status_code == 401
    page = client.get(f"/articles/{aid}").get_data(as_text=True)
    assert "更正元数据" not in page                                   # readers see no form
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"name": "librarian", "password": "correct horse battery", "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/articles/{aid}").get_data(as_text=True)).group(1)
    headers = {"X-CSRF-Token": token}
    bad = client.post(f"/api/articles/{aid}/corrections", json={"field": "region", "value": "火星省"}, headers=headers)
    assert bad.status_code == 400 and "行政区划表" in bad.get_json()["error"]
    assert client.post("/api/articles/nosuchid/corrections", json={"field": "title", "value": "x"},
                       headers=headers).status_code == 404
    done = client.post(f"/api/articles/{aid}/corrections", json={"field": "region", "value": "内蒙古自治区/乌海市",
                                                                 "note": "记者所在地"}, headers=headers).get_json()
    assert done["indexed"] and done["article"]["region"] == ["内蒙古自治区", "乌海市"]
    hits = client.get("/api/search?q=拉面&region=乌海市").get_json()
    assert aid in [h["id"] for h in hits["hits"]]
    assert client.get(f"/api/articles/{aid}").get_json()["corrections"][0]["note"] == "记者所在地"
    shown = app.test_client().get(f"/articles/{aid}").get_data(as_text=True)  # anyone reads the history
    assert "馆员更正" in shown and "乌海市" in shown and "记者所在地" in shown
    recent = app.test_client().get("/api/corrections").get_json()
    assert recent[0]["article_id"] == aid and recent[0]["value"] == ["内蒙古自治区", "乌海市"] and recent[0]["title"]
    assert "记者所在地" in app.test_client().get("/corrections").get_data(as_text=True)


def test_the_command_line_applies_a_csv_of_corrections_and_reports_bad_rows(make_data_dir, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT
    data = make_data_dir([SEEDS])
    ids = [a.id for a in ArticleStore(data / "articles.sqlite").iter_articles()][:2]
    sheet = tmp_path / "fixes.csv"
    sheet.write_text(f"id,field,value,note\n{ids[0]},topics,健康,复核\n{ids[1]},region,火星省,\n"
                     f"{ids[1]},paper,海东时报,版面报头\n", "utf-8-sig")
    env = dict(os.environ, NEWSARCHIVE_DATA=str(data))
    proc = subprocess.run([sys.executable, "-m", "newsarchive.cli", "correct", "--csv", str(sheet), "--by", "lib"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1 and "row 2" in proc.stderr and "2 correction(s) applied" in proc.stdout
    found = subprocess.run([sys.executable, "-m", "newsarchive.cli", "search", "--paper", "海东时报", "--json"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert ids[1] in [h["id"] for h in json.loads(found.stdout)["hits"]]


def test_a_correction_follows_its_article_when_a_new_version_of_the_page_changes_its_id(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "p.txt"
    first = "本报讯（记者 王一）市图书馆今天起延长开放时间，周末也开放到晚上九点，方便读者借阅。馆内还新增了自习座位三百个。"
    page.write_text(first + "\n", "utf-8")
    store = ArticleStore(tmp_path / "articles.sqlite")
    ingest_paths([pages], store)
    (old,) = list(store.iter_articles())
    store.correct(old.id, "region", "青海省/西宁市", note="市图书馆在西宁", librarian="lib")
    page.write_text(first.replace("市图书馆今天起", "市图书馆从今天起") + "\n", "utf-8")   # the opening changes: a new id
    ingest_paths([pages], store)
    (new,) = list(store.iter_articles())
    assert new.id != old.id
    assert new.region == ["青海省", "西宁市"]
    assert store.corrections(new.id)[0]["note"] == "市图书馆在西宁"
