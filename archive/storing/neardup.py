"""Near-duplicates: the same story run by several papers or pages, found at ingest.

Bodies are reduced to character 5-shingles (punctuation and spaces dropped, so
OCR spacing and small edits barely matter), summarised by a 64-value MinHash
signature, and bucketed by locality-sensitive hashing (16 bands of 4 rows) in
the store's SQLite file.  A new article joins the version group of the most
similar earlier article whose estimated Jaccard similarity passes `THRESHOLD`;
two different stories on one subject share words but few 5-character runs, so
they stay apart.
"""
from __future__ import annotations

import re
import sqlite3
import zlib

import numpy as np

from archive.model import Article

SHINGLE = 5
PERMS = 64
BANDS = 16
ROWS = PERMS // BANDS
THRESHOLD = 0.6
_PRIME = np.uint64((1 << 31) - 1)                # a*x + b stays below 2**63: no overflow in uint64
_rng = np.random.default_rng(20231205)           # fixed: signatures must be stable across runs
_A = _rng.integers(1, (1 << 31) - 1, PERMS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, PERMS, dtype=np.uint64)
_DROP = re.compile(r"[\W_]+", re.UNICODE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS minhash (id TEXT PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lsh (key INTEGER NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lsh_key ON lsh(key);
CREATE INDEX IF NOT EXISTS lsh_id ON lsh(id);
"""


def signature(text: str) -> np.ndarray | None:
    """MinHash of the text's 5-shingles; None when the text is too short to compare."""
    chars = _DROP.sub("", text)
    if len(chars) < SHINGLE * 4:
        return None
    shingles = {chars[i:i + SHINGLE] for i in range(len(chars) - SHINGLE + 1)}
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64, count=len(shingles))
    hashes %= _PRIME
    return ((hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0)


_CACHED = "_minhash"   # set on an Article by precompute(); pickled with it, never stored or exported


def precompute(articles: list[Article]) -> None:
    """Compute signatures where the articles are made (ingest workers), not in the one storing process."""
    for art in articles:
        setattr(art, _CACHED, signature(art.body))


def _signature_of(art: Article) -> np.ndarray | None:
    return getattr(art, _CACHED) if hasattr(art, _CACHED) else signature(art.body)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))


def _band_keys(sig: np.ndarray) -> list[int]:
    return [zlib.crc32(sig[i * ROWS:(i + 1) * ROWS].tobytes()) ^ (i << 24) for i in range(BANDS)]


def assign_groups(conn: sqlite3.Connection, articles: list[Article]) -> None:
    """Set `version_group` on each article (its own id, or an earlier near-duplicate's group)."""
    for art in articles:
        sig = _signature_of(art)
        art.version_group = art.id
        if sig is None:
            continue
        best, best_sim = None, THRESHOLD
        keys = _band_keys(sig)
        marks = ",".join("?" * len(keys))
        rows = conn.execute(f"SELECT id, sig FROM minhash WHERE id IN (SELECT id FROM lsh WHERE key IN ({marks}))"
                            " AND id != ? ORDER BY id", [*keys, art.id])
        for cid, blob in rows:
            sim = similarity(sig, np.frombuffer(blob, dtype=np.uint64))
            if sim >= best_sim:
                best, best_sim = cid, sim
        if best is not None:
            group = conn.execute("SELECT json_extract(data, '$.version_group') FROM articles WHERE id = ?",
                                 (best,)).fetchone()
            art.version_group = (group and group[0]) or best
        conn.execute("INSERT OR REPLACE INTO minhash VALUES (?, ?)", (art.id, sig.tobytes()))
        conn.execute("DELETE FROM lsh WHERE id = ?", (art.id,))
        conn.executemany("INSERT INTO lsh VALUES (?, ?)", [(k, art.id) for k in keys])
