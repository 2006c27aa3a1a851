"""A term's postings as numpy arrays, read block by block and kept for common terms.

Whoosh hands out postings one document at a time through Python method calls
(`id()`, `next()`, `weight()`): a term in half of 100,000 documents costs tens of
milliseconds before anything is scored.  Its on-disk format (the W3 codec) keeps
postings in blocks of up to 128 documents, each block one pickled tuple of
delta-coded ids, weights and values, so reading a block at a time and decoding
ids with `cumsum` makes the same read a few milliseconds.  Any other matcher (an
in-memory index, a future codec) is read the slow, public way: same answer.

Even so, unpickling costs about half a microsecond a posting, tens of
milliseconds for a word in half of a million documents.  Segments never change,
so the postings of common terms (`CACHE_FROM` documents or more in a segment) are
kept as arrays, in memory (bounded) and beside the index on disk (until the
segment is merged away): a term read once is a memory copy for every later query,
across restarts.  Rare terms are cheap to read and are not kept.

`tests/test_engine.py` checks every array against Whoosh's own matcher.
"""
from __future__ import annotations

import hashlib
import shutil
from collections import OrderedDict
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from indexer.formats import PackedPositions, decode_many

try:   # Whoosh 2.7's on-disk matcher; the fast path depends on its block layout
    from whoosh.codec.whoosh3 import W3LeafMatcher
except ImportError:  # pragma: no cover - another Whoosh: the public path below still works
    W3LeafMatcher = ()

CACHE_FROM = 256  # documents in a segment from which a term's postings are kept
MEMORY_MB = 192   # bound on the postings kept in memory


@dataclass
class Postings:
    """Document numbers (sorted), weights, and optionally every position: `counts[i]` of them
    for posting i, concatenated in `positions`."""
    docs: np.ndarray
    weights: np.ndarray
    counts: np.ndarray | None = None
    positions: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.docs, self.weights, self.counts, self.positions) if a is not None)


class TermCache:
    """Postings of (field, term) by segment, read once; common terms kept in memory and on disk."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self._memory: OrderedDict = OrderedDict()
        self._bytes = 0

    def read(self, reader, fieldname: str, text: str, positions: bool = False) -> Postings:
        """Every posting across the reader's segments, global document numbers, deleted included.

        Callers drop deleted documents with a live mask: one vectorised step instead
        of a set lookup per posting.
        """
        parts = []
        for sub, offset in reader.leaf_readers():
            if (fieldname, text) in sub:
                part = self._segment(sub, fieldname, text, positions)
                parts.append(Postings(part.docs.astype(np.int64) + offset, part.weights, part.counts,
                                      part.positions))
        if not parts:
            empty = np.zeros(0, np.int64)
            return Postings(empty, np.zeros(0, np.float32), empty if positions else None,
                            empty if positions else None)
        if len(parts) == 1:
            return parts[0]
        return Postings(*(np.concatenate([getattr(p, name) for p in parts]) if positions or name in
                          ("docs", "weights") else None for name in ("docs", "weights", "counts", "positions")))

    def _segment(self, sub, fieldname: str, text: str, positions: bool) -> Postings:
        segid = segment_id(sub)
        if segid is None or sub.doc_frequency(fieldname, text) < CACHE_FROM:
            return _read_segment(sub, fieldname, text, positions)      # rare: reading is cheap
        key = (segid, fieldname, text)
        found = self._memory.get(key)
        if found is None or (positions and found.positions is None):
            found = self._load(key)
        if found is None or (positions and found.positions is None):
            found = _read_segment(sub, fieldname, text, positions)
            self._save(key, found)
        self._remember(key, found)
        return found

    def _path(self, key: tuple) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha1(f"{key[1]}\0{key[2]}".encode()).hexdigest()[:24]
        return self.cache_dir / key[0] / f"{digest}.npz"

    def _load(self, key: tuple) -> Postings | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            with np.load(path) as data:
                return Postings(*(data[name] if name in data.files else None
                                  for name in ("docs", "weights", "counts", "positions")))
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)
            return None

    def _save(self, key: tuple, postings: Postings) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {name: getattr(postings, name) for name in ("docs", "weights", "counts", "positions")
                  if getattr(postings, name) is not None}
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        tmp.replace(path)

    def _remember(self, key: tuple, postings: Postings) -> None:
        old = self._memory.pop(key, None)
        self._bytes -= old.nbytes if old is not None else 0
        self._memory[key] = postings
        self._bytes += postings.nbytes
        while self._bytes > MEMORY_MB * 2**20 and len(self._memory) > 1:
            self._bytes -= self._memory.popitem(last=False)[1].nbytes

    def prune(self, live_segments: set[str]) -> None:
        """Forget the postings of segments merged away."""
        for key in [k for k in self._memory if k[0] not in live_segments]:
            self._bytes -= self._memory.pop(key).nbytes
        if self.cache_dir and self.cache_dir.is_dir():
            for folder in self.cache_dir.iterdir():
                if folder.name not in live_segments:
                    shutil.rmtree(folder, ignore_errors=True)


def segment_id(sub) -> str | None:
    segment = sub.segment() if hasattr(sub, "segment") else None
    return segment.segment_id() if segment is not None else None


def _read_segment(sub, fieldname: str, text: str, positions: bool) -> Postings:
    """One segment's postings of a term, segment-local document numbers."""
    matcher = sub.postings(fieldname, text)
    matcher = getattr(matcher, "child", matcher)     # deletions are a FilterMatcher around the leaf
    read_leaf = _blocks if isinstance(matcher, W3LeafMatcher) else _one_by_one
    docs, weights, values = read_leaf(matcher, positions)
    if not positions:
        return Postings(docs.astype(np.int32), weights)
    counts, pos = decode_positions(sub.schema[fieldname].format, values)
    return Postings(docs.astype(np.int32), weights, counts.astype(np.int32), pos.astype(np.int32))


def _blocks(m, values: bool) -> tuple[np.ndarray, np.ndarray, list]:
    ids, weights, vals = [], [], []
    while True:
        if m._data is None:
            m._read_data()
        if m._byteids:
            m._read_ids()
            ids.append(np.asarray(m._ids, np.int64))
        else:                                   # delta-coded from 0: a cumulative sum decodes the block
            ids.append(np.cumsum(np.asarray(m._data[0], np.int64)))
        m._read_weights()
        weights.append(np.asarray(m._weights, np.float32))
        if values:
            m._read_values()
            vals.extend(m._values)
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return np.concatenate(ids), np.concatenate(weights), vals


def _one_by_one(m, values: bool) -> tuple[np.ndarray, np.ndarray, list]:
    ids, weights, vals = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    return np.array(ids, np.int64), np.array(weights, np.float32), vals


def decode_positions(fmt, raw_values: list) -> tuple[np.ndarray, np.ndarray]:
    """(counts, positions): how many positions each value holds, and all of them, value after value.

    The archive's gram fields are packed (indexer/formats.py) and decoded all at
    once; any other positional format is decoded the public way, value by value.
    """
    if isinstance(fmt, PackedPositions):
        return decode_many(raw_values)
    lists = [fmt.decode_positions(v) for v in raw_values]
    counts = np.fromiter((len(p) for p in lists), np.int64, len(lists))
    return counts, np.fromiter(chain.from_iterable(lists), np.int64, int(counts.sum()))
