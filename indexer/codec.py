"""Whoosh's W3 segment format, written compactly.

The character index doubles the number of postings and adds a term for every
pair of characters the archive holds, most of them rare.  Whoosh's W3 writer
spends more on packaging than on content there: each block of postings is a
pickle of protocol 2, where a weight is a 9-byte float and a byte string is
re-encoded as text, then zlib-compressed however small; a term held by one
article cost about 100 bytes of postings.

`CompactW3Codec` writes the same files with the same block layout that Whoosh's
own `W3LeafMatcher` reads (it unpickles any protocol and takes the compression
level from each block's header): ids and integral weights as the narrowest
arrays, pickle protocols that store bytes as bytes (3 for small pickles, which
has no frame header; the newest for full blocks), and no zlib for blocks too
small to gain from it.  The segments it makes name Whoosh's plain `W3Codec` as theirs, so a
stock Whoosh opens them; only writing and merging go through this module.
`tests/test_codec.py` checks that Whoosh reads the same postings and scores
both ways; bench/recall.py measures the size.
"""
from __future__ import annotations

import pickle
import zlib
from array import array

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter, W3Segment
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

SMALL_PROTOCOL, PROTOCOL = 3, 5   # 3: bytes as bytes, no 9-byte frame; 5: 1-byte memo (pinned: readable by 3.8+)
SMALL_BLOCK = 64     # bytes of pickle under which zlib's own header and checksum cost more than it saves
SHORT = 8            # postings under which a tuple of small ints pickles smaller than an array


def narrow(numbers: list[int]) -> tuple | array:
    """Non-negative ints in the fewest bytes a pickle can hold them: a tuple when few, else the
    narrowest array (Whoosh reads either as a sequence of numbers)."""
    if len(numbers) < SHORT:
        return tuple(numbers)
    top = max(numbers, default=0)
    return array("B" if top < 2**8 else "H" if top < 2**16 else "I", numbers)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class CompactPostingsWriter(W3PostingsWriter):
    """W3PostingsWriter with smaller blocks (see the module docstring)."""

    def _mini_ids(self):
        return self._ids if self._byteids else narrow(list(delta_encode(self._ids)))

    def _mini_weights(self):
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return float(weights[0])
        if all(float(w).is_integer() and 0 <= w < 2**32 for w in weights):
            return narrow([int(w) for w in weights])
        return array("f", weights)

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        protocol = SMALL_PROTOCOL if len(self._ids) < SHORT else PROTOCOL
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), protocol)
        level = self._compression if len(data) >= SMALL_BLOCK else 0
        if level:
            data = zlib.compress(data, level)
        info = pickle.dumps((len(self._ids), self._ids[-1], _number(self._maxweight), level,
                             length_to_byte(self._minlength), length_to_byte(self._maxlength)), SMALL_PROTOCOL)
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class CompactW3Codec(W3Codec):
    """Writes W3 segments with `CompactPostingsWriter`; the segments read as plain W3."""

    def postings_writer(self, dbfile, byteids: bool = False) -> CompactPostingsWriter:
        return CompactPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                     compression=self._compression, inlinelimit=self._inlinelimit)

    def new_segment(self, storage, indexname: str) -> W3Segment:
        return W3Segment(W3Codec(self._blocklimit, self._compression, self._inlinelimit), indexname)
