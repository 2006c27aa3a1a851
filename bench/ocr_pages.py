"""Gold pages read by real OCR engines: real articles drawn as page images, read back, written as text.

Families are every combination of source (人民日报, simplified; 眾新聞, traditional),
engine (RapidOCR, tesseract) and reading order:

  zoned      a layout-aware tool: masthead, then block by block, headline, then each
             column top to bottom; a blank line where a paragraph's indent shows
  engine     the engine's own order (RapidOCR: top to bottom across the page, so
             columns interleave and lines may join across gutters; tesseract: its own
             layout analysis)
  gathered   zoned, but the headlines (kicker, title, subtitle) gathered at the page's
             end in shuffled order, some doubled as OCR doubles them
  double     zoned with a blank line after every line
  markdown   zoned with the headline as `## ` and subheads as `### ` (a layout tool's Markdown)

The gold comes from the layout (which story each drawn line belongs to); boundaries
and titles are compared allowing OCR misreadings (`"ocr": true` in the gold).  The
text stays the publishers': images, OCR output and pages go under --out (and the
OCR cache under bench/out/ocr-cache), never into the project.

    python -m bench.ocr_pages --out /tmp/ocr-pages --images 40 --seed 5
    newsarchive evaluate /tmp/ocr-pages/rmrb-rapidocr-zoned/gold.json --pages /tmp/ocr-pages/rmrb-rapidocr-zoned
"""
from __future__ import annotations

import argparse
import io
import json
import random
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.ocr_engines import ENGINES, OcrLine, available, read
from bench.ocr_layout import BODY, Line, Story, lay_out
from bench.pagegen import ROOT, _double

ORDERS = ("zoned", "engine", "gathered", "double", "markdown")
SOURCES = {"rmrb": "sc", "hkc": "tc"}
CACHE = ROOT / "bench" / "out" / "ocr-cache"
_HEADLINE = ("kicker", "title", "subtitle")
_DATELINE = re.compile(r"^(据?(?:本报|新华社|本報|新華社)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日[电電])"
                       r"(?:\s*[（(]((?:记者|通讯员|特约记者|記者|通訊員)[^）)]{2,40})[）)])?")
_CLOSING = re.compile(r"^[（(](?:本报|本報)?(?:记者|通讯员|記者|通訊員)\s*([^）)]{2,40})[）)]$")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SENTENCE_END = ("。", "！", "？", "”", "」")


def _names(credit: str) -> list[str]:
    names = re.sub(r"本报|本報|特约记者|记者|通讯员|記者|通訊員|实习生", " ", credit)
    return [n for n in re.split(r"[\s、，,]+", names) if _NAME.fullmatch(n)]


def load_rmrb(corpus: Path) -> list[dict]:
    """人民日报 articles: kicker, title, subtitle, paragraphs; authors from the dateline or closing credit."""
    out = []
    for path in sorted((corpus / "rmrb").glob("*/*/*.txt")):
        lines = [x.strip().strip("\u3000") for x in path.read_text("utf-8").splitlines()]
        if len(lines) < 5 or not 4 <= len(lines[1]) <= 28 or re.search(r"\s", lines[1]):
            continue
        paras = [p for p in lines[3:] if p]
        authors: list[str] = []
        if paras and (m := _CLOSING.match(paras[-1])):
            authors = _names(m.group(1))
            paras = paras[:-1]
        dateline = ""
        if paras and (m := _DATELINE.match(paras[0])):
            dateline, authors = paras[0][:m.end()], authors or _names(m.group(2) or "")
            paras[0] = paras[0][m.end():].lstrip()
        if not paras or not paras[0] or re.search(r"[a-zA-Z]{3}", "".join(paras)):
            continue
        out.append({"source": str(path.relative_to(corpus)), "kicker": lines[0], "title": lines[1],
                    "subtitle": lines[2], "paragraphs": paras, "dateline": dateline, "authors": authors,
                    "script": "sc"})
    return out


def load_hkc(corpus: Path) -> list[dict]:
    """眾新聞 articles: front-matter title, paragraphs and `##` subheads; figures, notes and links dropped."""
    out = []
    for path in sorted((corpus / "hkcnews-sample").glob("articles/*/*.md")):
        parts = path.read_text("utf-8").split("---", 2)
        title = re.search(r'^title:\s*"?(.*?)"?\s*$', parts[1], re.M) if len(parts) == 3 else None
        if not title or not 4 <= len(title.group(1)) <= 28 or re.search(r"\s", title.group(1)):
            continue
        paras = []
        for raw in parts[2].splitlines():
            line = re.sub(r"\*\*|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", raw).strip()
            if line.startswith("## "):
                paras.append("\x00" + line[3:].strip())
            elif line and not re.match(r"[#<!|{【]|.*(?:編者按|撰文|圖片|http)", line) and len(line) > 1:
                paras.append(line)
        if len(paras) >= 2 and not re.search(r"[a-zA-Z]{3}", "".join(paras)):
            out.append({"source": str(path.relative_to(corpus)), "kicker": "", "title": title.group(1),
                        "subtitle": "", "paragraphs": paras, "dateline": "", "authors": [], "script": "tc"})
    return out


def _cut(paras: list[str], limit: int) -> tuple[list[str], bool]:
    """Whole paragraphs up to about `limit` characters; True when some were left out."""
    out, size = [], 0
    for p in paras:
        out.append(p)
        size += len(p)
        if size >= limit and p.endswith(_SENTENCE_END):
            return out, len(out) < len(paras)
    return out, False


def make_stories(pool: list[dict], rng: random.Random, n: int) -> tuple[list[Story], list[list[dict]]]:
    """Stories for one page and, per story, its gold items (the story, then its photo if any)."""
    stories, golds = [], []
    for k, art in enumerate(pool[:n]):
        paras = list(art["paragraphs"])
        continuation = k == 0 and rng.random() < 0.3 and len(paras) >= 4
        if continuation:
            paras = paras[len(paras) // 2:]
        paras, cut = _cut(paras, rng.randint(300, 800))
        subheads = {i for i, p in enumerate(paras) if p.startswith("\x00")
                    or (len(p) <= 24 and not p.endswith(_SENTENCE_END) and i > 0)}
        paras = [p.lstrip("\x00") for p in paras]
        body = [p for p in paras if p]
        authors = [] if continuation or (cut and not art["dateline"]) else art["authors"]
        printed = list(body)
        if art["dateline"] and not continuation:
            printed[0] = art["dateline"] + printed[0]
        elif continuation:
            printed[0] = f"（上接第{rng.randint(1, 4)}版）" + printed[0]
        if authors and not art["dateline"]:
            printed.append(f"（{'本報記者' if art['script'] == 'tc' else '本报记者'}{'、'.join(authors)}）")
        items: list[dict] = []
        story = Story(title="" if continuation else art["title"], paragraphs=printed,
                      kicker="" if continuation else art["kicker"], subtitle="" if continuation else art["subtitle"],
                      subheads=subheads, kind="continuation" if continuation else "article",
                      jump=f"（下转第{rng.randint(2, 8)}版）" if cut and rng.random() < 0.6 else "")
        items.append(_gold("continuation" if continuation else "article", story.title or None, authors, body,
                           art["source"]))
        donor = pool[(k + n) % len(pool)]
        if rng.random() < 0.3 and len(donor["paragraphs"][0]) >= 24:
            caption = donor["paragraphs"][0].lstrip("\x00")[:60]
            caption = caption[: caption.rfind("，") + 1 or len(caption)].rstrip("，。") + "。"
            who = rng.choice(["张伟", "李明", "王芳", "刘洋", "陈静", "杨帆"])
            story.photo = (caption, f"本报记者 {who} 摄")
            items.append(_gold("photo", None, [who], [caption], donor["source"]))
        stories.append(story)
        golds.append(items)
    return stories, golds


def _gold(kind: str, title: str | None, authors: list[str], body: list[str], source: str) -> dict:
    text = re.sub(r"\s+", "", "".join(body))
    return {"kind": kind, "title": title, "authors": authors, "starts_with": text[:14], "ends_with": text[-12:],
            "source": source}


def _assign(ocr: list[OcrLine], drawn: list[Line]) -> list[Line | None]:
    """The drawn line each OCR line covers most (a line joined across a gutter goes to its larger part)."""
    out = []
    for o in ocr:
        best, area = None, 0
        for d in drawn:
            w = min(o.box[2], d.box[2]) - max(o.box[0], d.box[0])
            h = min(o.box[3], d.box[3]) - max(o.box[1], d.box[1])
            if w > 0 and h > 0 and w * h > area:
                best, area = d, w * h
        out.append(best)
    return out


def _zoned(pairs: list[tuple[OcrLine, Line]]) -> list[tuple[OcrLine, Line]]:
    def key(p: tuple[OcrLine, Line]):
        o, d = p
        return (-1 if d.story is None else d.story, d.role not in _HEADLINE, d.column, o.box[1], o.box[0])
    return sorted(pairs, key=key)


def emit(order: str, ocr: list[OcrLine], drawn: list[Line], rng: random.Random) -> list[tuple[str, Line | None]]:
    """The page as (text line, drawn line it came from) in a reading order; blank lines carry None."""
    labelled = [(o, d) for o, d in zip(ocr, _assign(ocr, drawn)) if d is not None and o.text.strip()]
    if order == "engine":
        return [(o.text, d) for o, d in sorted(labelled, key=lambda p: p[0].order)]
    indent = {}
    for d in drawn:
        indent[d.column] = min(indent.get(d.column, 10**6), d.box[0])
    out: list[tuple[str, Line | None]] = []
    heads: dict[int, list[str]] = {}
    previous: Line | None = None
    for o, d in _zoned(labelled):
        if order == "gathered" and d.role in _HEADLINE:
            heads.setdefault(d.story, []).append(o.text)
            continue
        new_part = previous is None or d.story != previous.story or (d.role in _HEADLINE) != (previous.role in _HEADLINE)
        if order == "markdown" and d.role == "title" and previous is not None and previous.role == "title" \
                and previous.story == d.story:
            out[-1] = (out[-1][0] + o.text, d)
            continue
        text = {"title": "## ", "subhead": "### "}.get(d.role, "") + o.text if order == "markdown" else o.text
        paragraph = d.role == "subhead" or o.box[0] - indent[d.column] > BODY
        if order == "double":
            out += [(text, d), ("", None)]
        else:
            if out and (new_part or paragraph):
                out.append(("", None))
            out.append((text, d))
        previous = d
    if heads:
        stories = list(heads.items())
        rng.shuffle(stories)
        out.append(("", None))
        for story, parts in stories:
            joined = "".join(parts)
            line = Line(joined, (0, 0, 0, 0), "gathered", story)
            out += [(_double(joined, rng) if rng.random() < 0.3 else joined, line), ("", None)]
    return out


def _render(job: tuple[int, int, Path]) -> dict:
    """One page image drawn and read by every engine (in a worker process)."""
    i, seed, corpus = job
    rng = random.Random(seed * 100_003 + i)
    source = "hkc" if i % 4 == 3 else "rmrb"
    pool = _pool(corpus, source, seed)
    n = rng.randint(3, 5)
    start = (i * 7) % max(1, len(pool) - 2 * n)
    stories, golds = make_stories(pool[start:start + 2 * n], rng, n)
    columns = 3 + i % 4
    date = re.search(r"(\d{4})(\d{2})(\d{2})", pool[start]["source"])
    mast = ("人民日报" if source == "rmrb" else "眾新聞",
            f"{date[1]}年{date[2]}月{date[3]}日" if date else "2020年7月27日", rng.randint(1, 16),
            rng.choice(["要闻", "综合", "社会", "经济", "地方"]))
    image, drawn = lay_out(stories, columns, BODY * rng.randint(9, 14), SOURCES[source], rng, mast,
                           column_rules=i % 2 == 0)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    png = buf.getvalue()
    ocr = {e: read(png, e, SOURCES[source], CACHE) for e in ENGINES if available(e) is None}
    return {"i": i, "source": source, "columns": columns, "drawn": drawn, "golds": golds, "ocr": ocr, "png": png}


_POOLS: dict = {}


def _pool(corpus: Path, source: str, seed: int) -> list[dict]:
    if (source, seed) not in _POOLS:
        pool = load_rmrb(corpus) if source == "rmrb" else load_hkc(corpus)
        random.Random(seed).shuffle(pool)
        _POOLS[(source, seed)] = pool
    return _POOLS[(source, seed)]


def build(corpus: Path, out: Path, images: int, seed: int, workers: int = 2, keep_images: bool = False) -> list[Path]:
    """Write one folder per family (source-engine-order) with pages, gold.json and labels.jsonl."""
    families: dict[str, dict] = {}
    with ProcessPoolExecutor(workers) as pool:
        for page in pool.map(_render, [(i, seed, corpus) for i in range(images)]):
            if keep_images:
                (out / "images").mkdir(parents=True, exist_ok=True)
                (out / "images" / f"p{page['i']:03d}.png").write_bytes(page["png"])
            for engine, ocr in page["ocr"].items():
                for order in ORDERS:
                    name = f"{page['source']}-{engine}-{order}"
                    rng = random.Random(f"{seed}-{page['i']}-{name}")
                    lines = emit(order, ocr, page["drawn"], rng)
                    _write_page(families.setdefault(name, {"pages": [], "labels": []}), out / name, page, lines)
    folders = []
    for name, fam in families.items():
        gold = {"about": f"bench/ocr_pages.py --images {images} --seed {seed}: family {name}", "ocr": True,
                "family": name, "pages": fam["pages"]}
        (out / name / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
        (out / name / "labels.jsonl").write_text("\n".join(fam["labels"]) + "\n", "utf-8")
        folders.append(out / name)
    return folders


def _write_page(family: dict, folder: Path, page: dict, lines: list[tuple[str, Line | None]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"p{page['i']:03d}.txt"
    (folder / name).write_text("\n".join(t for t, _ in lines) + "\n", "utf-8")
    family["pages"].append({"seed": name, "columns": page["columns"],
                            "articles": [g for items in page["golds"] for g in items]})
    family["labels"].append(json.dumps({"page": name, "lines": [
        [t, d.role if d else "blank", d.story if d else None] for t, d in lines]}, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--images", type=int, default=40, help="page images (each read by every engine)")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--keep-images", action="store_true")
    args = p.parse_args(argv)
    for engine in ENGINES:
        if (why := available(engine)):
            print(f"{engine} not available ({why}); its families are skipped")
    for folder in build(args.corpus, args.out, args.images, args.seed, args.workers, args.keep_images):
        print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
