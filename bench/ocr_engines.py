"""Two real OCR engines read a page image back into boxed text lines, cached by the image's hash.

RapidOCR (`rapidocr-onnxruntime` on PyPI, PP-OCR Chinese models inside the wheel)
gives one box per detected text line; it may join lines across a narrow gutter.
tesseract (Debian `tesseract-ocr` with `tesseract-ocr-chi-sim` / `-chi-tra`) runs its
own page layout analysis and gives lines in its own reading order.  Neither is a
dependency of the archive: only this bench needs them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

ENGINES = ("rapidocr", "tesseract")
_TESS_LANG = {"sc": "chi_sim", "tc": "chi_tra"}


@dataclass
class OcrLine:
    """A line as an engine read it; `order` is the engine's own reading order."""

    text: str
    box: tuple[int, int, int, int]
    order: int


def available(engine: str) -> str | None:
    """None when the engine can run here, else why not."""
    if engine == "rapidocr":
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError:
            return "pip install rapidocr-onnxruntime"
        return None
    if not shutil.which("tesseract"):
        return "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
    return None


def read(image_png: bytes, engine: str, script: str, cache: Path) -> list[OcrLine]:
    """The engine's lines for a PNG, from `cache` when this exact image was read before."""
    key = hashlib.sha1(image_png + engine.encode() + script.encode()).hexdigest()
    path = cache / f"{key}.json"
    if path.exists():
        return [OcrLine(d["text"], tuple(d["box"]), d["order"]) for d in json.loads(path.read_text("utf-8"))]
    lines = _rapid(image_png) if engine == "rapidocr" else _tesseract(image_png, script)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(x) for x in lines], ensure_ascii=False), "utf-8")
    return lines


@lru_cache(maxsize=1)
def tesseract_alto(image_png: bytes, script: str, cache: Path) -> str:
    """tesseract's own ALTO XML for a PNG (its words with their positions), from `cache` when read before.

    This is what a library running tesseract hands over, so the scan bench ingests it
    as is rather than lines rebuilt from the TSV.
    """
    key = hashlib.sha1(image_png + b"tesseract-alto" + script.encode()).hexdigest()
    path = cache / f"{key}.xml"
    if not path.exists():
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        xml = subprocess.run(["tesseract", "stdin", "stdout", "-l", _TESS_LANG[script], "--psm", "3", "alto"],
                             input=image_png, capture_output=True, check=True, env=env).stdout
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xml)
    return path.read_text("utf-8")


@lru_cache(maxsize=1)
def _rapid_engine():
    from rapidocr_onnxruntime import RapidOCR
    return RapidOCR(max_side_len=6000, intra_op_num_threads=1, inter_op_num_threads=1)


def _rapid(image_png: bytes) -> list[OcrLine]:
    result, _ = _rapid_engine()(image_png)
    out = []
    for k, (quad, text, _score) in enumerate(result or []):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        out.append(OcrLine(text, (int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), k))
    return out


def _tesseract(image_png: bytes, script: str) -> list[OcrLine]:
    """Lines of tesseract's TSV (level 4), words joined without spaces between Chinese characters."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    tsv = subprocess.run(["tesseract", "stdin", "stdout", "-l", _TESS_LANG[script], "--psm", "3", "tsv"],
                         input=image_png, capture_output=True, check=True, env=env).stdout.decode("utf-8")
    lines: dict[tuple, dict] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] != "5" or not (row["text"] or "").strip():
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        line = lines.setdefault(key, {"words": [], "box": [x, y, x + w, y + h]})
        line["words"].append(row["text"].strip())
        b = line["box"]
        line["box"] = [min(b[0], x), min(b[1], y), max(b[2], x + w), max(b[3], y + h)]
    return [OcrLine(_join(v["words"]), tuple(v["box"]), k) for k, v in enumerate(lines[key] for key in sorted(lines))]


def _join(words: list[str]) -> str:
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w[0].isascii() and w[0].isalnum():
            out += " "
        out += w
    return out
