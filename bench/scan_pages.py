"""Measure the scan reader (archive/reading/layout.py) on page images drawn by bench/ocr_pages.py.

Each family folder of an `ocr_pages --keep-images` run holds the gold of its page
images.  Here the same images are read as scans: the engine's ALTO (tesseract's own
`alto` output; RapidOCR's boxed lines written as ALTO here), from the bench's OCR cache
so no page is read twice, is ingested as any library's OCR output, and `newsarchive evaluate` scores what comes out
against the same gold as the text families.  `--images` reads the PNGs themselves
through the archive's own OCR path instead (RapidOCR in-process; slower, the same engine).

    python -m bench.ocr_pages --out /tmp/ocrB --images 48 --seed 6 --keep-images
    python -m bench.scan_pages /tmp/ocrB --out /tmp/scanB [--engine rapidocr] [--images]
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from xml.sax.saxutils import quoteattr

from archive.evaluate import evaluate
from bench import ocr_engines

CACHE = Path(__file__).parent / "out" / "ocr-cache"
_SCRIPT = {"rmrb": "sc", "hkc": "tc"}


def alto(lines: list[ocr_engines.OcrLine]) -> str:
    """ALTO XML of one page: one TextLine (with one String) per engine line."""
    rows = []
    for k, line in enumerate(lines):
        x0, y0, x1, y1 = line.box
        rows.append(f'<TextLine ID="l{k}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">'
                    f'<String CONTENT={quoteattr(line.text)}/></TextLine>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">'
            '<Layout><Page ID="p1"><PrintSpace><TextBlock ID="b1">' + "".join(rows)
            + "</TextBlock></PrintSpace></Page></Layout></alto>\n")


def _alto(png: bytes, engine: str, script: str) -> str:
    """The engine's ALTO for a page: tesseract writes its own; RapidOCR's boxed lines are written as ALTO here."""
    if engine == "tesseract":
        return ocr_engines.tesseract_alto(png, script, CACHE)
    return alto(ocr_engines.read(png, engine, script, CACHE))


def build(src: Path, out: Path, engine: str, images: bool) -> list[Path]:
    """One folder per source with the scans (ALTO or PNG) and the gold renamed to them."""
    folders = []
    for source, script in _SCRIPT.items():
        family = src / f"{source}-{engine}-zoned"
        if not (family / "gold.json").exists():
            continue
        gold = json.loads((family / "gold.json").read_text("utf-8"))
        folder = out / f"{source}-{engine}-{'image' if images else 'alto'}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for page in gold["pages"]:
            png = src / "images" / page["seed"].replace(".txt", ".png")
            if images:
                page["seed"] = png.name
                shutil.copy(png, folder / png.name)
            else:
                page["seed"] = png.with_suffix(".xml").name
                (folder / page["seed"]).write_text(_alto(png.read_bytes(), engine, script), "utf-8")
        gold["family"] = folder.name
        (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("src", type=Path, help="an ocr_pages output folder made with --keep-images")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--engine", default="rapidocr", choices=ocr_engines.ENGINES)
    p.add_argument("--images", action="store_true", help="ingest the PNGs (the archive's own OCR) instead of ALTO")
    args = p.parse_args(argv)
    for folder in build(args.src, args.out, args.engine, args.images):
        m = evaluate(json.loads((folder / "gold.json").read_text("utf-8")), folder).metrics()
        print(f"{folder.name:24} F1 {m['f1']:.3f} ({m['matched']}/{m['gold']}, {m['extracted']} extracted)  "
              f"title {m['title']['correct']}/{m['title']['total']}  authors {m['authors']['correct']}/"
              f"{m['authors']['total']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
