"""`newsarchive`: ingest, search, export, serve, stats, evaluate.

The data folder is ./data unless --data DIR or NEWSARCHIVE_DATA says otherwise;
it holds the article store (articles.sqlite) and the index (index/).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from archive.storing.ingest import die_with_parent
from indexer.registry import FILTERS
from library import operations
from library.datadir import DataDir, IngestLocked
from newsarchive.progress import Progress

EXPORT_FIELDS = ("id", "source", "position", "kind", "title", "subtitle", "kicker", "authors", "body",
                 "paper", "page_no", "region", "date", "date_precision", "date_source", "dates_mentioned",
                 "topics", "entities", "url")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    data = DataDir(Path(args.data or os.environ.get("NEWSARCHIVE_DATA") or "data"))
    if getattr(args, "reader", None):        # ingest and evaluate: the workers read it from the environment
        os.environ["NEWSARCHIVE_READER"] = args.reader
    try:
        return args.func(args, data)
    except IngestLocked as exc:
        print(f"newsarchive: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsarchive", description="Chinese regional newspaper archive")
    p.add_argument("--data", help="data folder (default ./data or $NEWSARCHIVE_DATA)")
    sub = p.add_subparsers(title="commands")

    s = sub.add_parser("ingest", help="read files or folders into the archive")
    s.add_argument("paths", nargs="+", type=Path)
    s.add_argument("--report", type=Path, help="write the per-file report as JSON")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    _reader_option(s)
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("search", help="search the archive")
    s.add_argument("query", nargs="?", default="")
    for spec in FILTERS:
        s.add_argument(f"--{spec.name}", action="append", default=[], help=f"{spec.label}（可重复）")
    s.add_argument("--from", dest="date_from")
    s.add_argument("--to", dest="date_to")
    s.add_argument("--sort", default="relevance", choices=("relevance", "date", "date_asc"))
    s.add_argument("--page", type=int, default=1)
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.add_argument("--export", choices=("csv", "jsonl", "ris", "enw", "netx"),
                   help="write every matching article (not just a page), streamed, in this format")
    s.add_argument("--output", "-o", type=Path, help="with --export: the file to write (default: standard output)")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("export", help="write every article, one JSON object a line")
    s.add_argument("--format", default="jsonl", choices=("jsonl",))
    s.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("serve", help="serve the web UI and JSON API (waitress)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--threads", type=int, default=8)
    s.add_argument("--workers", type=int, default=1,
                   help="server processes sharing the port (each opens the index; uses more cores and memory)")
    s.add_argument("--secure-cookies", action="store_true",
                   help="send the login cookie over HTTPS only (behind a TLS proxy, as in production)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("stats", help="what the archive holds")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("reindex", help="rebuild the index from the article store")
    s.set_defaults(func=cmd_reindex)

    s = sub.add_parser("user", help="librarian accounts (editing collections needs one)")
    usub = s.add_subparsers(title="user commands")
    u = usub.add_parser("add", help="add a librarian, or set a new password")
    u.add_argument("name")
    u.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    u.set_defaults(func=cmd_user_add)
    u = usub.add_parser("list", help="list librarians")
    u.set_defaults(func=cmd_user_list)

    s = sub.add_parser("correct", help="librarians' corrections of article metadata, one or a CSV of many")
    s.add_argument("id", nargs="?", help="the article's id")
    s.add_argument("field", nargs="?", help="title, authors, date, paper, region, topics or kind")
    s.add_argument("value", nargs="?", default="", help="the right value (empty clears the field)")
    s.add_argument("--note", default="", help="why (the source of the right value)")
    s.add_argument("--csv", type=Path, help="a CSV with columns id,field,value[,note]: every row is tried")
    s.add_argument("--by", required=True, help="the librarian making the corrections")
    s.set_defaults(func=cmd_correct)

    s = sub.add_parser("evaluate", help="measure splitting and metadata against a gold file",
                       description="Gold files: ../shared/gold/seeds.json, or made from real articles by "
                                   "python -m bench.pagegen (damaged text pages) and python -m bench.ocr_pages "
                                   "(page images read back by RapidOCR and tesseract).")
    s.add_argument("gold", type=Path)
    s.add_argument("--pages", type=Path, required=True, help="folder holding the gold file's pages")
    s.add_argument("--json", action="store_true")
    s.add_argument("--check", action="store_true", help="exit 1 when a figure is below the issue's bars")
    _reader_option(s)
    s.set_defaults(func=cmd_evaluate)
    return p


def _reader_option(s: argparse.ArgumentParser) -> None:
    from archive.reading.segment import READERS
    s.add_argument("--reader", choices=READERS,
                   help="how pages are split: auto (default: the printed-mark rules where the learned line labeller "
                        "agrees, the labeller elsewhere), rules, or learned; sets $NEWSARCHIVE_READER for the workers")


def cmd_ingest(args, data: DataDir) -> int:
    done = operations.ingest(data, args.paths, None if args.quiet else Progress(args.paths))
    _print_summary(done.report, done.indexed, done.deleted)
    if args.report:
        args.report.write_text(json.dumps(done.report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if done.report.files else 1


def _print_summary(report, indexed: int, deleted: int) -> None:
    for f in report.files:
        if f.status != "ingested" or f.warnings:
            detail = f.reason or "; ".join(f.warnings)
            print(f"{f.status:9} {f.path}: {detail}")
    counts = report.counts()
    kinds: dict[str, int] = {}
    for f in report.files:
        for k, n in f.kinds.items():
            kinds[k] = kinds.get(k, 0) + n
    print(f"{len(report.files)} file(s): " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"{report.articles} article(s) stored ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items())) or 'none'}); "
          f"{indexed} indexed, {deleted} removed from the index")


def cmd_search(args, data: DataDir) -> int:
    from indexer.search import QueryError, SearchRequest
    filters = {spec.name: getattr(args, spec.name) for spec in FILTERS if getattr(args, spec.name)}
    req = SearchRequest(q=args.query, filters=filters, date_from=args.date_from, date_to=args.date_to,
                        sort=args.sort, page=args.page)
    try:
        if args.export:
            return _export_matches(data, req, args.export, args.output)
        result = data.searcher().search(req)
    except QueryError as exc:
        print(f"newsarchive: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"共 {result.total} 条结果")
    for i, hit in enumerate(result.hits, (result.page - 1) * result.per_page + 1):
        where = " › ".join(hit.region)
        print(f"{i:3}. {hit.title or '（无标题）'}  [{hit.date or '日期不详'} {hit.paper or ''} {where}]  {hit.id}")
        print("     " + _plain(hit.snippet))
    return 0


def _export_matches(data: DataDir, req, fmt: str, output: Path | None) -> int:
    """Every match of a search, in its order, a few hundred articles in memory at a time."""
    from archive.curating.exports import STREAMS
    ids = data.searcher().all_ids(req)
    store = data.store()

    def articles():
        for i in range(0, len(ids), 500):
            yield from (a for a in (store.get(x) for x in ids[i:i + 500]) if a)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in STREAMS[fmt](articles()):
            out.write(chunk)
    finally:
        if output:
            out.close()
    print(f"{len(ids)} article(s) exported", file=sys.stderr)
    return 0


def _plain(snippet: str) -> str:
    import html
    import re
    return html.unescape(re.sub(r"</?mark>", "", snippet)).replace("\n", " ")


def cmd_export(args, data: DataDir) -> int:
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for article in data.store().iter_articles():
            record = article.to_dict()
            record["topics"] = article.topic_labels
            out.write(json.dumps({k: record.get(k) for k in EXPORT_FIELDS}, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
    return 0


def serve_config(args, path: Path) -> dict:
    """The app's configuration from `serve`'s options (behind a TLS proxy, --secure-cookies)."""
    return {"DATA_DIR": path, "SESSION_COOKIE_SECURE": args.secure_cookies}


def cmd_serve(args, data: DataDir) -> int:
    """waitress, never Flask's debug server; with --workers N, N processes accept on one socket."""
    import socket

    from waitress import serve

    from webui import create_app
    sock = socket.create_server((args.host, args.port), reuse_port=False)
    config = serve_config(args, data.path)
    print(f"newsarchive: serving {data.path} on http://{args.host}:{args.port}/ "
          f"({args.workers} process(es) × {args.threads} threads)", file=sys.stderr)
    children = []
    for _ in range(args.workers - 1):
        pid = os.fork()
        if pid == 0:                                  # a worker: serve until the parent goes
            die_with_parent()
            serve(create_app(config), sockets=[sock], threads=args.threads, ident="newsarchive")
            os._exit(0)
        children.append(pid)
    try:
        serve(create_app(config), sockets=[sock], threads=args.threads, ident="newsarchive")
    finally:
        for pid in children:
            os.kill(pid, 15)
    return 0


def cmd_stats(args, data: DataDir) -> int:
    stats = data.store().stats()
    stats["indexed"] = data.searcher().doc_count() if data.index_dir.exists() else 0
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    for key, value in stats.items():
        print(f"{key:14} {value}")
    return 0


def cmd_reindex(args, data: DataDir) -> int:
    print(f"{operations.reindex(data)} article(s) indexed")
    return 0


def cmd_correct(args, data: DataDir) -> int:
    """Apply corrections (a bad row is reported and skipped, never stops the rest), then index them."""
    import csv
    if args.csv:
        with open(args.csv, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    elif args.id and args.field:
        rows = [{"id": args.id, "field": args.field, "value": args.value, "note": args.note}]
    else:
        print("newsarchive: give ID FIELD VALUE, or --csv FILE", file=sys.stderr)
        return 2
    done = operations.correct(data, rows, args.by)
    for n, row, why in done.refused:
        print(f"row {n} ({row.get('id')} {row.get('field')}): {why}", file=sys.stderr)
    print(f"{done.applied} correction(s) applied and indexed, {len(done.refused)} refused")
    return 1 if done.refused else 0


def cmd_user_add(args, data: DataDir) -> int:
    import getpass

    from archive.curating.librarians import CollectionError
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码: ")
        if password != getpass.getpass("再输入一次: "):
            print("newsarchive: passwords differ", file=sys.stderr)
            return 2
    try:
        data.collections().add_user(args.name, password)
    except CollectionError as exc:
        print(f"newsarchive: {exc}", file=sys.stderr)
        return 2
    print(f"librarian {args.name} saved")
    return 0


def cmd_user_list(args, data: DataDir) -> int:
    print("\n".join(data.collections().users()))
    return 0


def cmd_evaluate(args, data: DataDir) -> int:
    from archive.evaluate import evaluate, format_report
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    report = evaluate(gold, args.pages)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) if args.json else format_report(report))
    if args.check:
        failures = report.below_bars()
        for line in failures:
            print(f"below bar: {line}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
