"""How a character gram's positions are kept: varint deltas, not Whoosh's pickled list.

Whoosh's `Positions` format stores each posting as a 4-byte frequency and a
pickled list of position deltas: about 17 bytes a posting on real text, which
made the character index most of the archive's size (bench/recall.py).  The
same deltas as unsigned varints (7 bits a byte, the high bit set on every byte
but a number's last) take one or two bytes each, and the frequency is the count
of numbers, so nothing else is stored.  `PackedPositions` is still a Whoosh
format: Whoosh's own reader, phrase queries, merging and highlighting use it
through `decode_positions`; `decode_many` decodes a term's postings at once with
numpy for indexer/postings.py.
"""
from __future__ import annotations

import numpy as np
from whoosh.formats import Positions

_LOW = 0x7F
_MORE = 0x80


def pack(positions: list[int]) -> bytes:
    """Sorted positions as varint deltas from 0."""
    out = bytearray()
    base = 0
    for pos in positions:
        delta, base = pos - base, pos
        while delta >= _MORE:
            out.append((delta & _LOW) | _MORE)
            delta >>= 7
        out.append(delta)
    return bytes(out)


def unpack(value: bytes) -> list[int]:
    """The positions `pack` wrote."""
    positions, number, shift, base = [], 0, 0, 0
    for byte in value:
        number |= (byte & _LOW) << shift
        if byte & _MORE:
            shift += 7
            continue
        base += number
        positions.append(base)
        number, shift = 0, 0
    return positions


def decode_many(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(counts, positions) of many packed values at once: how many positions each holds, and all
    of them, value after value (one pass over the bytes, no Python loop per number)."""
    raw = np.frombuffer(b"".join(values), np.uint8)
    sizes = np.fromiter((len(v) for v in values), np.int64, len(values))
    last = raw < _MORE                                     # the last byte of each number
    ends = np.flatnonzero(last)
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    byte_number = np.cumsum(np.concatenate(([0], last[:-1]))).astype(np.int64)
    shift = 7 * (np.arange(len(raw), dtype=np.int64) - starts[byte_number]) if len(raw) else byte_number
    deltas = np.add.reduceat((raw & _LOW).astype(np.int64) << shift, starts) if len(ends) else ends
    value_of_byte = np.repeat(np.arange(len(values)), sizes)
    counts = np.bincount(value_of_byte[ends], minlength=len(values)).astype(np.int64)
    running = np.cumsum(deltas)
    firsts = np.cumsum(counts) - counts
    before = np.where(firsts > 0, running[np.maximum(firsts - 1, 0)], 0) if len(deltas) else firsts
    return counts, running - np.repeat(before, counts)


class PackedPositions(Positions):
    """Whoosh's `Positions`, stored as varint deltas (see the module docstring)."""

    def encode(self, poslist: list[int]) -> bytes:
        return pack(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return unpack(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(1 for byte in valuestring if byte < _MORE)
