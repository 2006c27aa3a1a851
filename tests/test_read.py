"""Reading sources: HTML article pages, e-paper pages, JSON Lines, manifests and file names."""
import gzip
import json

import pytest

from archive.reading.read import SourceError, read_source


def test_web_article_page_matches_expected_extraction(corpus_dir):
    folder = corpus_dir / "epaper-html" / "people-cn-20240424"
    expected = json.loads((folder / "People.json").read_text("utf-8"))["V1"]
    (page,) = read_source(folder / "People_2024_04_24.html.gz").pages
    assert expected["title"].startswith(page.title)
    assert page.date == expected["publishing_date"][:10] and page.date_source == "metadata"
    assert page.authors == expected["authors"]
    paragraphs = [p for s in expected["body"]["sections"] for p in s["paragraphs"]]
    found = sum(1 for p in paragraphs if p.replace("\u3000", "").strip()[:30] in page.text)
    assert found >= 0.9 * len(paragraphs)
    assert "<" not in page.text


def test_founder_epaper_file_yields_one_page_per_article(corpus_dir):
    reading = read_source(corpus_dir / "epaper-html" / "hubeidaily-20230211" / "content.txt")
    assert len(reading.pages) == 28             # 32 fragments, 4 of them repeats
    assert all(p.title and p.date == "2023-02-11" and p.url.startswith("http") for p in reading.pages)
    assert all("<p>" not in p.text and "enpproperty" not in p.text for p in reading.pages)
    assert any(p.kicker for p in reading.pages)


def test_html_scripts_styles_and_broken_nesting(tmp_path):
    html = ("<html><head><title>测试标题 - 某某网</title><style>p{color:red}</style>"
            "<script>alert('x')</script></head><body><div class=article><h1>乡村振兴新画卷</h1>"
            "<p>本报讯 某县今年以来<b>大力发展<i>特色产业</b></i>，成效明显。<p>第二段文字。"
            "<script>document.write('坏')</script></div></body></html>")
    path = tmp_path / "a.html"
    path.write_text(html, "utf-8")
    (page,) = read_source(path).pages
    assert page.title == "乡村振兴新画卷"
    assert "大力发展特色产业" in page.text and "第二段文字" in page.text
    assert "alert" not in page.text and "坏" not in page.text and "color" not in page.text


def test_html_without_body_is_refused(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>只有标题</title></head></html>", "utf-8")
    with pytest.raises(SourceError, match="no article text|without article text"):
        read_source(path)


def test_jsonl_keeps_good_lines_and_names_bad_ones(tmp_path):
    lines = [json.dumps({"title": "标题一", "body": "正文一。", "date": "2023-12-05", "paper": "海东时报",
                         "region": ["青海省", "海东市"]}, ensure_ascii=False),
             "{not json",
             json.dumps({"title": "无正文"}, ensure_ascii=False),
             json.dumps({"title": "标题二", "body": "正文二。", "region": "青海省>海西蒙古族藏族自治州"},
                        ensure_ascii=False)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines), "utf-8")
    reading = read_source(path)
    assert [p.title for p in reading.pages] == ["标题一", "标题二"]
    assert [p.line for p in reading.pages] == [1, 4]
    assert reading.pages[0].date == "2023-12-05" and reading.pages[0].paper == "海东时报"
    assert reading.pages[1].region == ["青海省", "海西蒙古族藏族自治州"]
    assert [w.split(":")[0] for w in reading.warnings] == ["line 2", "line 3"]


def test_manifest_beats_file_name_and_unknown_stays_unknown(tmp_path):
    (tmp_path / "2023-12-05_海东时报_03.txt").write_text("本报讯 正文。", "utf-8")
    (tmp_path / "page2.txt").write_text("本报讯 正文。", "utf-8")
    (tmp_path / "page3.txt").write_text("本报讯 正文。", "utf-8")
    (tmp_path / "manifest.csv").write_text("file,paper,date,page\npage2.txt,格尔木日报,2024-01-02,02\n", "utf-8")
    named = read_source(tmp_path / "2023-12-05_海东时报_03.txt").pages[0]
    assert (named.paper, named.date, named.date_source, named.page_no) == ("海东时报", "2023-12-05", "filename", "03")
    listed = read_source(tmp_path / "page2.txt").pages[0]
    assert (listed.paper, listed.date, listed.date_source, listed.page_no) == ("格尔木日报", "2024-01-02", "manifest", "02")
    plain = read_source(tmp_path / "page3.txt").pages[0]
    assert (plain.paper, plain.date, plain.date_source) == (None, None, None)


def test_gzipped_text_and_unsupported_types(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress("本报讯 压缩的页面。".encode("gb18030")))
    reading = read_source(path)
    assert reading.pages[0].text == "本报讯 压缩的页面。" and reading.encoding == "gb18030"
    with pytest.raises(SourceError, match="unsupported"):
        read_source(tmp_path / "notes.docx")


def test_a_markdown_article_is_also_kept_as_safe_html_for_reading(tmp_path):
    path = tmp_path / "story.md"
    path.write_text('---\ntitle: "測試標題"\ndate: 2020-05-01\n---\n# 測試標題\n\n## 小標題\n\n'
                    '**重點**見[報告](https://example.org/r)<script>alert(1)</script>。\n\n'
                    '<figure><img src="https://img.example/x.jpg" onerror="x()"><figcaption>圖說（攝影：某人）'
                    '</figcaption></figure>\n\n<a href="javascript:alert(1)">壞連結</a>\n', "utf-8")
    page = read_source(path).pages[0]
    assert "<h2>小標題</h2>" in page.html and "<strong>重點</strong>" in page.html
    assert 'href="https://example.org/r"' in page.html and "<figcaption>圖說（攝影：某人）</figcaption>" in page.html
    for unsafe in ("<script", "onerror", "<img", "javascript:", "測試標題"):
        assert unsafe not in page.html
