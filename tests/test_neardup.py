"""Near-duplicates: a story run twice with small edits is found; two stories on one subject are not."""
from archive.model import Article
from archive.storing.neardup import signature, similarity
from archive.storing.store import ArticleStore

STORY = ("本报讯（记者 王菲菲）11月25日，记者从省政府新闻办举行的新闻发布会获悉，今年以来，全省医保系统推进实施"
         "一系列重要改革实践，巩固衔接、参保扩面、异地就医、刷脸结算、医保码覆盖、民族医药使用等重点工作成效突出。"
         "在居民医保率先实现省级统筹的基础上，稳步推进职工医保省级统筹，稳妥有序建立长期护理保险制度。"
         "认真实施全民参保计划，参保率持续稳定在95%以上。")
EDITED = (STORY.replace("本报讯（记者 王菲菲）", "新华社西宁11月25日电 ").replace("稳妥有序", "有序")
          .replace("95%以上", "95%以上，位居全国前列") + "记者 王菲菲")
SAME_SUBJECT = ("本报讯 今年以来，某州医疗保障局聚焦群众就医难题，持续深化医保支付方式改革，推动异地就医直接结算扩面提质。"
                "全州定点医疗机构全部接入国家医保信息平台，参保群众可以通过医保码完成挂号、缴费和结算，"
                "医保基金监管持续加强，全年追回违规资金数百万元，群众就医获得感明显增强。")


def test_signature_similarity_separates_versions_from_neighbours():
    a, b, c = signature(STORY), signature(EDITED), signature(SAME_SUBJECT)
    assert similarity(a, b) >= 0.6
    assert similarity(a, c) < 0.2
    assert signature("太短") is None


def test_store_groups_versions_at_ingest(tmp_path):
    store = ArticleStore(tmp_path / "a.sqlite")
    first = Article(source="p1.txt", position=0, title="青海医保", body=STORY)
    store.put_source("s1", "p1.txt", [first])
    second = Article(source="p2.txt", position=3, title="青海医保改革", body=EDITED)
    other = Article(source="p2.txt", position=4, title="某州医保", body=SAME_SUBJECT)
    store.put_source("s2", "p2.txt", [second, other])
    assert store.get(second.id).version_group == first.id
    assert store.get(other.id).version_group == other.id
    assert [a.id for a in store.versions(store.get(first.id))] == [second.id]
    assert store.versions(store.get(other.id)) == []
