"""Ingest progress: totals known up front, a redrawn bar on a terminal, a line every few seconds in a log."""
from __future__ import annotations

import io

from archive.storing.ingest import FileOutcome
from newsarchive.progress import Progress


class _Log(io.StringIO):
    def isatty(self) -> bool:
        return False


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _files(tmp_path, n: int = 4) -> list:
    for k in range(n):
        (tmp_path / f"p{k}.txt").write_text("本报讯 今天。" * (k + 1) * 100, "utf-8")
    return sorted(tmp_path.glob("*.txt"))


def test_a_log_gets_a_line_every_few_seconds_and_one_at_the_end(tmp_path):
    files, out, now = _files(tmp_path), _Log(), [0.0]
    progress = Progress([tmp_path], out=out, clock=lambda: now[0])
    assert progress.total_files == 4 and progress.total_bytes == sum(f.stat().st_size for f in files)
    for k, f in enumerate(files):
        now[0] = 3.0 * (k + 1)                     # a file every 3 s: lines at 6 s and at the end
        progress(FileOutcome(str(f), "ingested", articles=2))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "2/4 files" in lines[0] and "4/4 files" in lines[1] and "100%" in lines[1] and "8 articles" in lines[1]
    assert "MB/s" in lines[1] and "ETA 0:00:00" in lines[1]


def test_a_terminal_gets_one_line_redrawn(tmp_path):
    files, out = _files(tmp_path, 2), _Terminal()
    progress = Progress([tmp_path], out=out)
    for f in files:
        progress(FileOutcome(str(f), "ingested", articles=1))
    progress.done()
    assert out.getvalue().count("\r\033[K") == 2 and out.getvalue().endswith("\n")
    assert "2/2 files" in out.getvalue()
