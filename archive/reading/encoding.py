"""Bytes to text for Chinese archives.

Files arrive as UTF-8 (with or without BOM), GB18030/GBK, Big5, or UTF-16, and
sometimes as a mixture or cut off mid-character.  Decoding never guesses
silently: every fallback is named in `Decoded.notes`, and bytes that are not
text at all raise `DecodeError` with a reason a librarian can act on.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we read."""


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    """Decode file bytes, trying the encodings Chinese archives actually use."""
    if not data:
        raise DecodeError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict_or_noted(data[len(bom):], name.replace("-sig", ""), name)
    utf16 = _sniff_utf16(data)
    if utf16:
        return _strict_or_noted(data, utf16, utf16)
    if _looks_binary(data):
        raise DecodeError("binary data, not text (NUL or control bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
            return Decoded(text, "utf-8", [f"truncated multi-byte sequence at byte {exc.start} dropped"])
    gb = _try(data, "gb18030")
    if gb is not None and not _prefers_big5(data):
        return Decoded(gb, "gb18030")
    big5 = _try(data, "big5")
    if big5 is not None:
        return Decoded(big5, "big5")
    if gb is not None:
        return Decoded(gb, "gb18030")
    return _decode_mixed(data)


def _strict_or_noted(data: bytes, codec: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        return Decoded(text, label, [f"invalid {codec} bytes at {exc.start} replaced with U+FFFD"])


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every ASCII character leaves a NUL on one side of its pair only.

    The candidate must also decode strictly to text without control characters,
    so binary files with NULs scattered on both sides are not mistaken for it.
    """
    sample = data[:4096]
    if len(data) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if codec is None:
        return None
    text = _try(data, codec)
    if text is None or any(ord(c) < 32 and c not in "\t\n\r\f" for c in text[:2048]):
        return None
    return codec


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def _prefers_big5(data: bytes) -> bool:
    """GB18030 decodes almost any byte soup; Big5 text betrays itself by trail bytes below 0xA1.

    In GB2312/GBK prose nearly all double-byte characters sit in lead 0xB0-0xF7 and
    trail 0xA1-0xFE; Big5 uses trail bytes 0x40-0x7E for about a third of them.
    """
    low_trail = pairs = 0
    i, n = 0, min(len(data), 65536)
    while i < n - 1:
        b = data[i]
        if b >= 0x81:
            pairs += 1
            low_trail += 0x40 <= data[i + 1] <= 0x7E
            i += 2
        else:
            i += 1
    return pairs >= 8 and low_trail / pairs > 0.2 and _try(data, "big5") is not None


def _decode_mixed(data: bytes) -> Decoded:
    """A file whose lines use different encodings: decode line by line, name what happened."""
    lines, used, bad = [], set(), 0
    for raw in data.split(b"\n"):
        for codec in ("utf-8", "gb18030", "big5"):
            text = _try(raw, codec)
            if text is not None:
                used.add(codec)
                break
        else:
            text = raw.decode("utf-8", errors="replace")
            bad += 1
        lines.append(text)
    notes = [f"mixed encodings by line: {', '.join(sorted(used))}"]
    if bad:
        notes.append(f"{bad} line(s) with undecodable bytes replaced with U+FFFD")
    return Decoded("\n".join(lines), "mixed", notes)
