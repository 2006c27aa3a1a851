"""Librarians' collections and accounts, in their own SQLite file beside the store.

Collections are people's work, not derived data: they live apart from
`articles.sqlite` (which can be rebuilt from sources) and refer to articles by
their stable ids, so a re-ingest never breaks them.  Passwords are stored only
as salted scrypt hashes.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from archive.storing.sqlite import ThreadConnections

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, pw_hash TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS logouts (name TEXT PRIMARY KEY, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL REFERENCES users(name), published INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    slug TEXT NOT NULL REFERENCES collections(slug) ON DELETE CASCADE, article_id TEXT NOT NULL,
    position INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL,
    PRIMARY KEY (slug, article_id));
"""
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_NOTE = 5000
MAX_TITLE = 200


class CollectionError(ValueError):
    """A request the collections cannot honour; the message is for the user."""


@dataclass
class Item:
    article_id: str
    position: int
    note: str


@dataclass
class Collection:
    slug: str
    title: str
    description: str
    owner: str
    published: bool
    created_at: str
    updated_at: str
    items: list[Item] = field(default_factory=list)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


class Collections:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(self.path, 0o600)      # password hashes: readable by the archive's user only
        self._db = ThreadConnections(self.path, _SCHEMA)
        self._conn = self._db.get

    # -- accounts ------------------------------------------------------------
    def add_user(self, name: str, password: str) -> None:
        if not name.strip() or len(password) < 8:
            raise CollectionError("用户名不能为空，密码至少 8 个字符")
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?)", (name, hash_password(password), _now()))

    def authenticate(self, name: str, password: str) -> bool:
        row = self._conn().execute("SELECT pw_hash FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            hash_password(password)  # same work either way: no timing hint that a name exists
            return False
        return check_password(password, row[0])

    def session_token(self, name: str) -> str | None:
        """What a session of this librarian must carry to be valid: it changes with the password
        (`user add` again) and with every logout, so an older session cookie stops working."""
        row = self._conn().execute(
            "SELECT pw_hash, COALESCE((SELECT generation FROM logouts WHERE logouts.name = users.name), 0) "
            "FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None else hashlib.sha256(f"{row[0]}\x1f{row[1]}".encode()).hexdigest()[:32]

    def end_sessions(self, name: str) -> None:
        """Log this librarian out everywhere."""
        with self._conn() as conn:
            conn.execute("INSERT INTO logouts VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET "
                         "generation = generation + 1", (name,))

    def users(self) -> list[str]:
        return [r[0] for r in self._conn().execute("SELECT name FROM users ORDER BY name")]

    # -- collections ------------------------------------------------------------
    def create(self, owner: str, title: str, description: str = "") -> Collection:
        title = _bounded(title, MAX_TITLE, "标题")
        slug = secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")
        with self._conn() as conn:
            conn.execute("INSERT INTO collections VALUES (?, ?, ?, ?, 0, ?, ?)",
                         (slug, title, _bounded(description, MAX_NOTE, "说明", empty=True), owner, _now(), _now()))
        return self.get(slug)

    def get(self, slug: str) -> Collection | None:
        row = self._conn().execute("SELECT * FROM collections WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            return None
        items = [Item(*r) for r in self._conn().execute(
            "SELECT article_id, position, note FROM items WHERE slug = ? ORDER BY position", (slug,))]
        return Collection(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], items)

    def list(self, *, owner: str | None = None, published_only: bool = False) -> list[Collection]:
        sql, args = "SELECT slug FROM collections WHERE 1=1", []
        if owner:
            sql, args = sql + " AND owner = ?", [owner]
        if published_only:
            sql += " AND published = 1"
        rows = self._conn().execute(sql + " ORDER BY updated_at DESC", args).fetchall()
        return [self.get(r[0]) for r in rows]

    def update(self, slug: str, *, title: str | None = None, description: str | None = None,
               published: bool | None = None) -> None:
        self._require(slug)
        with self._conn() as conn:
            if title is not None:
                conn.execute("UPDATE collections SET title = ? WHERE slug = ?", (_bounded(title, MAX_TITLE, "标题"), slug))
            if description is not None:
                conn.execute("UPDATE collections SET description = ? WHERE slug = ?",
                             (_bounded(description, MAX_NOTE, "说明", empty=True), slug))
            if published is not None:
                conn.execute("UPDATE collections SET published = ? WHERE slug = ?", (int(published), slug))
            self._touch(conn, slug)

    def delete(self, slug: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM collections WHERE slug = ?", (slug,))

    # -- items ----------------------------------------------------------------------
    def add_item(self, slug: str, article_id: str, note: str = "") -> None:
        self._require(slug)
        with self._conn() as conn:
            end = conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM items WHERE slug = ?", (slug,)).fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?, ?)",
                         (slug, article_id, end, _bounded(note, MAX_NOTE, "备注", empty=True), _now()))
            self._touch(conn, slug)

    def set_note(self, slug: str, article_id: str, note: str) -> None:
        with self._conn() as conn:
            conn.execute("UPDATE items SET note = ? WHERE slug = ? AND article_id = ?",
                         (_bounded(note, MAX_NOTE, "备注", empty=True), slug, article_id))
            self._touch(conn, slug)

    def remove_item(self, slug: str, article_id: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM items WHERE slug = ? AND article_id = ?", (slug, article_id))
            self._touch(conn, slug)

    def move(self, slug: str, article_id: str, new_index: int) -> None:
        """Put one item at `new_index` (0-based) and renumber the rest in order."""
        order = [i.article_id for i in self._require(slug).items]
        if article_id not in order:
            raise CollectionError("该文章不在此专题中")
        order.remove(article_id)
        order.insert(max(0, min(new_index, len(order))), article_id)
        with self._conn() as conn:
            conn.executemany("UPDATE items SET position = ? WHERE slug = ? AND article_id = ?",
                             [(pos, slug, aid) for pos, aid in enumerate(order)])
            self._touch(conn, slug)

    def _require(self, slug: str) -> Collection:
        found = self.get(slug)
        if found is None:
            raise CollectionError("没有这个专题")
        return found

    @staticmethod
    def _touch(conn: sqlite3.Connection, slug: str) -> None:
        conn.execute("UPDATE collections SET updated_at = ? WHERE slug = ?", (_now(), slug))


def _bounded(value: str, limit: int, what: str, empty: bool = False) -> str:
    value = (value or "").strip()
    if not value and not empty:
        raise CollectionError(f"{what}不能为空")
    if len(value) > limit:
        raise CollectionError(f"{what}过长（最多 {limit} 字）")
    return value


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
