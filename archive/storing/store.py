"""The article store: SQLite, the system of record beside the index.

The index can always be rebuilt from here, so everything a user may cite lives
here first.  Each source file is remembered by the SHA-1 of its bytes: the same
file under another name is ingested once, an unchanged file is skipped, and a
changed file replaces its old articles (their ids become tombstones the index
deletes).  An `indexed` flag per article makes indexing resumable after a crash:
whatever was stored but not yet committed to the index is indexed again.
Librarians' corrections live in their own table, with who, when, why and the value
they replaced, and are laid over the machine's reading whenever an article is stored.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from archive.model import Article, Contents
from archive.reading import cohesion
from archive.storing import corrections, neardup
from archive.storing.sqlite import ThreadConnections

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    sha TEXT PRIMARY KEY, path TEXT NOT NULL, articles INTEGER NOT NULL,
    encoding TEXT, ingested_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_path ON sources(path);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, source_sha TEXT NOT NULL, source TEXT NOT NULL, position INTEGER NOT NULL,
    data TEXT NOT NULL, indexed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS articles_pending ON articles(indexed) WHERE indexed = 0;
CREATE INDEX IF NOT EXISTS articles_source ON articles(source_sha);
CREATE INDEX IF NOT EXISTS articles_scan ON articles(json_extract(data, '$.scan.image'))
    WHERE json_extract(data, '$.scan.image') IS NOT NULL;
CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS corrections (
    rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
    previous TEXT NOT NULL, note TEXT NOT NULL, librarian TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id);
CREATE TABLE IF NOT EXISTS contents (
    sha TEXT PRIMARY KEY, paper TEXT, date TEXT, page_no TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS contents_issue ON contents(paper, date);
"""


class ArticleStore:
    """Articles and their sources in one SQLite file (WAL: readers never block the writer)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db = ThreadConnections(self.path, _SCHEMA + neardup.SCHEMA)
        self._conn = self._db.get
        self.close = self._db.close

    # -- page images ---------------------------------------------------------
    def _image_file(self, image_id: str) -> Path:
        """Where a scanned page's image is kept: beside the database, named by its SHA-1."""
        return self.path.parent / "scans" / f"{image_id}.jpg"

    def image_path(self, image_id: str) -> Path | None:
        """The kept image of that name, None if there is none (or the name is not a SHA-1)."""
        if not re.fullmatch(r"[0-9a-f]{40}", image_id):
            return None
        path = self._image_file(image_id)
        return path if path.is_file() else None

    def on_image(self, image_id: str) -> list[Article]:
        """The articles placed on one scanned page image, in page order."""
        rows = self._conn().execute(
            "SELECT data FROM articles WHERE json_extract(data, '$.scan.image') = ? ORDER BY position",
            (image_id,)).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def put_image(self, image_id: str, data: bytes) -> None:
        """Keep a page image once (content-addressed: the same scan ingested twice is one file)."""
        target = self._image_file(image_id)
        if target.exists():
            return
        target.parent.mkdir(exist_ok=True)
        part = target.with_suffix(".part")
        part.write_bytes(data)
        part.replace(target)

    # -- sources -----------------------------------------------------------
    def source_path(self, sha: str) -> str | None:
        """The path under which these exact bytes were first ingested, if ever."""
        row = self._conn().execute("SELECT path FROM sources WHERE sha = ?", (sha,)).fetchone()
        return row[0] if row else None

    def put_source(self, sha: str, path: str, articles: list[Article], encoding: str = "",
                   count: int | None = None) -> int:
        """Store one source's articles atomically and retire an earlier version of the same path.

        Articles of a large source may have been stored already in chunks (`put_articles`);
        then `articles` is empty and `count` says how many there were.  Returns how many
        articles are new or changed (and so need indexing).
        """
        conn = self._conn()
        with conn:
            neardup.assign_groups(conn, articles)
            changed = self._upsert(conn, sha, articles)
            self._retire_older(conn, path, sha)
            conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                         (sha, path, len(articles) if count is None else count, encoding, _now()))
        return changed

    def put_contents(self, sha: str, path: str, contents: Contents) -> None:
        """Keep a layout page's table of contents, replacing an earlier version of the same file."""
        conn = self._conn()
        with conn:
            self._retire_older(conn, path, sha)
            conn.execute("INSERT OR REPLACE INTO contents VALUES (?, ?, ?, ?, ?)",
                         (sha, contents.paper, contents.date, contents.page_no,
                          json.dumps(asdict(contents), ensure_ascii=False)))
            conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, 0, '', ?)", (sha, path, _now()))

    def _retire_older(self, conn: sqlite3.Connection, path: str, sha: str) -> None:
        """Retire what an earlier version of the same file left: its articles (what the new version
        re-stored was re-pointed to it by _upsert; the rest is stale) and its table of contents."""
        for (old_sha,) in conn.execute("SELECT sha FROM sources WHERE path = ? AND sha != ?", (path, sha)).fetchall():
            stale = [(r[0],) for r in conn.execute("SELECT id FROM articles WHERE source_sha = ?", (old_sha,))]
            self._carry_corrections(conn, [i for (i,) in stale], sha)
            conn.executemany("INSERT OR IGNORE INTO tombstones(id) VALUES (?)", stale)
            conn.execute("DELETE FROM articles WHERE source_sha = ?", (old_sha,))
            conn.execute("DELETE FROM contents WHERE sha = ?", (old_sha,))
            conn.execute("DELETE FROM sources WHERE sha = ?", (old_sha,))

    def contents_of(self, paper: str, date: str) -> list[Contents]:
        """The tables of contents kept for one issue of a paper, in page order."""
        rows = self._conn().execute("SELECT data FROM contents WHERE paper = ? AND date = ? "
                                    "ORDER BY page_no IS NULL, page_no", (paper, date)).fetchall()
        return [Contents(**json.loads(r[0])) for r in rows]

    def put_articles(self, sha: str, articles: list[Article]) -> int:
        """One chunk of a large source, in its own transaction; the source row comes last."""
        conn = self._conn()
        with conn:
            neardup.assign_groups(conn, articles)
            return self._upsert(conn, sha, articles)

    def _upsert(self, conn: sqlite3.Connection, sha: str, articles: Iterable[Article]) -> int:
        changed = 0
        corrected = conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is not None
        for art in articles:
            if corrected:
                self._apply_corrections(conn, art)
            data = json.dumps(art.to_dict(), ensure_ascii=False, sort_keys=True)
            row = conn.execute("SELECT data FROM articles WHERE id = ?", (art.id,)).fetchone()
            if row and row[0] == data:
                conn.execute("UPDATE articles SET source_sha = ? WHERE id = ?", (sha, art.id))
                continue
            conn.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, 0)",
                         (art.id, sha, art.source, art.position, data))
            conn.execute("DELETE FROM tombstones WHERE id = ?", (art.id,))
            changed += 1
        return changed

    # -- corrections -------------------------------------------------------------
    def correct(self, article_id: str, field: str, raw: str, *, note: str = "", librarian: str) -> Article:
        """Check and apply one librarian's correction; the article is indexed again at the next sync."""
        conn = self._conn()
        with conn:
            row = conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise corrections.CorrectionError("没有这篇文章")
            art = Article.from_dict(json.loads(row[0]))
            value = corrections.parse(field, raw)
            previous = json.dumps(getattr(art, field) if field != "topics" else art.topic_labels, ensure_ascii=False)
            corrections.apply(art, field, value)
            conn.execute("INSERT INTO corrections(article_id, field, value, previous, note, librarian, at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (article_id, field, json.dumps(value, ensure_ascii=False),
                                                          previous, note.strip()[:2000], librarian, _now()))
            conn.execute("UPDATE articles SET data = ?, indexed = 0 WHERE id = ?",
                         (json.dumps(art.to_dict(), ensure_ascii=False, sort_keys=True), article_id))
        return art

    def corrections(self, article_id: str) -> list[dict[str, object]]:
        """An article's corrections, oldest first: field, value, the value it replaced, note, who, when."""
        rows = self._conn().execute(
            "SELECT field, value, previous, note, librarian, at FROM corrections WHERE article_id = ? ORDER BY rowid",
            (article_id,)).fetchall()
        return [{"field": f, "value": json.loads(v), "previous": json.loads(p), "note": n, "librarian": who, "at": at}
                for f, v, p, n, who, at in rows]

    def _carry_corrections(self, conn: sqlite3.Connection, stale: list[str], sha: str) -> None:
        """Corrections of articles a changed page no longer yields go to the article that replaced each.

        A new version of a page may move a boundary, and the article's id changes with its
        opening; the librarian's work must not vanish with the old id.  The successor is the
        new article sharing most of the old one's character pairs (at least 60 %); without
        one, the corrections stay in the table, tied to the retired id.
        """
        corrected = [i for i in stale if conn.execute(
            "SELECT 1 FROM corrections WHERE article_id = ? LIMIT 1", (i,)).fetchone()]
        if not corrected:
            return
        fresh = [Article.from_dict(json.loads(d)) for (d,) in conn.execute(
            "SELECT data FROM articles WHERE source_sha = ?", (sha,))]
        for old_id in corrected:
            old = Article.from_dict(json.loads(conn.execute(
                "SELECT data FROM articles WHERE id = ?", (old_id,)).fetchone()[0]))
            share, heir = max(((cohesion.pair_share(old.body, a.body), a) for a in fresh), key=lambda x: x[0], default=(0, None))
            if heir is None or share < 0.6:
                continue
            conn.execute("UPDATE corrections SET article_id = ? WHERE article_id = ?", (heir.id, old_id))
            self._apply_corrections(conn, heir)
            conn.execute("UPDATE articles SET data = ?, indexed = 0 WHERE id = ?",
                         (json.dumps(heir.to_dict(), ensure_ascii=False, sort_keys=True), heir.id))

    def recent_corrections(self, limit: int = 100) -> list[dict[str, object]]:
        """The archive's latest corrections, newest first, each with its article's id and title."""
        rows = self._conn().execute(
            "SELECT c.article_id, json_extract(a.data, '$.title'), c.field, c.value, c.previous, c.note, "
            "c.librarian, c.at FROM corrections c LEFT JOIN articles a ON a.id = c.article_id "
            "ORDER BY c.rowid DESC LIMIT ?", (int(limit),)).fetchall()
        return [{"article_id": aid, "title": title, "field": f, "value": json.loads(v), "previous": json.loads(p),
                 "note": n, "librarian": who, "at": at} for aid, title, f, v, p, n, who, at in rows]

    @staticmethod
    def _apply_corrections(conn: sqlite3.Connection, art: Article) -> None:
        """Lay the latest correction of each field over a freshly read article."""
        for field, value in conn.execute(
                "SELECT field, value FROM corrections WHERE article_id = ? ORDER BY rowid", (art.id,)):
            corrections.apply(art, field, json.loads(value))

    # -- indexing bookkeeping ---------------------------------------------------
    def pending(self, limit: int | None = None) -> list[Article]:
        """Articles stored but not yet committed to the index."""
        sql = "SELECT data FROM articles WHERE indexed = 0 ORDER BY rowid"
        rows = self._conn().execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def pending_count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM articles WHERE indexed = 0").fetchone()[0]

    def tombstones(self) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT id FROM tombstones")]

    def mark_indexed(self, ids: Iterable[str], deleted: Iterable[str] = ()) -> None:
        conn = self._conn()
        with conn:
            conn.executemany("UPDATE articles SET indexed = 1 WHERE id = ?", [(i,) for i in ids])
            conn.executemany("DELETE FROM tombstones WHERE id = ?", [(i,) for i in deleted])

    def mark_all_unindexed(self) -> None:
        """For a rebuild of the index from the store."""
        with self._conn() as conn:
            conn.execute("UPDATE articles SET indexed = 0")

    # -- reading -------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        row = self._conn().execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        """Every article in source order, read in batches so a million rows never sit in memory."""
        last = -1
        while True:
            rows = self._conn().execute(
                "SELECT rowid, data FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            for rowid, data in rows:
                last = rowid
                yield Article.from_dict(json.loads(data))

    def versions(self, article: Article) -> list[Article]:
        """Other versions of the same story (near-duplicates), oldest first."""
        group = article.version_group or article.id
        rows = self._conn().execute(
            "SELECT data FROM articles WHERE json_extract(data, '$.version_group') = ? AND id != ? ORDER BY rowid",
            (group, article.id)).fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    def count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def stats(self) -> dict[str, object]:
        conn = self._conn()
        sources = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        kinds = dict(conn.execute(
            "SELECT json_extract(data, '$.kind'), COUNT(*) FROM articles GROUP BY 1").fetchall())
        papers = dict(conn.execute(
            "SELECT json_extract(data, '$.paper'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall())
        span = conn.execute("SELECT MIN(json_extract(data, '$.date')), MAX(json_extract(data, '$.date')) "
                            "FROM articles WHERE json_extract(data, '$.date') IS NOT NULL").fetchone()
        return {"articles": self.count(), "sources": sources, "kinds": kinds,
                "papers": {k or "（未知）": v for k, v in papers.items()},
                "date_from": span[0], "date_to": span[1], "pending_index": self.pending_count()}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
