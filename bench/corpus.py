"""Build a benchmark corpus: real articles resampled and recombined into N ready articles.

A benchmark on one paragraph repeated N times measures nothing (one posting list,
one cached term), so every synthetic article takes a real title and a body made of
contiguous paragraph runs from one to three real articles *of the same kind*
(same 人民日报 page number, i.e. the same section; same 眾新聞 category).  The
vocabulary, the length distribution and the topic mix therefore stay those of the
real papers.  Metadata is spread the way a province's archive spreads it:
a few dozen papers named after their home prefectures, regions drawn under each
paper's home (province > prefecture > county), dates over 2005-2024.

The corpus text belongs to its publishers: it is read from the shared corpus at
bench time and written only under bench/out/ (git-ignored), never into the project.

    python -m bench.corpus --n 100000 --out bench/out/corpus-100k.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DIVISIONS = ROOT / "archive" / "data" / "divisions.tsv"
YEARS = (2005, 2024)
TRADITIONAL_SHARE = 0.1   # of articles based on 眾新聞 (traditional script, some Cantonese)
PAPER_KINDS = ("日报", "晚报", "时报")
# The 34 province-level divisions: a closed list, used only to anchor the fallback
# that derives region paths from place names printed in the corpus itself.
PROVINCES = ("北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 "
             "江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 "
             "台湾省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 "
             "香港特别行政区 澳门特别行政区").split()
_PLACE = re.compile("(" + "|".join(PROVINCES) + r")([\u4e00-\u9fff]{2,5}?(?:市|地区|自治州|盟))"
                    r"([\u4e00-\u9fff]{1,6}?(?:县|区|市|旗))")
# Ethnic names inside autonomous prefectures' names (延边朝鲜族自治州 -> 延边): dropped from paper names.
_ETHNIC = re.compile(r"(?:(?:朝鲜|土家|布依|景颇|傈僳|哈尼|哈萨克|柯尔克孜|蒙古|[彝傣白壮苗侗藏羌回])族)+$")
_MD_DROP = re.compile(r"^\s*(?:#|<|!\[|\|)")
_MD_MARK = re.compile(r"\*\*|__|\[([^\]]*)\]\([^)]*\)")


@dataclass
class Source:
    """One real article, reduced to what recombination needs."""

    title: str
    paragraphs: list[str]
    kind: str            # articles of one kind may lend each other paragraphs


def load_sources(corpus_dir: Path) -> list[Source]:
    """Every usable article of the 人民日报 and 眾新聞 samples, in a stable order."""
    sources = [s for f in sorted((corpus_dir / "rmrb").glob("*/*/*.txt")) if (s := _rmrb(f))]
    sources += [s for f in sorted((corpus_dir / "hkcnews-sample").glob("articles/*/*.md")) if (s := _hkc(f))]
    if not sources:
        raise FileNotFoundError(f"no rmrb/ or hkcnews-sample/ articles under {corpus_dir}")
    return sources


def _rmrb(path: Path) -> Source | None:
    """Line 1 kicker, line 2 title, line 3 subtitle, then paragraphs; the page number is the section."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if len(lines) < 4 or not lines[1].strip():
        return None
    paras = [p.strip() for p in lines[3:] if len(p.strip()) > 1]
    page = path.stem.split("-")[1]
    return Source(lines[1].strip(), paras, f"rmrb-{page}") if sum(map(len, paras)) >= 60 else None


def _hkc(path: Path) -> Source | None:
    """YAML front matter (title, category) then Markdown; figures, headings and link targets dropped."""
    text = path.read_text(encoding="utf-8", errors="replace")
    parts = text.split("---", 2)
    if len(parts) < 3:
        return None
    meta = dict(re.findall(r'^(title|category):\s*"?(.*?)"?\s*$', parts[1], re.M))
    paras = [_MD_MARK.sub(lambda m: m.group(1) or "", line).strip()
             for line in parts[2].splitlines() if line.strip() and not _MD_DROP.match(line)]
    paras = [p for p in paras if len(p) > 1]
    if not meta.get("title") or sum(map(len, paras)) < 60:
        return None
    return Source(meta["title"], paras, "hkc-" + meta.get("category", ""))


def region_paths(corpus_dir: Path, divisions: Path = DIVISIONS) -> list[list[str]]:
    """Province > prefecture > county paths: from the gazetteer when shipped, else from the corpus text."""
    paths = _from_divisions(divisions) if divisions.is_file() else []
    return paths or _from_text(corpus_dir)


def _from_divisions(path: Path) -> list[list[str]]:
    """County-level rows of divisions.tsv, as name paths (columns found by their header names)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    if not rows:
        return []
    head = [h.strip().lower() for h in rows[0]]
    if not {"code", "name"} <= set(head):
        return []
    code_i, name_i = head.index("code"), head.index("name")
    names = {r[code_i].strip(): r[name_i].strip() for r in rows[1:] if len(r) > max(code_i, name_i)}
    paths = []
    for code, name in names.items():
        if len(code) == 6 and code[2:4] != "00" and code[4:] != "00":
            prov, pref = names.get(code[:2] + "0000"), names.get(code[:4] + "00")
            if prov and pref:
                paths.append([prov, pref, name])
    return paths


def _from_text(corpus_dir: Path) -> list[list[str]]:
    """Full place names as printed (湖南省郴州市临武县) in the 人民日报 sample."""
    found: set[tuple[str, str, str]] = set()
    for f in sorted((corpus_dir / "rmrb").glob("*/*/*.txt")):
        found.update(_PLACE.findall(f.read_text(encoding="utf-8", errors="replace")))
    return [list(t) for t in sorted(found) if "等" not in "".join(t)]


@dataclass
class Paper:
    name: str
    home: list[str]      # [province, prefecture]
    counties: list[str]


def make_papers(paths: list[list[str]], rng: random.Random, count: int = 36) -> list[Paper]:
    """A few dozen papers, each named for its home prefecture (郴州日报, 郴州晚报, ...)."""
    by_pref: dict[tuple[str, str], list[str]] = defaultdict(list)
    for prov, pref, county in paths:
        by_pref[(prov, pref)].append(county)
    homes = sorted(by_pref, key=lambda k: (-len(by_pref[k]), k))
    homes = rng.sample(homes[:count * 3], min(count, len(homes)))
    papers = []
    for i, home in enumerate(homes):
        short = _ETHNIC.sub("", re.sub(r"(市|地区|自治州|盟)$", "", home[1])) or home[1]
        papers.append(Paper(short + PAPER_KINDS[i % len(PAPER_KINDS)], list(home), sorted(by_pref[home])))
    return papers


def _body(base: Source, donors: list[Source], rng: random.Random) -> str:
    """Contiguous runs of the base's paragraphs, then of each donor's, near the base's own length."""
    target = sum(map(len, base.paragraphs)) * rng.uniform(0.6, 1.4)
    base_share = rng.uniform(0.4, 0.7) if donors else 1.0
    shares = [base_share] + [(1 - base_share) / max(1, len(donors))] * len(donors)
    out: list[str] = []
    for src, share in zip([base, *donors], shares):
        start = rng.randrange(max(1, len(src.paragraphs) // (2 if src is base else 1)))
        taken = 0
        for para in src.paragraphs[start:]:
            out.append("\u3000\u3000" + para.lstrip("\u3000 "))
            taken += len(para)
            if taken >= target * share:
                break
    return "\n".join(out)


def _date(rng: random.Random) -> str:
    """A day in 2005-2024, later years a little denser (more of them were born digital)."""
    years = list(range(YEARS[0], YEARS[1] + 1))
    year = rng.choices(years, weights=[1 + i / 10 for i in range(len(years))])[0]
    return (date(year, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()


def synthesize(sources: list[Source], papers: list[Paper], n: int, rng: random.Random):
    """Yield n ready-article dicts (title, body, date, paper, region, url)."""
    by_kind: dict[str, list[Source]] = defaultdict(list)
    for s in sources:
        by_kind[s.kind].append(s)
    simplified = [s for s in sources if not s.kind.startswith("hkc-")]
    traditional = [s for s in sources if s.kind.startswith("hkc-")]
    for i in range(n):
        pool = traditional if traditional and (rng.random() < TRADITIONAL_SHARE or not simplified) else simplified
        base = rng.choice(pool)
        donors = rng.sample(by_kind[base.kind], k=min(rng.choice((0, 1, 1, 2)), len(by_kind[base.kind])))
        paper = rng.choice(papers)
        region = list(paper.home)
        if paper.counties and rng.random() < 0.6:
            region.append(rng.choice(paper.counties))
        when = _date(rng)
        yield {"title": base.title, "body": _body(base, [d for d in donors if d is not base], rng),
               "date": when, "paper": paper.name, "region": region,
               "url": f"https://bench.invalid/{papers.index(paper):02d}/{when}/{i}"}


def build_corpus(corpus_dir: Path, n: int, out: Path, seed: int = 1) -> Path:
    """Write n synthetic ready articles to `out` as JSON Lines; the same seed gives the same file."""
    rng = random.Random(seed)
    sources = load_sources(corpus_dir)
    papers = make_papers(region_paths(corpus_dir), rng)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for record in synthesize(sources, papers, n, rng):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out)
    return out


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '2500' -> 2500."""
    text = text.strip().lower()
    mult = {"k": 1000, "m": 1000000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=parse_size, required=True, help="articles to write (10k, 100k, 1m ...)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    print(build_corpus(args.corpus_dir, args.n, args.out, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
