"""Topics: the IPTC top level with Chinese labels, any accepted form normalised, ranked with scores."""

from conftest import SEEDS

from archive.describing.topics import classify, normalize_topic, taxonomy
from archive.model import Page
from archive.reading.segment import split_page


def test_taxonomy_and_aliases(gold):
    assert len(taxonomy()) == 17 and taxonomy()["07000000"] == "健康"
    assert taxonomy() == gold["topic_labels"]
    for alias, code in gold["topic_aliases"].items():
        assert normalize_topic(alias) == code
    assert normalize_topic("Health") == "07000000" and normalize_topic("没有这个主题") is None


def test_ranked_with_scores_and_subtopics():
    topics = classify("医保改革惠及参保群众", "异地就医直接结算，医疗保障局推进医保支付方式改革，参保群众报销更方便。")
    assert topics[0].label == "健康" and 0 < topics[0].score <= 1
    assert [t.score for t in topics] == sorted((t.score for t in topics), reverse=True)
    assert "医疗保障" in topics[0].subtopics
    assert classify(None, "今天。") == []


def test_first_topic_on_the_seeds_meets_the_bar(gold):
    def squash(s: str | None) -> str:
        return "".join((s or "").split())
    right = total = 0
    for page in gold["pages"]:
        path = SEEDS / page["seed"]
        articles = split_page(Page(source=str(path), text=path.read_text("utf-8"), format="text"))
        for item in page["articles"]:
            art = next(a for a in articles if squash(a.body).startswith(squash(item["starts_with"])))
            topics = classify(art.title, art.body)
            total += 1
            right += bool(topics) and topics[0].code in {normalize_topic(t) for t in item["topics"]}
    assert right / total >= 0.85


def test_traditional_script_gets_the_topics_of_simplified():
    from archive.describing.describe import describe
    from archive.model import Article, Page
    simplified = "医院开通远程问诊，患者在家就能找医生复诊，医保报销同步办理。"
    traditional = "醫院開通遠程問診，患者在家就能找醫生復診，醫保報銷同步辦理。"
    page = Page(source="t.txt", text="", format="text")
    got = [describe(Article(source="t.txt", position=0, body=body), page, []).topics[0].label
           for body in (simplified, traditional)]
    assert got[0] == got[1] == "健康"
