"""Gold pages from real text, damaged the way OCR and layout tools damage real pages.

Real 人民日报 articles (../shared/corpus/rmrb) are laid out 3 to 5 to a page and
damaged as the seed pages are: hard wraps at 12 to 20 characters (some pages with
a blank line after every wrapped line), headlines gathered at the page end in
shuffled order and partly doubled by OCR (whole string, or chunk by chunk), stray
spaces between characters, a photo caption with its credit, a continuation from
another page, Markdown headings from a layout tool, traditional script, full-width
digits, and datelines in many styles (or none).  Each page comes with its gold in
the format of ../shared/gold/seeds.json; metadata goes in a manifest for some
pages and in the file name for others.  The text stays the publisher's: pages are
written at test or bench time under a temporary folder, never into the project.

    python -m bench.pagegen --corpus ../shared/corpus --out /tmp/gold-pages
"""
from __future__ import annotations

import argparse
import json
import random
import re
from functools import lru_cache
from pathlib import Path

from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
SEEDS_GOLD = ROOT.parent / "shared" / "gold" / "seeds.json"
LABELS = Path(__file__).resolve().parent / "gold_labels.tsv"
_DATELINE = re.compile(r"^(?:本报[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电|新华社[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电)"
                       r"\s*[（(]((?:记者|通讯员|特约记者)[^）)]{2,40})[）)]\s*")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
STYLES = ("benbao", "xinhua", "baodao", "paren", "box", "closing", "none")
_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def load_articles(corpus_dir: Path) -> list[dict]:
    """rmrb articles with a parsable dateline and a body long enough to lay out, in path order."""
    out = []
    for path in sorted((corpus_dir / "rmrb").glob("*/*/*.txt")):
        lines = [x.strip().strip("\u3000") for x in path.read_text("utf-8").splitlines()]
        if len(lines) < 5 or not lines[1]:
            continue
        paragraphs = [x for x in lines[3:] if x]
        found = _DATELINE.match(paragraphs[0]) if paragraphs else None
        authors = _authors(found.group(1)) if found else []
        if not found or not authors:
            continue
        paragraphs[0] = paragraphs[0][found.end():]
        body = _truncate(paragraphs)
        if body and 8 <= len(lines[1]) <= 24 and "\u3000" not in lines[1] and " " not in lines[1]:
            out.append({"path": str(path.relative_to(corpus_dir)), "title": lines[1], "authors": authors,
                        "paragraphs": body})
    return out


def _authors(credit: str) -> list[str]:
    names = re.sub(r"(?:特约记者|记者|通讯员|实习生)", " ", credit)
    return [n for n in re.split(r"[\s、，,]+", names) if _NAME.fullmatch(n)]


def _truncate(paragraphs: list[str], limit: int = 520) -> list[str]:
    """Whole paragraphs ending a sentence, up to about `limit` characters."""
    out, size = [], 0
    for p in paragraphs:
        if not p.endswith(("。", "！", "？", "”")) or re.search(r"[a-zA-Z]{2}|\s", p):
            break
        out.append(p)
        size += len(p)
        if size >= limit:
            break
    return out if size >= 120 else []


def _dateline(style: str, authors: list[str]) -> tuple[str, str]:
    """(opening, closing) byline text for a style."""
    who = " ".join(authors)
    return {"benbao": (f"本报讯（记者 {who}）", ""), "xinhua": (f"新华社西宁12月3日电（记者 {who}）", ""),
            "baodao": (f"本报记者 {who} 报道\n", ""), "paren": (f"（记者 {who}）", ""),
            "box": (f"□ 记者 {who}\n", ""), "closing": ("", f" （通讯员 {who}）"), "none": ("", "")}[style]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def _stray_spaces(line: str, rng: random.Random) -> str:
    if len(line) < 6 or rng.random() > 0.25:
        return line
    start = rng.randrange(0, len(line) - 4)
    return line[:start] + " ".join(line[start:start + 4]) + line[start + 4:]


def _double(title: str, rng: random.Random) -> str:
    """OCR doubling: the whole headline twice, or each short chunk twice."""
    if rng.random() < 0.5:
        return title + title
    chunks, i = [], 0
    while i < len(title):
        n = rng.randint(2, 4)
        chunks.append(title[i:i + n] * 2)
        i += n
    return "".join(chunks)


def _lay_out(paragraphs: list[str], width: int, blank_every_line: bool, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for p in paragraphs:
        for line in _wrap(p, width):
            lines.append(_stray_spaces(line, rng))
            if blank_every_line:
                lines.append("")
        if not blank_every_line:
            lines.append("")
    return lines


@lru_cache(maxsize=1)
def load_labels(path: Path = LABELS) -> dict[str, dict]:
    """Hand labels by source file: {"region": [...] or [] for no place, "topics": [...]}, as gold keys."""
    labels = {}
    for line in path.read_text("utf-8").splitlines()[1:]:
        if line.startswith("#") or line.startswith("source\t") or not line.strip():
            continue
        source, region, topics = (line.split("\t") + ["", ""])[:3]
        label: dict = {"topics": topics.split("|")} if topics else {}
        if region:
            label["region"] = [] if region == "-" else region.split(">")
        labels[source] = label
    return labels


def _gold_item(kind: str, title: str | None, authors: list[str], body: list[str], source: str) -> dict:
    text = "".join(body)
    item = {"kind": kind, "title": title, "authors": authors, "starts_with": text[:14], "ends_with": text[-12:],
            "source": source}
    return item | load_labels().get(source, {})


def build_page(articles: list[dict], rng: random.Random, variant: int,
               photo_source: dict | None = None) -> tuple[str, list[dict], str, list[tuple[str, str, int | None]]]:
    """One page's text, its gold items, its file suffix and each line's (text, role, story) for training.

    A caption is cut from `photo_source`.  Roles are those of bench/ocr_pages.py: title,
    body, caption, credit, gathered; blank lines have the role "blank".
    """
    markdown, traditional, fullwidth = variant % 5 == 3, variant % 7 == 4, variant % 9 == 5
    convert = OpenCC("s2t").convert if traditional else (lambda s: s)
    # convert each piece before damaging it: s2t works on words, and stray spaces would split them
    articles = [dict(a, title=convert(a["title"]), authors=[convert(n) for n in a["authors"]],
                     paragraphs=[convert(p) for p in a["paragraphs"]]) for a in articles]
    if photo_source:
        photo_source = dict(photo_source, paragraphs=[convert(p) for p in photo_source["paragraphs"]])
    width, blank = rng.randint(12, 20), variant % 4 == 1
    lines: list[tuple[str, str, int | None]] = []
    gold: list[dict] = []
    heads: list[tuple[str, int]] = []
    first, *rest = articles
    if variant % 3 == 0:            # a continuation from another page opens it
        tail = first["paragraphs"][len(first["paragraphs"]) // 2:] or first["paragraphs"][-1:]
        lines += _tag(_lay_out([convert("（上接一版）") + tail[0]] + tail[1:], width, blank, rng), "body", 0)
        gold.append(_gold_item("continuation", None, [], tail, first["path"]))
    else:
        rest = articles
    for n, art in enumerate(rest):
        k = len(gold)
        style = STYLES[(variant + n) % len(STYLES)]
        opening, closing = (convert(x) for x in _dateline(style, art["authors"]))
        body = list(art["paragraphs"])
        if markdown:
            lines += [(f"## {art['title']}", "title", k), ("", "blank", None)]
        else:
            heads.append((art["title"], k))
        text = [opening.replace("\n", "") + body[0]] + body[1:] if opening and "\n" not in opening else list(body)
        if opening.endswith("\n"):
            lines += [(opening.strip(), "body", k), ("", "blank", None)]
        text[-1] += closing
        lines += _tag(_lay_out(text, width, blank, rng), "body", k)
        gold.append(_gold_item("article", art["title"], art["authors"] if style != "none" else [], body, art["path"]))
    if variant % 2 == 0 and photo_source:      # a photo caption with its credit
        caption = photo_source["paragraphs"][0][:70]
        caption = caption[: caption.rfind("，") + 1 or len(caption)].rstrip("，") + "。"
        k = len(gold)
        lines += [(caption, "caption", k), (convert("新华社记者 张伟 摄"), "credit", k), ("", "blank", None)]
        gold.append(_gold_item("photo", None, [convert("张伟")], [caption], photo_source["path"]))
    rng.shuffle(heads)
    lines.append(("", "blank", None))
    for h, k in heads:
        lines += [(_double(h, rng) if rng.random() < 0.4 else h, "gathered", k), ("", "blank", None)]
    tagged = [(t.translate(_DIGITS) if fullwidth else t, role, k) for t, role, k in lines]
    return "\n".join(t for t, _, _ in tagged), gold, ".md" if markdown else ".txt", tagged


def _tag(lines: list[str], role: str, story: int) -> list[tuple[str, str, int | None]]:
    return [(t, role, story) if t else (t, "blank", None) for t in lines]


def build_pages(corpus_dir: Path, out_dir: Path, *, n_pages: int = 24, seed: int = 7) -> Path:
    """Write n damaged pages, a manifest for some, and gold.json; returns the gold file's path."""
    rng = random.Random(seed)
    pool = load_articles(corpus_dir)
    rng.shuffle(pool)
    out_dir.mkdir(parents=True, exist_ok=True)
    seeds_gold = json.loads(SEEDS_GOLD.read_text("utf-8")) if SEEDS_GOLD.exists() else {}
    gold = {"about": "Generated by bench/pagegen.py from 人民日报 articles; see docs/gold-pages.md.",
            "topic_labels": seeds_gold.get("topic_labels", {}), "topic_aliases": seeds_gold.get("topic_aliases", {}),
            "pages": []}
    manifest = ["file,paper,date,page"]
    labels: list[str] = []
    for i in range(n_pages):
        take = pool[i * 6:(i * 6) + rng.randint(3, 5)]
        text, items, suffix, tagged = build_page(take, rng, i, photo_source=pool[i * 6 + 5])
        name = f"2020-01-{i % 28 + 1:02d}_人民日报_{i % 20 + 1:02d}{suffix}" if i % 4 == 2 else f"page_{i:03d}{suffix}"
        if i % 4 == 0:
            manifest.append(f"{name},人民日报,2020-05-{i % 28 + 1:02d},{i % 20 + 1:02d}")
        (out_dir / name).write_text(text, "utf-8")
        gold["pages"].append({"seed": name, "sources": [a["path"] for a in take], "articles": items})
        labels.append(json.dumps({"page": name, "lines": tagged}, ensure_ascii=False))
    (out_dir / "manifest.csv").write_text("\n".join(manifest) + "\n", "utf-8")
    (out_dir / "labels.jsonl").write_text("\n".join(labels) + "\n", "utf-8")
    path = out_dir / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--pages", type=int, default=24)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    print(build_pages(args.corpus, args.out, n_pages=args.pages, seed=args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
