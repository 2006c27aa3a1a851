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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.postings import segment_id
from indexer.writer import open_index

CACHE_DIR = "facets-v3"     # under the index folder; bump when the columns change
LEVELS = 3
SINGLE = ("paper", "kind", "year", "month")
ENTITY_KINDS = ("person", "org", "place")


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
        vocabs = {name: Vocab() for name in (*SINGLE, "region", "topic", *ENTITY_KINDS)}
        pairs: dict[str, list[tuple[int, int]]] = {kind: [] for kind in ENTITY_KINDS}
        arrays = {name: np.full(n, -1, np.int32) for name in SINGLE}
        arrays["region"] = np.full((LEVELS, n), -1, np.int32)
        arrays["topics"] = np.zeros(n, np.int64)
        arrays["date"] = np.zeros(n, np.int32)
        scorable = [name for name, field in reader.schema.items() if field.scorable]
        for name in scorable:
            arrays[f"len_{name}"] = np.zeros(n, np.float32)
        for docnum, fields in reader.iter_docs():
            for name in scorable:
                arrays[f"len_{name}"][docnum] = reader.doc_field_length(docnum, name, 0) or 0
            date = fields.get("date") or ""
            values = {"paper": fields.get("paper") or "", "kind": fields.get("kind") or "",
                      "year": date[:4], "month": date[:7] if len(date) >= 7 else ""}
            for name in SINGLE:
                arrays[name][docnum] = vocabs[name].id(values[name])
            path = [p for p in (fields.get("region_path") or "").split("/") if p][:LEVELS]
            for level in range(len(path)):
                arrays["region"][level, docnum] = vocabs["region"].id("/".join(path[: level + 1]))
            for label in filter(None, (fields.get("topic_labels") or "").split("|")):
                bit = vocabs["topic"].id(label)
                if bit < 63:
                    arrays["topics"][docnum] |= np.int64(1) << np.int64(bit)
            arrays["date"][docnum] = fields.get("date_sort") or 0
            for item in filter(None, (fields.get("entity_list") or "").split("|")):
                kind, _, name = item.partition(":")
                if kind in pairs and name:
                    pairs[kind].append((docnum, vocabs[kind].id(name)))
        for kind, found in pairs.items():
            arrays[f"{kind}_doc"] = np.array([d for d, _ in found], np.int32)
            arrays[f"{kind}_id"] = np.array([e for _, e in found], np.int32)
        return cls(arrays, {name: v.values for name, v in vocabs.items()})

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, values=np.array(json.dumps(self.values, ensure_ascii=False)), **self.arrays)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "_Segment":
        with np.load(path) as data:
            values = json.loads(str(data["values"]))
            return cls({k: data[k] for k in data.files if k != "values"}, values)

    def globalised(self, vocabs: dict[str, Vocab]) -> dict[str, np.ndarray]:
        """The columns with ids of the shared vocabularies."""
        out = {}
        for name in (*SINGLE, "region"):
            mapping = np.array([vocabs[name].id(v) for v in self.values[name]] + [-1], np.int32)
            out[name] = mapping[self.arrays[name]]
        out["topics"] = np.zeros_like(self.arrays["topics"])
        for bit, label in enumerate(self.values["topic"][:63]):
            target = vocabs["topic"].id(label)
            if target < 63:
                out["topics"] |= ((self.arrays["topics"] >> np.int64(bit)) & 1) << np.int64(target)
        out["date"] = self.arrays["date"]
        out.update({k: v for k, v in self.arrays.items() if k.startswith("len_")})
        for kind in ENTITY_KINDS:
            mapping = np.array([vocabs[kind].id(v) for v in self.values.get(kind, [])] + [-1], np.int32)
            out[f"{kind}_doc"] = self.arrays.get(f"{kind}_doc", np.zeros(0, np.int32))
            out[f"{kind}_id"] = mapping[self.arrays.get(f"{kind}_id", np.zeros(0, np.int32))]
        return out


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
        self.single = {name: _cat([p[name] for p in parts], np.int32) for name in SINGLE}
        self.region = (np.concatenate([p["region"] for p in parts], axis=1) if parts
                       else np.zeros((LEVELS, 0), np.int32))
        self.topics = _cat([p["topics"] for p in parts], np.int64)
        self.date = _cat([p["date"] for p in parts], np.int32)
        self.lengths = {key[4:]: _cat([p[key] for p in parts], np.float32)
                        for key in (parts[0] if parts else {}) if key.startswith("len_")}
        offsets = np.cumsum([0] + [len(p["date"]) for p in parts])
        self.entities = {kind: (_cat([p[f"{kind}_doc"] + offsets[i] for i, p in enumerate(parts)], np.int64),
                                _cat([p[f"{kind}_id"] for p in parts], np.int32)) for kind in ENTITY_KINDS}

    def counts(self, docs: np.ndarray, limits: dict[str, int] | None = None) -> dict[str, list[FacetValue]]:
        """Exact counts of every facet over the matched documents `docs`."""
        limits = limits or {}
        out = {name: self._single(name, docs, limits.get(name, 50)) for name in SINGLE}
        out["region"] = self._region(docs, limits.get("region", 60))
        out["topic"] = self._topics(docs)
        matched = np.zeros(len(self.date), bool)
        matched[docs] = True
        for kind in ENTITY_KINDS:
            out[kind] = self._entities(kind, matched, limits.get(kind, 20))
        return out

    def _entities(self, kind: str, matched: np.ndarray, limit: int) -> list[FacetValue]:
        """People, organisations or places over the matched documents: counts of documents naming them."""
        doc_idx, ent_idx = self.entities[kind]
        hit = ent_idx[matched[doc_idx]] if len(doc_idx) else ent_idx
        counts = np.bincount(hit, minlength=len(self.vocabs[kind].values))
        top = np.flatnonzero(counts)
        if len(top) > limit:
            top = top[np.argpartition(-counts[top], limit - 1)[:limit]]
        top = top[np.lexsort((top, -counts[top]))]
        return [FacetValue(self.vocabs[kind].values[i], int(counts[i])) for i in top]

    def _single(self, name: str, docs: np.ndarray, limit: int) -> list[FacetValue]:
        counts = np.bincount(self.single[name][docs] + 1, minlength=len(self.vocabs[name].values) + 1)[1:]
        values = [FacetValue(self.vocabs[name].values[i], int(c)) for i in np.nonzero(counts)[0] for c in [counts[i]]]
        if name in ("year", "month"):
            return sorted(values, key=lambda v: v.value)
        return sorted(values, key=lambda v: (-v.count, v.value))[:limit]

    def _region(self, docs: np.ndarray, limit: int) -> list[FacetValue]:
        vocab = self.vocabs["region"]
        values = []
        for level in range(LEVELS):
            counts = np.bincount(self.region[level][docs] + 1, minlength=len(vocab.values) + 1)[1:]
            for i in np.nonzero(counts)[0]:
                path = vocab.values[i].split("/")
                values.append(FacetValue(path[-1], int(counts[i]), path))
        return sorted(values, key=lambda v: (-v.count, len(v.path), v.value))[:limit]

    def _topics(self, docs: np.ndarray) -> list[FacetValue]:
        masks = self.topics[docs]
        values = []
        for bit, label in enumerate(self.vocabs["topic"].values[:63]):
            count = int(np.count_nonzero(masks & (np.int64(1) << np.int64(bit))))
            if count:
                values.append(FacetValue(label, count))
        return sorted(values, key=lambda v: (-v.count, v.value))


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
    return {name: Vocab() for name in (*SINGLE, "region", "topic", *ENTITY_KINDS)}


def _cat(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype)
