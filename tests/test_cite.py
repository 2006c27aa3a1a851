"""Citations: GB/T 7714 for newspapers, RIS/BibTeX that real parsers read back, EndNote and NoteExpress records."""
import bibtexparser
import rispy

from archive.curating.cite import bibtex, gbt7714, ris, tagged
from archive.model import Article, Topic

ART = Article(source="2023-12-05_海东时报_03.txt", position=1, title="让参保群众异地就医更便捷",
              authors=["巴迎桂"], body="近日，记者从海东市医疗保障局获悉……", paper="海东时报", page_no="03",
              date="2023-12-05", topics=[Topic("07000000", "健康", 0.9)])


def test_gbt7714_newspaper_form():
    assert gbt7714(ART) == "巴迎桂. 让参保群众异地就医更便捷[N]. 海东时报, 2023-12-05(03)."


def test_gbt7714_many_authors_and_unknowns():
    many = Article(source="x.txt", position=0, title="题名", authors=["甲一", "乙二", "丙三", "丁四"], body="文")
    assert gbt7714(many) == "甲一, 乙二, 丙三, 等. 题名[N]. （报纸不详）."


def test_ris_parses_back():
    (record,) = rispy.loads(ris(ART, url="http://127.0.0.1:8000/articles/" + ART.id))
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == ART.title and record["authors"] == ["巴迎桂"]
    assert record["secondary_title"] == "海东时报" and record["year"] == "2023"
    assert record["urls"][0].endswith(ART.id) and record["keywords"] == ["健康"]


def test_bibtex_parses_back_even_with_special_characters():
    odd = Article(source="y.txt", position=0, title="50%的{社区}_治理 & 服务", authors=["甲一", "乙二"],
                  body="文", paper="某报", date="2024-01")
    library = bibtexparser.parse_string(bibtex(ART) + "\n" + bibtex(odd))
    assert not library.failed_blocks
    first, second = library.entries
    assert first["title"] == ART.title and first["author"] == "巴迎桂" and first["year"] == "2023"
    assert second["author"] == "甲一 and 乙二"
    assert "社区" in second["title"] and second["date"] == "2024-01"


def _tags(record: str, sep: str) -> list[tuple[str, str]]:
    return [tuple(line.split(sep, 1)) for line in record.strip().split("\n")]


def test_endnote_and_noteexpress_records_carry_every_fact_once_per_line():
    two = Article(source="z.txt", position=0, title="标题\n%A 伪造", authors=["甲一", "乙二"], body="文",
                  paper="某报", page_no="02", section="人民论坛", date="2024-01-05", tags=["医保"])
    enw = _tags(tagged(two, "enw", "http://x/articles/1"), " ")
    assert enw[0] == ("%0", "Newspaper Article") and ("%T", "标题 %A 伪造") in enw    # a line break cannot forge a tag
    assert [v for t, v in enw if t == "%A"] == ["甲一", "乙二"]
    assert ("%J", "某报") in enw and ("%8", "2024-01-05") in enw and ("%P", "02") in enw
    assert ("%K", "医保") in enw and ("%U", "http://x/articles/1") in enw
    netx = _tags(tagged(two, "netx"), ": ")
    assert netx[0] == ("{Reference Type}", "Newspaper Article")
    assert [v for t, v in netx if t == "{Author}"] == ["甲一", "乙二"]
    assert ("{Secondary Title}", "某报") in netx and ("{Year}", "2024") in netx and ("{Section}", "人民论坛") in netx
