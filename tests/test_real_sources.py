"""Real sources keep what they carry: Markdown exports with front matter, e-paper fragments, web pages.

The corpus files are read from ../shared/corpus at test time (copied into a temporary
folder where a test needs a folder of its own); the tests skip when it is absent.
The Markdown tests at the top need no corpus.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import shutil

from archive.reading import markdown
from archive.reading.read import read_source
from archive.storing.ingest import ingest_paths
from archive.storing.pipeline import process_page
from archive.storing.store import ArticleStore

MARKUP = re.compile(r"<[A-Za-z/][^>]*>|\]\(|\*\*|\{\{|^\s*\||^#{1,6}\s", re.M)


def test_front_matter_is_metadata_and_markdown_is_text():
    meta, body = markdown.front_matter('---\ntitle: "十問\\"港府\\""\ndate: "2020-07-27"\nauthor: "記者林勵"\n'
                                       'tags:\n  - "核酸檢測"\n  - 疫情\n---\n\n# 標題\n\n正文**粗體**。\n')
    assert meta["title"] == '十問"港府"' and meta["date"] == "2020-07-27" and meta["tags"] == ["核酸檢測", "疫情"]
    assert markdown.authors(meta) == ["林勵"]
    text = markdown.to_text(
        "第一段[連結](https://x.org/a_(b))，\n續行。\n\n"
        '<figure>\n<img src="https://x.org/p.jpg" alt="">\n<figcaption>市民排隊。眾新聞記者攝</figcaption>\n'
        "</figure>\n\n## 小標題\n\n| 年份 | 數字 |\n|---|---|\n| 2020 | 5 |\n\n{{< video src=\"v.mp4\" >}}\n\n"
        "> 引文 [[email protected]](/cdn-cgi/l/email-protection)\n")
    assert text.split("\n\n") == ["第一段連結，續行。", "市民排隊。眾新聞記者攝", "小標題", "年份　數字", "2020　5",
                                  "引文 [email protected]"]


def test_markdown_file_with_front_matter_is_one_article_with_its_subheadings(tmp_path):
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: "標題"\ndate: "2021-03-04"\nauthor: "記者吳婉英"\n'
                    'original_url: "https://www.hkcnews.com/article/1"\n---\n\n# 標題\n\n第一段。\n\n## 小標題\n\n'
                    "第二段。\n", "utf-8")
    [article] = [a for p in read_source(path).pages for a in process_page(p)]
    assert (article.title, article.date, article.authors) == ("標題", "2021-03-04", ["吳婉英"])
    assert article.url == "https://www.hkcnews.com/article/1"
    assert article.body.split("\n\n") == ["第一段。", "小標題", "第二段。"]


def test_provenance_files_and_empty_shells_are_skipped_with_their_reason(tmp_path):
    (tmp_path / "SOURCE.txt").write_text("Texts from the People's Daily, 2020.\n", "utf-8")
    (tmp_path / "README.upstream.md").write_text("# Backup\n\nAll articles.\n", "utf-8")
    (tmp_path / "shell.md").write_text('---\ntitle: ""\ndate: ""\n---\n\n', "utf-8")
    (tmp_path / "page.txt").write_text("本报讯（记者 张三）今天天气很好，市民纷纷出游。\n", "utf-8")
    report = ingest_paths([tmp_path], ArticleStore(tmp_path / "s.sqlite"), workers=0)
    fate = {f.path.rsplit("/", 1)[-1]: (f.status, f.reason) for f in report.files}
    assert fate["page.txt"][0] == "ingested"
    assert fate["SOURCE.txt"] == ("skipped", "SOURCE.txt: a provenance or licence file, not an article")
    assert fate["README.upstream.md"][0] == "skipped" and "provenance" in fate["README.upstream.md"][1]
    assert fate["shell.md"][0] == "skipped" and "empty shell" in fate["shell.md"][1]


def test_hkcnews_files_give_one_dated_article_without_markup(corpus_dir):
    files = sorted((corpus_dir / "hkcnews-sample").glob("articles/*/*.md"))
    random.Random(3).shuffle(files)
    one = dated = with_date = marked = total = 0
    for path in files[:300]:
        front = re.search(r'^date:\s*"?(\d{4}-\d\d-\d\d)', path.read_text("utf-8"), re.M)
        try:
            articles = [a for p in read_source(path).pages for a in process_page(p)]
        except ValueError:
            articles = []                 # an empty shell: skipped (the test above)
        one += len(articles) == 1
        with_date += bool(front and articles)
        dated += bool(front and articles and articles[0].date == front.group(1))
        marked += sum(bool(MARKUP.search(f"{a.title}\n{a.body}")) for a in articles)
        total += len(articles)
    assert one >= 0.97 * 300
    assert dated >= 0.99 * with_date
    assert marked <= 0.005 * total


def test_founder_epaper_articles_carry_paper_date_and_page_once(corpus_dir, tmp_path):
    path = tmp_path / "hubei.html"
    shutil.copy(corpus_dir / "epaper-html" / "hubeidaily-20230211" / "content.txt", path)
    articles = [a for p in read_source(path).pages for a in process_page(p)]
    assert len({(a.title, a.body) for a in articles}) == len(articles)          # fragments repeated once
    good = [a for a in articles if a.paper == "湖北日报" and a.date == "2023-02-11" and a.page_no]
    assert len(good) >= 0.95 * len(articles) and len(articles) >= 20
    credited = {a.title: a.authors for a in articles if a.authors}
    assert any(names == ["雷巍巍", "李广操"] for names in credited.values())


def test_a_layout_page_is_kept_as_its_pages_table_of_contents(corpus_dir, tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(corpus_dir / "epaper-html" / "stdaily-20230210" / "node_2.htm", tmp_path / "in" / "node_2.htm")
    store = ArticleStore(tmp_path / "s.sqlite")
    report = ingest_paths([tmp_path / "in"], store, workers=0)
    [outcome] = report.files
    assert outcome.status == "contents" and "layout page" in outcome.reason and store.count() == 0
    [contents] = store.contents_of("科技日报", "2023-02-10")
    assert (contents.page_no, contents.page_name) == ("01", "今日要闻")
    assert [e["title"] for e in contents.entries][:2] == ["新时代十年伟大变革奠定坚实基础", "开放共享 让大型科研仪器“忙”起来"]
    assert len(contents.entries) == 5          # the page's own links, not the site's footer
    again = ingest_paths([tmp_path / "in"], store, workers=0)
    assert again.files[0].status == "unchanged"


def test_a_web_article_matches_what_its_crawl_record_says(corpus_dir, tmp_path):
    folder = corpus_dir / "epaper-html" / "people-cn-20240424"
    path = tmp_path / "people.html"
    path.write_bytes(gzip.decompress((folder / "People_2024_04_24.html.gz").read_bytes()))
    expected = json.loads((folder / "People.json").read_text("utf-8"))["V1"]
    [article] = [a for p in read_source(path).pages for a in process_page(p)]
    assert article.title == expected["title"].split("--")[0]
    assert article.authors == expected["authors"]
    assert article.date == expected["publishing_date"][:10]
    assert article.paper == "人民网"
