"""Hostile input and hostile users, second round: each case failed before its fix."""
from __future__ import annotations

import csv
import gzip
import json
import re
import stat
import time
import xml.etree.ElementTree as ET

import pytest

from archive.curating.cite import bibtex, ris
from archive.curating.exports import to_csv
from archive.model import Article
from archive.reading.read import SourceError, read_bytes
from indexer import snippets
from webui import auth, create_app

PASSWORD = "correct horse battery"


def _login(client, name: str = "librarian", password: str = PASSWORD, next_: str = ""):
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    return client.post("/login" + (f"?next={next_}" if next_ else ""),
                       data={"name": name, "password": password, "csrf_token": token})


def _token(client) -> dict:
    page = client.get("/collections").get_data(as_text=True)
    return {"X-CSRF-Token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)}


@pytest.fixture
def app(seeded_data_dir, tmp_path):
    auth._FAILS.clear()
    app = create_app({"DATA_DIR": seeded_data_dir, "TESTING": True})
    app.config["COLLECTIONS"].add_user("librarian", PASSWORD)
    yield app
    auth._FAILS.clear()


def test_a_gzip_bomb_is_refused_at_once_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        for _ in range(64):                                   # 1 GB of zeros in about 1 MB
            handle.write(bytes(1 << 24))
    started = time.monotonic()
    with pytest.raises(SourceError, match="unpacks to more than"):
        read_bytes(bomb)
    assert time.monotonic() - started < 5


def test_the_page_limit_counts_unpacked_bytes(tmp_path):
    page = tmp_path / "page.txt.gz"
    page.write_bytes(gzip.compress(("新闻正文。" * 800_000).encode()))     # 12 MB of text, a small file
    with pytest.raises(SourceError):
        read_bytes(page)


def test_snippets_of_a_huge_article_are_quick():
    body = "医保改革惠及群众。" * 1_200_000                         # 10 MB, a match every 9 characters
    started = time.monotonic()
    out = snippets.snippet(body, ["医保", "群众"])
    assert time.monotonic() - started < 2 and "<mark>医保</mark>" in out


def test_login_redirects_only_to_local_paths(app):
    for target in ("/%09/evil.example", "//evil.example", "https://evil.example/", "/\\evil.example",
                   "/%0d%0aSet-Cookie:x=1"):
        client = app.test_client()
        response = _login(client, next_=target)
        assert response.status_code == 302, target
        assert response.headers["Location"] in ("/collections", "http://localhost/collections"), target
    assert _login(app.test_client(), next_="/collections/new").headers["Location"].endswith("/collections/new")


def test_logout_and_a_new_password_end_old_sessions(app):
    client = app.test_client()
    _login(client)
    headers = _token(client)
    stolen = client.get_cookie("session").value
    client.post("/logout", headers=headers)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.post("/api/collections", json={"title": "x"}, headers=headers).status_code == 401
    client = app.test_client()
    _login(client)
    headers = _token(client)
    assert client.post("/api/collections", json={"title": "ok"}, headers=headers).status_code == 201
    app.config["COLLECTIONS"].add_user("librarian", "a brand new password")
    assert client.post("/api/collections", json={"title": "x"}, headers=headers).status_code == 401


def test_throttling_slows_the_guesser_not_the_librarian_elsewhere(app):
    attacker = app.test_client()
    for _ in range(auth.FREE_FAILS + 2):
        _login(attacker, password="wrong guess")
    assert "秒后再试" in _login(attacker, password=PASSWORD).get_data(as_text=True)
    assert "秒后再试" in _login(attacker, name="someone-else", password="x").get_data(as_text=True)
    librarian = app.test_client()
    librarian.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert _login(librarian).status_code == 302
    with app.test_request_context():
        for n in range(auth.MAX_TRACKED + 50):
            auth._failed(f"name{n}")
    assert len(auth._FAILS) <= auth.MAX_TRACKED


def test_csv_cells_that_look_like_formulas_are_text():
    article = Article(source="x.txt", position=0, title="=HYPERLINK(\"http://evil\")", body="正文",
                      authors=["+cmd|' /C calc'!A0"], paper="@SUM(1)")
    row = next(csv.reader(to_csv([article]).splitlines()[1:]))
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_line_breaks_in_a_title_cannot_forge_records():
    article = Article(source="x.txt", position=0, title="标题\nER  - \n\nTY  - NEWS\r\nTI  - 伪造", body="正文")
    lines = ris(article).splitlines()
    assert sum(line.startswith("TY  - ") for line in lines) == 1 and sum(line.startswith("ER  -") for line in lines) == 1
    assert "\n" not in bibtex(article).split("title = {", 1)[1].split("}", 1)[0]


def test_the_feed_stays_well_formed_xml_with_control_characters(make_data_dir):
    data = make_data_dir([{"title": "控制\x01字符\x1b标题", "body": "医保新闻正文\x0b内容。"}])
    client = create_app({"DATA_DIR": data, "TESTING": True}).test_client()
    ET.fromstring(client.get("/feeds/search.atom?q=医保").data)


def test_json_of_the_wrong_type_is_a_400_not_a_500(app):
    client = app.test_client()
    _login(client)
    headers = _token(client)
    for body in ({"title": ["a"]}, {"title": {"x": 1}}, "just a string", [1, 2], 5):
        response = client.post("/api/collections", data=json.dumps(body), content_type="application/json",
                               headers=headers)
        assert response.status_code == 400, body
    assert client.post("/api/collections", json={"title": 123}, headers=headers).status_code == 201


def test_the_collections_database_is_private(app):
    path = app.config["COLLECTIONS"].path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_correction_field_that_is_not_a_string_is_a_400(app):
    client = app.test_client()
    _login(client)
    article_id = client.get("/api/search?q=医保").get_json()["hits"][0]["id"]
    response = client.post(f"/api/articles/{article_id}/corrections", json={"field": ["title"], "value": 1},
                           headers=_token(client))
    assert response.status_code == 400


def test_impossible_dates_and_over_long_highlight_queries_are_400s(app):
    client = app.test_client()
    assert client.get("/search?from=9999-99-99").status_code == 400
    assert client.get("/search?from=2023-02-30").status_code == 400
    article_id = client.get("/api/search?q=医保").get_json()["hits"][0]["id"]
    assert client.get(f"/articles/{article_id}?q={'医' * 600}").status_code == 400


def test_a_symbolic_link_loop_is_named_as_such(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(SourceError, match="symbolic link loop"):
        read_bytes(tmp_path / "a.txt")


def test_a_bad_json_lines_line_costs_that_line_only_and_is_named(tmp_path):
    from archive.storing.ingest import ingest_paths
    from archive.storing.store import ArticleStore
    good = [json.dumps({"title": f"标题{i}", "body": f"第{i}条正文，医保改革。"}, ensure_ascii=False).encode()
            for i in range(12)]
    deep = b'{"title": "x", "body": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    broken = '{"title": "坏", "body": "正文'.encode() + b"\xff\xfe" + b'"}'
    source = tmp_path / "records.jsonl"
    source.write_bytes(b"\n".join(good[:10] + [deep, broken] + good[10:]) + b"\n")
    report = ingest_paths([source], ArticleStore(tmp_path / "a.sqlite"), workers=1)
    (outcome,) = report.files
    assert outcome.status == "ingested" and outcome.articles == 13
    assert "line 11: skipped, nested too deeply" in outcome.warnings
    assert "line 12: invalid UTF-8 bytes replaced with �" in outcome.warnings


def test_unknown_field_names_are_refused_and_times_are_not_fields():
    from indexer.query import QueryError, parse
    with pytest.raises(QueryError, match="不认识的字段"):
        parse("foo:医保")
    assert parse("10:30") is not None


def test_an_index_of_an_earlier_layout_is_rebuilt_from_the_store(tmp_path):
    from whoosh import fields, index

    from archive.storing.store import ArticleStore
    from indexer.search import Searcher, SearchRequest
    from indexer.sync import sync_index
    from indexer.writer import INDEX_NAME
    store = ArticleStore(tmp_path / "a.sqlite")
    store.put_source("sha", "p.txt", [Article(source="p.txt", position=0, title="海东市医保", body="海东市医保改革。")])
    (tmp_path / "index").mkdir()
    old = index.create_in(str(tmp_path / "index"), fields.Schema(id=fields.ID(stored=True), body=fields.TEXT),
                          indexname=INDEX_NAME)
    old.writer().commit()
    store.mark_indexed([a.id for a in store.iter_articles()])
    assert sync_index(store, tmp_path / "index") == (1, 0)
    assert Searcher(tmp_path / "index").search(SearchRequest(q="东市")).total == 1


def test_an_over_long_article_is_stored_in_parts_and_the_report_says_so(tmp_path):
    from archive.storing.ingest import ingest_paths
    from archive.storing.pipeline import MAX_BODY_CHARS
    from archive.storing.store import ArticleStore

    (tmp_path / "in").mkdir()
    paragraph = "医保改革惠及群众，异地就医结算更便捷。" * 50 + "\n"
    record = {"title": "长文", "body": paragraph * (2 * MAX_BODY_CHARS // len(paragraph) + 3)}
    (tmp_path / "in" / "long.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    store = ArticleStore(tmp_path / "s.sqlite")
    [outcome] = ingest_paths([tmp_path / "in"], store, workers=0).files
    assert outcome.status == "ingested" and outcome.articles == 3
    assert any("stored in 3 parts" in w for w in outcome.warnings)
    parts = list(store.iter_articles())
    assert sorted(a.title for a in parts) == ["长文（1/3）", "长文（2/3）", "长文（3/3）"]
    assert all(len(a.body) <= MAX_BODY_CHARS for a in parts)
    assert sum(len(a.body) for a in parts) == len(record["body"].strip("\n")) - 2  # the two cuts' newlines


def test_secure_cookies_option_marks_the_session_cookie_secure(seeded_data_dir):
    from newsarchive.cli import _parser, serve_config

    args = _parser().parse_args(["serve", "--secure-cookies"])
    app = create_app({**serve_config(args, seeded_data_dir), "TESTING": True})
    app.config["COLLECTIONS"].add_user("librarian", PASSWORD)
    client = app.test_client()
    response = _login(client)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie
    plain = create_app({"DATA_DIR": seeded_data_dir, "TESTING": True}).test_client()
    assert "Secure" not in next((h for h in _login(plain).headers.getlist("Set-Cookie")), "")
