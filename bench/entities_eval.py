"""Entity facet precision against hand judgements (bench/entity_judgements.json).

The top 30 values of the person, org and place facets for three broad queries over the
眾新聞 sample were judged by a reader against the articles: a name correctly bounded,
not a common word, a fragment, a courtesy title or a second form of a listed name; a
place only where half its articles mean it.  Round 1 judged the values before the
extraction rules were changed while looking at them; round 2 judged the values the
changed rules brought in.  Ingest the sample, then:

    newsarchive --data /tmp/hkc ingest ../shared/corpus/hkcnews-sample ../shared/corpus/epaper-html
    python -m bench.entities_eval --data /tmp/hkc

Values never judged are listed, not counted: judge them before quoting the figure.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from indexer.search import Searcher, SearchRequest

JUDGED = Path(__file__).with_name("entity_judgements.json")
QUERIES = ("香港", "政府", "警察")
FACETS = ("person", "org", "place")
TOP = 30


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, required=True)
    args = p.parse_args(argv)
    judged = json.loads(JUDGED.read_text("utf-8"))
    searcher = Searcher(args.data / "index")
    right: dict[str, int] = dict.fromkeys(FACETS, 0)
    seen: dict[str, int] = dict.fromkeys(FACETS, 0)
    unjudged: set[str] = set()
    for q in QUERIES:
        facets = searcher.search(SearchRequest(q=q, per_page=1), dict.fromkeys(FACETS, TOP)).facets
        for facet in FACETS:
            for value in [v.value for v in facets[facet]][:TOP]:
                verdict = judged.get(f"{facet}|{value}")
                if verdict is None:
                    unjudged.add(f"{facet}|{value}")
                    continue
                seen[facet] += 1
                right[facet] += verdict["right"]
    for facet in FACETS:
        print(f"{facet:7} {right[facet]}/{seen[facet]} = {right[facet] / max(1, seen[facet]):.3f}")
    total = sum(seen.values())
    print(f"pooled  {sum(right.values())}/{total} = {sum(right.values()) / max(1, total):.3f}")
    if unjudged:
        print(f"{len(unjudged)} value(s) not judged yet:", ", ".join(sorted(unjudged)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
