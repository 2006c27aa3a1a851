"""Load test: `newsarchive serve` (waitress) on 127.0.0.1 driven by concurrent keep-alive clients.

    python -m bench.loadtest --data bench/out/work-100k/data [--clients 1,8,32] [--requests 2000] [--seconds 30]

The data folder is one that `python -m bench.run` built.  Each client is a thread
with its own keep-alive `http.client` connection, sending the benchmark's query mix
(bench.run.query_mix) to /api/search round-robin.  Every level is bounded both by a
request count and by a time budget, and only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import argparse
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.run import ROOT, pct, query_mix

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int, threads: int, workers: int = 1) -> subprocess.Popen:
    """`newsarchive serve` in a child process; returns once it answers /api/search."""
    cmd = [sys.executable, "-m", "newsarchive.cli", "--data", str(data), "serve", "--host", HOST,
           "--port", str(port), "--threads", str(threads), "--workers", str(workers)]
    log = data.parent / "serve.log"       # a file, not a pipe: waitress's queue warnings must never block it
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"newsarchive serve exited: {log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("GET", "/api/search?q=" + "%E6%96%B0%E9%97%BB")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("newsarchive serve did not answer within 120 s")


def search_path(item: dict) -> str:
    """The mix item as an /api/search URL (the same parameters as `newsarchive search`)."""
    f = item["filters"]
    params = [("q", item["q"])] + [("region", r) for r in f.get("region", [])] + \
             [("topic", t) for t in f.get("topic", [])]
    params += [(k, f[name]) for k, name in (("from", "date_from"), ("to", "date_to")) if f.get(name)]
    return "/api/search?" + urlencode(params)


def drive(port: int, paths: list[str], clients: int, requests: int, seconds: float) -> dict:
    """`clients` threads share a budget of `requests` requests and `seconds`; latencies of each."""
    lock, latencies, errors = threading.Lock(), [], []
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            t = time.perf_counter()
            error = None
            try:
                conn.request("GET", paths[i % len(paths)])
                resp = conn.getresponse()
                body = resp.read()
                error = None if resp.status == 200 else f"HTTP {resp.status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = time.perf_counter() - t
            with lock:
                if error:
                    errors.append(error)
                else:
                    latencies.append(elapsed)
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - start
    return {"clients": clients, "requests": len(latencies), "errors": len(errors), "first_errors": errors[:3],
            "requests_per_s": len(latencies) / wall, "p50_ms": pct(latencies, 50) * 1000,
            "p95_ms": pct(latencies, 95) * 1000, "p99_ms": pct(latencies, 99) * 1000}


def run(data: Path, levels: list[int], requests: int, seconds: float, workers: int = 1) -> dict:
    """Serve the data folder and drive it at each concurrency level; the server is always stopped."""
    paths = [search_path(item) for item in query_mix(data / "articles.sqlite")]
    port = free_port()
    proc = start_server(data, port, threads=max(levels), workers=workers)
    try:
        drive(port, paths, 1, len(paths), seconds)          # warm-up: caches, jieba dictionary
        return {"data": str(data), "workers": workers,
                "levels": [drive(port, paths, c, requests, seconds) for c in levels]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="load test of newsarchive serve on 127.0.0.1")
    p.add_argument("--data", type=Path, required=True, help="a data folder built by python -m bench.run")
    p.add_argument("--clients", default="1,8,32")
    p.add_argument("--requests", type=int, default=2000, help="at most this many requests per level")
    p.add_argument("--seconds", type=float, default=30, help="at most this long per level")
    p.add_argument("--workers", type=int, default=1, help="server processes (newsarchive serve --workers)")
    p.add_argument("--out", type=Path, help="write the figures as JSON")
    args = p.parse_args(argv)
    result = run(args.data, [int(c) for c in args.clients.split(",")], args.requests, args.seconds, args.workers)
    print(f"{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for lv in result["levels"]:
        print(f"{lv['clients']:>8}{lv['requests_per_s']:>10.1f}{lv['p50_ms']:>10.1f}{lv['p95_ms']:>10.1f}"
              f"{lv['p99_ms']:>10.1f}{lv['errors']:>8}")
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
