"""The article store: idempotent re-ingest, replacement of changed sources, resumable indexing marks."""
from archive.model import Article
from archive.storing.store import ArticleStore


def _articles(source: str, bodies: list[str]) -> list[Article]:
    return [Article(source=source, position=i, title=f"标题{i}", body=b) for i, b in enumerate(bodies)]


def test_same_source_twice_changes_nothing(tmp_path):
    store = ArticleStore(tmp_path / "a.sqlite")
    arts = _articles("p/page1.txt", ["第一篇正文。", "第二篇正文。"])
    assert store.put_source("sha1", "p/page1.txt", arts) == 2
    store.mark_indexed([a.id for a in arts])
    again = _articles("p/page1.txt", ["第一篇正文。", "第二篇正文。"])
    assert [a.id for a in again] == [a.id for a in arts]      # stable ids
    assert store.put_source("sha1", "p/page1.txt", again) == 0
    assert store.count() == 2 and store.pending_count() == 0


def test_changed_source_replaces_old_articles_and_leaves_tombstones(tmp_path):
    store = ArticleStore(tmp_path / "a.sqlite")
    old = _articles("page.txt", ["旧的第一篇。", "旧的第二篇。"])
    store.put_source("old", "page.txt", old)
    new = _articles("page.txt", ["旧的第一篇。", "新的第二篇。"])
    store.put_source("new", "page.txt", new)
    assert store.count() == 2
    assert store.tombstones() == [old[1].id]
    assert store.source_path("old") is None and store.source_path("new") == "page.txt"
    assert store.get(new[1].id).body == "新的第二篇。"


def test_pending_until_marked(tmp_path):
    store = ArticleStore(tmp_path / "a.sqlite")
    arts = _articles("x.txt", ["甲。", "乙。", "丙。"])
    store.put_source("s", "x.txt", arts)
    assert [a.id for a in store.pending(limit=2)] == [a.id for a in arts[:2]]
    store.mark_indexed([arts[0].id])
    assert store.pending_count() == 2
    store.mark_all_unindexed()
    assert store.pending_count() == 3


def test_round_trip_keeps_every_field(tmp_path):
    from archive.model import Topic
    store = ArticleStore(tmp_path / "a.sqlite")
    art = Article(source="s.txt", position=0, kind="photo", title="题", authors=["张龙"], body="正文",
                  region=["青海省", "玉树藏族自治州"], topics=[Topic("06000000", "环境", 0.8, ["生态保护"])],
                  entities={"place": ["可可西里"]}, date="2023-07", date_precision="month", date_source="manifest")
    store.put_source("s", "s.txt", [art])
    assert store.get(art.id) == art
    assert list(store.iter_articles(batch=1)) == [art]
    assert store.stats()["articles"] == 1
