"""Decoding the encodings Chinese archives arrive in, and naming what went wrong."""
import codecs

import pytest

from archive.reading.encoding import DecodeError, decode

TEXT = "本报讯（记者 王菲菲）海东市互助县威远镇举行安置房抽号选房仪式。\n醫療保障局"


@pytest.mark.parametrize("codec,label", [
    ("utf-8", "utf-8"), ("gb18030", "gb18030"), ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
])
def test_common_encodings_round_trip(codec, label):
    data = TEXT.encode(codec)
    if codec == "utf-16":          # Python writes a BOM for plain utf-16
        assert data.startswith(codecs.BOM_UTF16_LE)
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == label
    assert decoded.notes == []


def test_utf8_bom_is_dropped():
    decoded = decode(codecs.BOM_UTF8 + TEXT.encode())
    assert decoded.text == TEXT and decoded.encoding == "utf-8-sig"


def test_utf16_without_bom_is_sniffed():
    text = "Page 3 第三版 " * 20
    assert decode(text.encode("utf-16-le")).text == text


def test_big5_traditional_text():
    text = "本報訊（記者 陳大文）香港特別行政區政府今日公佈醫療改革方案，市民反應熱烈。" * 3
    decoded = decode(text.encode("big5"))
    assert decoded.text == text and decoded.encoding == "big5"


def test_truncated_multibyte_sequence_is_named():
    data = TEXT.encode()[:-2]
    decoded = decode(data)
    assert decoded.text == TEXT[:-1]
    assert "truncated" in decoded.notes[0]


def test_mixed_encodings_by_line():
    data = "第一行是UTF-8编码".encode() + b"\n" + "第二行是GB18030编码的文字".encode("gb18030")
    decoded = decode(data)
    assert decoded.encoding in ("mixed", "gb18030")
    if decoded.encoding == "mixed":
        assert decoded.text.splitlines() == ["第一行是UTF-8编码", "第二行是GB18030编码的文字"]
        assert "mixed" in decoded.notes[0]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (bytes(range(256)) * 10, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "binary"),
])
def test_not_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)
