"""The web UI and JSON API over a real data folder (seeds ingested through the real pipeline)."""
import csv
import io
import re
import time
import xml.etree.ElementTree as ET

import pytest

from webui import create_app

RAMEN = "跨域矛调，温情守护“拉面人”"


@pytest.fixture(scope="module")
def client(seeded_data_dir):
    return create_app({"DATA_DIR": seeded_data_dir, "TESTING": True}).test_client()


def api(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data
    return response.get_json()


def test_ramen_first_with_highlight(client):
    result = api(client, "/api/search?q=拉面")
    assert set(result) >= {"total", "hits", "facets"}
    assert set(result["hits"][0]) >= {"id", "title", "date", "paper", "region", "topics", "snippet"}
    assert result["hits"][0]["title"] == RAMEN
    assert "<mark>拉面</mark>" in result["hits"][0]["snippet"]
    assert set(result["facets"]) >= {"region", "topic", "paper", "year"}


def test_filters_narrow_and_facet_counts_add_up(client):
    everything = api(client, "/api/search")
    haidong = api(client, "/api/search?region=海东市")
    both = api(client, "/api/search?region=海东市&topic=健康")
    assert everything["total"] > haidong["total"] > both["total"] > 0
    assert all("海东市" in h["region"] for h in haidong["hits"])
    assert all("健康" in h["topics"] for h in both["hits"])
    for result in (everything, haidong, both):
        assert sum(v["count"] for v in result["facets"]["kind"]) == result["total"]
        provinces = [v for v in result["facets"]["region"] if len(v["path"]) == 1]
        assert sum(v["count"] for v in provinces) <= result["total"]
    counts = {v["value"]: v["count"] for v in everything["facets"]["region"]}
    assert counts["海东市"] == haidong["total"]
    topic = {v["value"]: v["count"] for v in haidong["facets"]["topic"]}
    assert topic["健康"] == both["total"]


def test_search_page_shows_results_facets_and_removable_chips(client):
    page = client.get("/search?q=医保&region=青海省").get_data(as_text=True)
    assert "共 <strong>" in page and "<mark>医保</mark>" in page
    chip = re.search(r'<a class="chip" href="([^"]*)"[^>]*>× 地区：青海省</a>', page)
    assert chip and chip.group(1) == "/search?q=%E5%8C%BB%E4%BF%9D"          # removing it keeps the query
    assert 'data-facet="topic"' in page and 'data-facet="region"' in page


def test_article_page_and_twins(client):
    hit = api(client, "/api/search?q=拉面")["hits"][0]
    page = client.get(f"/articles/{hit['id']}?q=拉面").get_data(as_text=True)
    assert RAMEN in page and "<mark>拉面</mark>" in page and "[N]." in page
    assert "000_28d057f4e3b07edd.txt" in page                     # where it came from
    record = api(client, f"/api/articles/{hit['id']}")
    assert record == api(client, f"/articles/{hit['id']}.json")
    assert record["title"] == RAMEN and record["region"][:2] == ["青海省", "海东市"] and record["authors"] == ["海报"]
    assert record["citation"].startswith("海报. 跨域矛调")
    assert client.get(f"/articles/{hit['id']}.ris").get_data(as_text=True).startswith("TY  - NEWS")
    assert client.get(f"/articles/{hit['id']}.bib").get_data(as_text=True).startswith("@article{")


def test_not_found_and_bad_requests_answer_plainly(client):
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/api/articles/nope").get_json()["status"] == 404
    for url in ("/api/search?q=" + "字" * 501, "/api/search?page=9999", "/api/search?per_page=5000",
                "/api/search?sort=random", "/api/search?from=昨天", "/search?page=x"):
        start = time.monotonic()
        response = client.get(url)
        assert response.status_code == 400, url
        assert time.monotonic() - start < 1.0
    assert "error" in client.get("/api/search?page=9999").get_json()


def test_security_headers_everywhere(client):
    for url in ("/", "/api/search?q=医保", "/articles/nope", "/trends"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"


def test_no_inline_scripts_or_handlers_in_pages(client):
    hit = api(client, "/api/search?q=拉面")["hits"][0]
    for url in ("/", "/search?q=拉面", f"/articles/{hit['id']}", "/trends?q=医保", "/collections", "/login"):
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+\s*=", page), url
        assert "javascript:" not in page


def test_hostile_text_and_queries_are_escaped(make_data_dir):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    data = make_data_dir([{"title": f"标题{evil}", "body": f"医保改革{evil}正文", "paper": "海东时报"}])
    client = create_app({"DATA_DIR": data, "TESTING": True}).test_client()
    for url in ("/search?q=医保", f"/search?q=医保 {evil}", "/api/search?q=医保", f"/api/search?q=医保 {evil}"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body
    hit = client.get("/api/search?q=医保").get_json()["hits"][0]
    assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0     # <mark> is the only markup
    page = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_result_exports_and_trends_and_feed(client):
    text = client.get("/search.csv?q=医保").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all("医保" in (r["title"] + r["citation"]) or r["id"] for r in rows)
    assert len(rows) == api(client, "/api/search?q=医保")["total"]
    trend = api(client, "/trends.json?q=医保&q=乡村振兴&interval=year")
    assert [s["q"] for s in trend["series"]] == ["医保", "乡村振兴"]
    assert "没有带日期的匹配文章" in client.get("/trends?q=医保").get_data(as_text=True)   # seeds carry no dates
    feed = ET.fromstring(client.get("/feeds/search.atom?q=医保").data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("a:entry", ns)) == api(client, "/api/search?q=医保")["total"]


def test_trend_chart_matches_facets(make_data_dir):
    records = [{"title": f"第{i}篇", "body": body, "date": date, "region": ["青海省", "海东市"]}
               for i, (body, date) in enumerate([("医保改革", "2021-03-01"), ("医保监管", "2021-07"),
                                                 ("乡村振兴", "2023-01-02"), ("医保与乡村振兴", "2023")])]
    client = create_app({"DATA_DIR": make_data_dir(records), "TESTING": True}).test_client()
    trend = api(client, "/trends.json?q=医保&q=乡村振兴&region=海东市")
    assert trend["periods"] == ["2021", "2022", "2023"]
    assert [s["counts"] for s in trend["series"]] == [[2, None, 1], [0, None, 2]]     # 2022: no data, a gap
    assert trend["totals"] == [2, 0, 2] and trend["series"][1]["shares"] == [0.0, None, 1.0]
    for series in trend["series"]:
        years = api(client, f"/api/search?q={series['q']}&region=海东市")["facets"]["year"]
        assert {v["value"]: v["count"] for v in years} == {p: c for p, c in zip(trend["periods"], series["counts"]) if c}
    page = client.get("/trends?q=医保&q=乡村振兴").get_data(as_text=True)
    assert page.count("<polyline") == 4 and "医保（共 3 篇）" in page      # each line broken at the gap
    assert '<rect class="gap"' in page and "2022：馆藏无文章" in page
    share = client.get("/trends?q=医保&scale=share").get_data(as_text=True)
    assert "占当期文章的比例" in share and "100.0%" in share
    assert client.get("/trends?q=医保&scale=log").status_code == 400
    csv_text = client.get("/trends.csv?q=医保").data.decode("utf-8-sig")
    assert csv_text.splitlines()[:2] == ['period,archive,"医保","医保 share"', "2021,2,2,1.000000"]


def test_collections_need_a_librarian_and_csrf(seeded_data_dir):
    app = create_app({"DATA_DIR": seeded_data_dir, "TESTING": True})
    app.config["COLLECTIONS"].add_user("librarian", "correct horse battery")
    client = app.test_client()
    assert client.post("/api/collections", json={"title": "医保"}).status_code == 401
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"name": "librarian", "password": "wrong", "csrf_token": token}).status_code == 401
    assert client.post("/login", data={"name": "librarian", "password": "correct horse battery"}).status_code == 400
    assert client.post("/login", data={"name": "librarian", "password": "correct horse battery",
                                       "csrf_token": token}).status_code == 302
    assert client.post("/api/collections", json={"title": "医保报道"}).status_code == 400      # no token
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/collections").get_data(as_text=True)).group(1)
    headers = {"X-CSRF-Token": token}                                               # a new session, a new token
    coll = client.post("/api/collections", json={"title": "医保报道", "description": "说明"}, headers=headers).get_json()
    ids = [h["id"] for h in api(client, "/api/search?q=医保")["hits"][:2]]
    for aid in ids:
        client.post(f"/api/collections/{coll['slug']}/items", json={"article_id": aid, "note": "备注"}, headers=headers)
    client.post(f"/api/collections/{coll['slug']}/items/{ids[1]}", json={"action": "move", "position": 0}, headers=headers)
    got = api(client, f"/api/collections/{coll['slug']}")
    assert [i["article_id"] for i in got["items"]] == [ids[1], ids[0]]
    anonymous = app.test_client()
    assert anonymous.get(f"/collections/{coll['slug']}").status_code == 404          # not yet published
    client.post(f"/api/collections/{coll['slug']}/settings", json={"published": True}, headers=headers)
    public = anonymous.get(f"/collections/{coll['slug']}").get_data(as_text=True)
    assert "医保报道" in public and "备注" in public
    exported = anonymous.get(f"/collections/{coll['slug']}/export.csv").data.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(exported)))) == 2


def test_entity_facets_narrow_like_any_other(client):
    everything = api(client, "/api/search")
    places = everything["facets"]["place"]
    assert places and all(set(v) >= {"value", "count"} for v in places)
    top = places[0]
    narrowed = api(client, f"/api/search?entity={top['value']}")
    assert narrowed["total"] == top["count"] < everything["total"]
    page = client.get("/search").get_data(as_text=True)
    assert 'data-facet="place"' in page and "entity=" in page


def test_an_empty_archive_answers_every_page(make_data_dir):
    """A fresh archive (nothing ingested yet) is a normal state: searches find nothing, they do not fail."""
    client = create_app({"DATA_DIR": make_data_dir(), "TESTING": True}).test_client()
    assert api(client, "/api/search?q=拉面")["total"] == 0
    assert api(client, "/api/search?q=%22乡村振兴%22+OR+拉面")["total"] == 0
    for url in ("/", "/search?q=拉面", "/api/trends?q=拉面"):
        assert client.get(url).status_code == 200, url


def test_forms_on_pages_post_to_pages_not_to_the_api(seeded_data_dir):
    """A librarian's browser gets a page back, not JSON: forms' actions are the HTML routes."""
    app = create_app({"DATA_DIR": seeded_data_dir, "TESTING": True})
    app.config["COLLECTIONS"].add_user("formuser", "correct horse battery")
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"name": "formuser", "password": "correct horse battery", "csrf_token": token})
    page = client.get("/collections").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert 'action="/collections"' in page
    made = client.post("/collections", data={"title": "表单专题", "csrf_token": token})
    assert made.status_code == 302 and "/collections/" in made.headers["Location"]
    aid = api(client, "/api/search?q=拉面")["hits"][0]["id"]
    article = client.get(f"/articles/{aid}").get_data(as_text=True)
    actions = re.findall(r'<form method="post" action="([^"]+)"', article) + re.findall(r'<option value="(/[^"]+)"', article)
    assert actions and not [a for a in actions if a.startswith("/api/")]


def test_an_article_downloads_for_every_reference_manager(client):
    hit = api(client, "/api/search?q=拉面")["hits"][0]
    page = client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    for fmt, first in (("ris", "TY  - NEWS"), ("enw", "%0 Newspaper Article"),
                       ("netx", "{Reference Type}: Newspaper Article"), ("bib", "@article{")):
        assert f"/articles/{hit['id']}.{fmt}" in page
        response = client.get(f"/articles/{hit['id']}.{fmt}")
        assert response.status_code == 200 and response.get_data(as_text=True).startswith(first)
        assert hit["id"] in response.get_data(as_text=True)          # the permalink rides along
    assert client.get(f"/articles/{hit['id']}.doc").status_code == 404
    export = client.get("/search.netx?q=拉面").get_data(as_text=True)
    assert export.count("{Reference Type}: Newspaper Article") == api(client, "/api/search?q=拉面")["total"]


def _key_after(barrier, folder, out) -> None:
    from webui.auth import secret_key
    barrier.wait()
    out.put(secret_key(folder))


def test_workers_starting_together_share_one_whole_session_key(tmp_path):
    """Serving processes racing to make the key once crashed all but one (FileExistsError)."""
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    for round_ in range(8):
        folder = tmp_path / str(round_)
        barrier, out = ctx.Barrier(8), ctx.Queue()
        procs = [ctx.Process(target=_key_after, args=(barrier, folder, out)) for _ in range(8)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=30)
        assert [p.exitcode for p in procs] == [0] * 8
        keys = {out.get(timeout=5) for _ in procs}
        assert len(keys) == 1 and len(keys.pop()) == 32
        assert [f.name for f in folder.iterdir()] == ["secret.key"]


def test_a_key_file_left_short_by_a_crash_is_replaced(tmp_path):
    from webui.auth import KEY_BYTES, secret_key
    (tmp_path / "secret.key").write_bytes(b"")
    key = secret_key(tmp_path)
    assert len(key) == KEY_BYTES and secret_key(tmp_path) == key
    assert [f.name for f in tmp_path.iterdir()] == ["secret.key"]
