"""Facet counts over the whole result set, without Whoosh's `groupedby`.

`groupedby` re-reads every matched document's values through Python objects on
every query: seconds at 100k documents.  Here each segment's facet values are
read once into numpy columns (segments never change, so they are cached by
segment id, in memory and on disk), and a query's counts are `bincount`s over its matched document
numbers: exact, and milliseconds.  The same columns carry each document's field
lengths, which ranking (indexer/engine.py) needs for every matched document.
Ingest writes the columns of the segments it made (`write_columns`), so a server
never reads them from stored fields at start-up (seconds per 100k documents).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.postings import segment_id
from indexer.registry import FACETS, LEVELS, MANY, ONE, PATH, Facet
from indexer.writer import open_index

CACHE_DIR = "facets-v4"     # under the index folder; bump when the columns change


@dataclass
class FacetValue:
    value: str
    count: int
    path: list[str] | None = None


class Vocab:
    """Value ↔ small int, shared by all segments so columns concatenate."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.values: list[str] = []

    def id(self, value: str) -> int:
        if not value:
            return -1
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


def _empty(shape: str, n: int) -> dict[str, np.ndarray]:
    """A facet's columns before reading: ONE an id a document, PATH one a level, MANY (document, id) pairs."""
    if shape == ONE:
        return {"": np.full(n, -1, np.int32)}
    if shape == PATH:
        return {"": np.full((LEVELS, n), -1, np.int32)}
    return {"doc": np.zeros(0, np.int32), "id": np.zeros(0, np.int32)}


class _Segment:
    """One segment's facet columns with segment-local ids, read once and kept on disk.

    Reading stored fields is the slow part (a minute per million documents), and a
    segment never changes, so its columns are saved beside the index under its id
    and a cold start only reads segments it has not seen.
    """

    def __init__(self, arrays: dict[str, np.ndarray], values: dict[str, list[str]]):
        self.arrays, self.values = arrays, values

    @classmethod
    def read(cls, reader) -> "_Segment":
        n = reader.doc_count_all()
        vocabs = new_vocabs()
        pairs: dict[str, list[tuple[int, int]]] = {f.name: [] for f in FACETS if f.shape == MANY}
        arrays = {_key(f.name, k): a for f in FACETS if f.shape != MANY for k, a in _empty(f.shape, n).items()}
        arrays["date"] = np.zeros(n, np.int32)
        scorable = [name for name, field in reader.schema.items() if field.scorable]
        for name in scorable:
            arrays[f"len_{name}"] = np.zeros(n, np.float32)
        for docnum, fields in reader.iter_docs():
            for name in scorable:
                arrays[f"len_{name}"][docnum] = reader.doc_field_length(docnum, name, 0) or 0
            arrays["date"][docnum] = fields.get("date_sort") or 0
            shown = fields.get("shown") or {}
            for facet in FACETS:
                values, vocab = shown.get(facet.name) or [], vocabs[facet.name]
                if facet.shape == ONE and values:
                    arrays[facet.name][docnum] = vocab.id(values[0])
                elif facet.shape == PATH:
                    for level in range(len(values)):
                        arrays[facet.name][level, docnum] = vocab.id("/".join(values[: level + 1]))
                elif facet.shape == MANY:
                    pairs[facet.name] += [(docnum, vocab.id(v)) for v in dict.fromkeys(values)]
        for name, found in pairs.items():
            arrays[f"{name}_doc"] = np.array([d for d, _ in found], np.int32)
            arrays[f"{name}_id"] = np.array([e for _, e in found], np.int32)
        return cls(arrays, {name: v.values for name, v in vocabs.items()})

    def save(self, path: Path) -> None:
        """Written whole under a name of this writer's own, then renamed: a server and an ingest may
        cache the same segment at once, and neither may rename the other's half-written file."""
        fd, name = tempfile.mkstemp(suffix=".part", prefix=path.name + ".", dir=path.parent)   # not *.npz: never pruned
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, values=np.array(json.dumps(self.values, ensure_ascii=False)), **self.arrays)
        os.replace(name, path)

    @classmethod
    def load(cls, path: Path) -> "_Segment":
        with np.load(path) as data:
            values = json.loads(str(data["values"]))
            return cls({k: data[k] for k in data.files if k != "values"}, values)

    def globalised(self, vocabs: dict[str, Vocab]) -> dict[str, np.ndarray]:
        """The columns with ids of the shared vocabularies."""
        out = {k: v for k, v in self.arrays.items() if k == "date" or k.startswith("len_")}
        for facet in FACETS:
            mapping = np.array([vocabs[facet.name].id(v) for v in self.values.get(facet.name, [])] + [-1], np.int32)
            if facet.shape == MANY:
                out[f"{facet.name}_doc"] = self.arrays[f"{facet.name}_doc"]
                out[f"{facet.name}_id"] = mapping[self.arrays[f"{facet.name}_id"]]
            else:
                out[facet.name] = mapping[self.arrays[facet.name]]
        return out


def _key(name: str, part: str) -> str:
    return f"{name}_{part}" if part else name


def segment_columns(sub, cache_dir: Path | None) -> _Segment:
    """A segment's columns: from the disk cache when it has them, else read and saved."""
    segid = segment_id(sub)
    path = cache_dir / f"{segid}.npz" if cache_dir and segid else None
    if path is not None and path.exists():
        try:
            return _Segment.load(path)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)
    columns = _Segment.read(sub)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        columns.save(path)
    return columns


class FacetColumns:
    """Global facet columns for one reader (all its segments, by global document number)."""

    def __init__(self, reader, cache: dict, vocabs: dict[str, Vocab], cache_dir: Path | None = None):
        self.vocabs = vocabs
        parts = []
        for sub, _offset in reader.leaf_readers():
            key = segment_id(sub) or id(sub)
            if key not in cache:
                cache[key] = segment_columns(sub, cache_dir).globalised(vocabs)
            parts.append(cache[key])
        _prune(cache_dir, {segment_id(sub) for sub, _ in reader.leaf_readers()})
        n = sum(len(p["date"]) for p in parts)
        self.date = _cat([p["date"] for p in parts], np.int32)
        self.lengths = {key[4:]: _cat([p[key] for p in parts], np.float32)
                        for key in (parts[0] if parts else {}) if key.startswith("len_")}
        offsets = np.cumsum([0] + [len(p["date"]) for p in parts])
        self.columns: dict[str, np.ndarray] = {}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for facet in FACETS:
            if facet.shape == MANY:
                self.pairs[facet.name] = (
                    _cat([p[f"{facet.name}_doc"] + offsets[i] for i, p in enumerate(parts)], np.int64),
                    _cat([p[f"{facet.name}_id"] for p in parts], np.int32))
            elif parts:
                self.columns[facet.name] = np.concatenate([p[facet.name] for p in parts], axis=-1)
            else:
                self.columns[facet.name] = _empty(facet.shape, n)[""]

    def counts(self, docs: np.ndarray, limits: dict[str, int] | None = None) -> dict[str, list[FacetValue]]:
        """Exact counts of every facet over the matched documents `docs`, each cut at its limit
        (`limits` overrides; one more value than the limit is kept so a page can tell there are more)."""
        limits = limits or {}
        matched = None
        out = {}
        for facet in FACETS:
            limit = limits.get(facet.name, facet.limit) + 1
            if facet.shape == MANY:
                if matched is None:
                    matched = np.zeros(len(self.date), bool)
                    matched[docs] = True
                out[facet.name] = self._many(facet, matched, limit)
            elif facet.shape == PATH:
                out[facet.name] = self._path(facet, docs, limit)
            else:
                out[facet.name] = self._one(facet, docs, limit)
        return out

    def spans(self, name: str, docs: np.ndarray) -> list[tuple[str, int, int, int]]:
        """For each value of a one-value facet among `docs`: (value, count, first date key, last date key),
        a date key 0 where none of its documents is dated; by count.  What the archive holds of each paper."""
        values = self.vocabs[name].values
        column, dates = self.columns[name][docs], self.date[docs]
        counts = np.bincount(column + 1, minlength=len(values) + 1)[1:]
        dated = (column >= 0) & (dates > 0)
        first = np.full(len(values), np.iinfo(np.int32).max, np.int64)
        last = np.zeros(len(values), np.int64)
        np.minimum.at(first, column[dated], dates[dated])
        np.maximum.at(last, column[dated], dates[dated])
        found = sorted(np.flatnonzero(counts), key=lambda i: (-counts[i], values[i]))
        return [(values[i], int(counts[i]), int(first[i]) if last[i] else 0, int(last[i])) for i in found]

    def _many(self, facet: Facet, matched: np.ndarray, limit: int) -> list[FacetValue]:
        """Documents holding each value (a topic, a person named) among the matched."""
        doc_idx, ids = self.pairs[facet.name]
        counts = np.bincount(ids[matched[doc_idx]] if len(doc_idx) else ids,
                             minlength=len(self.vocabs[facet.name].values))
        return _top(facet, self.vocabs[facet.name].values, counts, limit)

    def _one(self, facet: Facet, docs: np.ndarray, limit: int) -> list[FacetValue]:
        vocab = self.vocabs[facet.name]
        counts = np.bincount(self.columns[facet.name][docs] + 1, minlength=len(vocab.values) + 1)[1:]
        return _top(facet, vocab.values, counts, limit)

    def _path(self, facet: Facet, docs: np.ndarray, limit: int) -> list[FacetValue]:
        """The `limit` most frequent values of any level, as a tree: each parent by count, its children
        by count beneath it (a child never counts more than its parent, so its parent is kept first)."""
        vocab, counts = self.vocabs[facet.name], {}
        for level in range(LEVELS):
            found = np.bincount(self.columns[facet.name][level][docs] + 1, minlength=len(vocab.values) + 1)[1:]
            counts.update({vocab.values[i]: int(found[i]) for i in np.nonzero(found)[0]})
        kept = sorted(counts, key=lambda k: (-counts[k], k.count("/"), k))[:limit]
        children: dict[str, list[str]] = {}
        for key in kept:
            children.setdefault(key.rpartition("/")[0], []).append(key)
        out: list[FacetValue] = []

        def walk(parent: str) -> None:
            for key in children.get(parent, []):
                out.append(FacetValue(key.rsplit("/", 1)[-1], counts[key], key.split("/")))
                walk(key)
        walk("")
        return out


def _top(facet: Facet, values: list[str], counts: np.ndarray, limit: int) -> list[FacetValue]:
    """The values with a count, by count (ties by value) or in value order, at most `limit`."""
    found = np.flatnonzero(counts)
    if facet.by_value:
        found = sorted(found, key=lambda i: values[i])
    else:
        if len(found) > limit:
            found = found[np.argpartition(-counts[found], limit - 1)[:limit]]
        found = sorted(found, key=lambda i: (-counts[i], values[i]))
    return [FacetValue(values[i], int(counts[i])) for i in found[:limit]]


def write_columns(index_dir: Path) -> int:
    """Save the columns of every segment of the index that has none yet; how many were written."""
    cache_dir = Path(index_dir) / CACHE_DIR
    written = 0
    with open_index(index_dir, create=False).reader() as reader:
        leaves = [sub for sub, _ in reader.leaf_readers()]
        for sub in leaves:
            if not (cache_dir / f"{segment_id(sub)}.npz").exists():
                segment_columns(sub, cache_dir)
                written += 1
        _prune(cache_dir, {segment_id(sub) for sub in leaves})
    return written


def _prune(cache_dir: Path | None, live: set[str]) -> None:
    """Forget the columns of segments merged away since."""
    if cache_dir and cache_dir.is_dir():
        for path in cache_dir.glob("*.npz"):
            if path.stem not in live:
                path.unlink(missing_ok=True)


def new_vocabs() -> dict[str, Vocab]:
    return {facet.name: Vocab() for facet in FACETS}


def _cat(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype)
