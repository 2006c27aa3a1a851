"""List exports: the CSV opens with the right Chinese text, JSON Lines and RIS parse."""
import csv
import io
import json

import rispy

from archive.curating.exports import to_csv, to_jsonl, to_ris
from archive.model import Article, Topic

ARTS = [Article(source="a.txt", position=0, title="住新房啦！", authors=["互宣"], body="正文，含逗号,与\"引号\"\n换行",
                region=["青海省", "海东市", "互助土族自治县"], topics=[Topic("14000000", "社会", 0.7)]),
        Article(source="a.txt", position=1, title="海西多举措减轻困难群众医疗负担", body="正文二")]


def test_csv_is_excel_ready_utf8_with_bom():
    data = to_csv(ARTS, url_for=lambda a: f"http://127.0.0.1/articles/{a.id}", notes={ARTS[0].id: "备注"})
    raw = data.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["title"] == "住新房啦！" and rows[0]["region"] == "青海省 > 海东市 > 互助土族自治县"
    assert rows[0]["topics"] == "社会" and rows[0]["note"] == "备注"
    assert rows[1]["url"].endswith(ARTS[1].id)


def test_jsonl_and_ris_parse():
    records = [json.loads(line) for line in to_jsonl(ARTS).splitlines()]
    assert [r["title"] for r in records] == ["住新房啦！", "海西多举措减轻困难群众医疗负担"]
    assert records[0]["topics"] == ["社会"]
    entries = rispy.loads(to_ris(ARTS))
    assert [e["title"] for e in entries] == ["住新房啦！", "海西多举措减轻困难群众医疗负担"]
