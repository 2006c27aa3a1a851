"""Ingest progress on stderr: files and bytes done of the total, rate and time left.

On a terminal it is one line redrawn in place; otherwise (a log, CI) a plain line
every few seconds, so a long ingest is never silent and never floods the log.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from archive.storing.ingest import FileOutcome, discover

_WIDTH = 24          # characters of the bar
_EVERY = 5.0         # seconds between lines when stderr is not a terminal


class Progress:
    def __init__(self, paths: list[Path], out: TextIO = sys.stderr, clock=time.monotonic) -> None:
        self.sizes = {str(p): _size(p) for p in discover(paths)}
        self.total_files, self.total_bytes = len(self.sizes), sum(self.sizes.values())
        self.files = self.bytes = self.articles = 0
        self.out, self.clock, self.tty = out, clock, out.isatty()
        self.start = self.last = clock()

    def __call__(self, outcome: FileOutcome) -> None:
        self.files += 1
        self.bytes += self.sizes.get(outcome.path, 0)
        self.articles += outcome.articles
        now = self.clock()
        if self.tty:
            self.out.write("\r\033[K" + self.line(now))
        elif now - self.last >= _EVERY or self.files == self.total_files:
            self.out.write(self.line(now) + "\n")
            self.last = now
        self.out.flush()

    def line(self, now: float) -> str:
        share = self.bytes / self.total_bytes if self.total_bytes else self.files / max(1, self.total_files)
        bar = "█" * int(share * _WIDTH) + "·" * (_WIDTH - int(share * _WIDTH))
        rate = self.bytes / max(now - self.start, 1e-6)
        left = (self.total_bytes - self.bytes) / rate if rate > 0 else 0.0
        return (f"[{bar}] {share:4.0%}  {self.files}/{self.total_files} files  "
                f"{_mb(self.bytes)}/{_mb(self.total_bytes)} MB  {_mb(rate)} MB/s  "
                f"{self.articles} articles  ETA {_clock(left)}")

    def done(self) -> None:
        if self.tty:
            self.out.write("\n")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
