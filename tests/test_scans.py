"""Scanned pages: layout from boxes, real OCR of drawn pages, PDFs, ALTO, and hostile scans.

The page images are drawn here with the bench's layout code (PIL and the Noto CJK
fonts) from text written for these tests, and read back by the real OCR engine.
"""
from __future__ import annotations

import io
import random
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from PIL import Image

from archive.model import Page
from archive.reading import scans, segment
from archive.reading.layout import Box, page_text
from archive.reading.read import NotAnArticle, SourceError, read_source
from archive.storing.ingest import ingest_paths
from archive.storing.store import ArticleStore

ocr_layout = pytest.importorskip("bench.ocr_layout")
pytest.importorskip("rapidocr_onnxruntime", reason="the OCR extra: pip install 'news-archive[ocr]'")
pytest.importorskip("pypdfium2", reason="the OCR extra: pip install 'news-archive[ocr]'")

FIRST = ocr_layout.Story(
    title="山区小学用上新校舍",
    kicker="教育投入向农村倾斜",
    paragraphs=["本报讯（记者王林）九月一日，新建成的红星小学迎来开学第一天，三百多名学生走进宽敞明亮的教室。",
                "新校舍由县财政和社会捐助共同出资建设，设有图书室、实验室和食堂，解决了学生长期在旧房上课的问题。",
                "校长李明说，学校将利用新的实验室开设科学兴趣课，让山里的孩子也能动手做实验。"] * 2)
SECOND = ocr_layout.Story(
    title="河道整治让村庄变了样",
    paragraphs=["本报讯（通讯员张华）经过半年治理，流经东坡村的小河重现清澈，两岸栽上了柳树和花草。",
                "村民们说，过去河道堆满垃圾，夏天气味难闻，如今傍晚常有人在河边散步。",
                "镇里还建立了河长巡查制度，每周检查一次，发现问题及时处理，防止污染反弹。"] * 2)


def _page(stories, columns=3, seed=1) -> Image.Image:
    image, _ = ocr_layout.lay_out(stories, columns, 300, "sc", random.Random(seed),
                                  ("晨光日报", "2023年09月02日", 3, "社会"))
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_layout_reads_columns_in_order_and_marks_headline_type():
    boxes = [Box("报头日报 2023年09月02日 第3版 要闻", 40, 10, 700, 40),
             Box("引题一行", 300, 60, 460, 86), Box("大字标题", 280, 92, 480, 132),
             Box("　　第一栏第一行正文内容", 40, 160, 340, 182), Box("第一栏第二行正文内容。", 40, 190, 330, 212),
             Box("　　第二栏第一行正文内容", 380, 160, 680, 182), Box("第二栏第二行正文完。", 380, 190, 600, 212)]
    laid = page_text(boxes)
    assert laid.header.startswith("报头日报")
    text = laid.text
    assert text.index("### 引题一行") < text.index("# 大字标题") < text.index("第一栏第一行") < text.index("第二栏第一行")
    assert scans.header_facts(laid.header) == {"date": "2023-09-02", "date_source": "masthead", "page_no": "03",
                                               "section": "要闻", "paper": "报头日报"}


def test_a_line_joined_across_a_gutter_is_cut_back():
    rows = [Box(f"左栏第{k}行文字内容", 40, 100 + 30 * k, 300, 122 + 30 * k) for k in range(6)]
    rows += [Box(f"右栏第{k}行文字内容", 350, 100 + 30 * k, 610, 122 + 30 * k) for k in range(6)]
    rows[2] = Box("左栏第2行文字内容右栏第2行文字内容", 40, 160, 610, 182)
    del rows[8]
    text = page_text(rows).text
    assert text.index("左栏第5行") < text.index("右栏第0行")
    assert "左栏第2行文字内容右栏" not in text


def test_pieces_of_one_printed_line_are_one_line_within_their_column():
    """An engine may box a line in pieces with white wider than a gutter between them; where no
    gutter runs down the page there, the pieces are one line, in order, and no paragraph breaks."""
    rows = [Box(f"第{k}行的正文文字内容", 40, 100 + 30 * k, 300, 122 + 30 * k) for k in range(5)]
    rows[2] = Box("第2行的", 40, 160, 120, 182)
    rows.append(Box("正文文字内容", 180, 160, 300, 182))
    text = page_text(rows).text
    assert "第2行的正文文字内容" in text and text.count("\n\n") == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_a_drawn_page_read_by_ocr_splits_into_its_stories(tmp_path, seed):
    path = tmp_path / "page.png"
    path.write_bytes(_png(_page([FIRST, SECOND], seed=seed)))
    page = read_source(path).pages[0]
    assert (page.paper, page.date, page.page_no, page.format) == ("晨光日报", "2023-09-02", "03", "scan")
    articles = segment.split_page(page)
    titled = {a.title: a for a in articles if a.title}
    assert set(titled) == {FIRST.title, SECOND.title}, [a.title for a in articles]
    assert titled[FIRST.title].kicker == FIRST.kicker
    assert titled[FIRST.title].authors == ["王林"] and titled[SECOND.title].authors == ["张华"]
    assert "防止污染反弹" in titled[SECOND.title].body and "防止污染反弹" not in titled[FIRST.title].body


def test_a_four_page_pdf_without_text_layer_ingests_end_to_end(tmp_path):
    pages = [_page([FIRST], seed=k) if k % 2 == 0 else _page([SECOND], seed=k) for k in range(4)]
    pdf = tmp_path / "issue.pdf"
    pages[0].convert("RGB").save(pdf, "PDF", save_all=True, append_images=[p.convert("RGB") for p in pages[1:]])
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    store = ArticleStore(tmp_path / "data" / "articles.sqlite")
    report = ingest_paths([pdf, bad], store, workers=1)
    titles = [a.title for a in store.iter_articles()]
    fates = {Path(o.path).name: o for o in report.files}
    assert fates["issue.pdf"].status == "ingested"
    assert fates["broken.pdf"].status == "failed" and "not a readable PDF" in fates["broken.pdf"].reason
    assert titles.count(FIRST.title) >= 1 and titles.count(SECOND.title) >= 1


def test_alto_from_another_ocr_tool_is_read_from_its_boxes():
    body = ["　　本报讯正文第一行内容", "正文第二行的内容", "正文第三行的内容", "正文第四行完。"]
    lines = [(280, 60, 200, 44, "大字标题")] + [(40 + 44 * (k == 0), 130 + 30 * k, 22 * len(t.strip()), 22, t.strip())
                                               for k, t in enumerate(body)]
    alto = ('<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace>'
            + "".join(f'<TextLine HPOS="{x}" VPOS="{y}" WIDTH="{w}" HEIGHT="{h}"><String CONTENT="{t}"/></TextLine>'
                      for x, y, w, h, t in lines)
            + '</PrintSpace></Page></Layout></alto>')
    ((laid, picture),) = scans.alto_pages(alto.encode("utf-8"))
    assert picture is None                                # ALTO brings no image
    articles = segment.split_page(Page(source="a.xml", text=laid.text, format="scan"))
    assert [a.title for a in articles] == ["大字标题"] and articles[0].body.endswith("正文第四行完。")
    with pytest.raises(scans.ScanError, match="not ALTO"):
        scans.alto_pages(b"<rss><channel/></rss>")


def test_an_alto_line_read_across_a_gutter_is_cut_back_into_its_columns():
    """tesseract's ALTO joins two columns' lines into one TextLine, a rule read as `|` between them."""
    def line(y: int, words: list[tuple[int, str]]) -> str:
        strings = "".join(f'<String HPOS="{x}" VPOS="{y}" WIDTH="{20 * len(t)}" HEIGHT="20" CONTENT="{t}"/>'
                          for x, t in words)
        return f'<TextLine HPOS="0" VPOS="{y}" WIDTH="500" HEIGHT="20">{strings}</TextLine>'
    rows = [line(30 * k, [(0, "左栏文字"), (80, "接着"), (128, "|"), (152, "右栏"), (192, "文字")]) for k in range(3)]
    rows.append(line(90, [(0, "左栏的字"), (80, "靠得近"), (245, "右栏远处")]))
    rows.append(line(120, [(0, "博客|素心")]))
    root = ET.fromstring('<alto><Layout><Page><PrintSpace>' + "".join(rows) + '</PrintSpace></Page></Layout></alto>')
    boxes = scans._alto_lines(root)
    assert [b.text for b in boxes[:2]] == ["左栏文字接着", "右栏文字"]      # cut at the rule, which goes
    assert (boxes[1].x0, boxes[1].x1) == (152, 232)
    assert [b.text for b in boxes[-3:-1]] == ["左栏的字靠得近", "右栏远处"]  # cut at white a gutter wide
    assert boxes[-1].text == "博客|素心"                                 # a bar inside a word is text


def test_a_traditional_page_read_with_simplified_forms_is_put_back_in_its_script():
    """RapidOCR's models mix the scripts: on a page printed in traditional characters the simplified
    forms it reads (滚 for 滾) are misreadings; a simplified page is left as it is."""
    traditional = ["盛世張揚路上風塵滚滚久違了的倩影，", "管他天高地厚，供奉幾朵幽香，祝願我城安好。",
                   "韶光日遠，依然抖擻精神，無愧於自力更生。", "讓我採擷芳華，記取一脈餘韻，拜謝前輩耕耘。"]
    simplified = ["中共中央政治局常委、中央书记处书记", "王沪宁看望文化教育界知名人士和科技专家。"]
    for lines, expect in ((traditional, "風塵滾滾"), (simplified, "中央书记处书记")):
        boxes = [Box(t, 40, 30 * k, 40 + 20 * len(t), 30 * k + 22) for k, t in enumerate(lines)]
        assert expect in scans._laid_out(boxes).text


def test_a_headline_set_with_a_word_space_stays_one_headline():
    """A full space between a headline's words is wider than a body gutter; it parts no stories."""
    head = ('<TextLine HPOS="100" VPOS="10" WIDTH="700" HEIGHT="44"><String HPOS="100" VPOS="10" WIDTH="176" '
            'HEIGHT="44" CONTENT="开放共享"/><String HPOS="320" VPOS="10" WIDTH="440" HEIGHT="44" CONTENT="让大型科研仪器忙起来"/>'
            '</TextLine>')
    body = "".join(f'<TextLine HPOS="40" VPOS="{80 + 30 * k}" WIDTH="880" HEIGHT="22"><String HPOS="40" VPOS="{80 + 30 * k}" '
                   f'WIDTH="880" HEIGHT="22" CONTENT="这是正文的第{k}行内容写得很长很长的一行文字一直写到右边为止。"/></TextLine>'
                   for k in range(6))
    ((laid, _),) = scans.alto_pages(f"<alto><Layout><Page>{head}{body}</Page></Layout></alto>".encode())
    assert laid.text.startswith("# 开放共享让大型科研仪器忙起来\n")


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb's shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_hostile_scans_are_refused_with_a_reason(tmp_path):
    with pytest.raises(scans.ScanError, match="decompression bomb|megapixels"):
        scans.image_pages(_png_claiming(40_000, 40_000))
    with pytest.raises(scans.ScanError, match="at most 20000 a side"):
        scans.image_pages(_png_claiming(30_000, 100))
    with pytest.raises(scans.ScanError, match="not a readable image"):
        scans.image_pages(b"\x89PNG\r\n\x1a\nnot really")
    blank = tmp_path / "blank.png"
    blank.write_bytes(_png(Image.new("L", (800, 1000), 255)))
    with pytest.raises(SourceError, match="blank page"):
        read_source(blank)


def test_a_blank_frame_among_pages_is_left_out_with_a_warning_and_other_xml_is_skipped(tmp_path):
    frames = [_page([FIRST], seed=3).convert("L"), Image.new("L", (900, 1200), 255)]
    tiff = tmp_path / "issue.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    reading = read_source(tiff)
    assert len(reading.pages) == 1 and reading.warnings == ["page 2: blank, no text found"]
    sixteen = tmp_path / "deep.tif"
    frames[0].convert("I").point(lambda v: v * 256).convert("I;16").save(sixteen)      # a 16-bit master
    assert FIRST.title in read_source(sixteen).pages[0].text
    mets = tmp_path / "mets.xml"
    mets.write_text('<mets xmlns="http://www.loc.gov/METS/"><fileSec/></mets>', "utf-8")
    with pytest.raises(NotAnArticle, match="not ALTO"):
        read_source(mets)
