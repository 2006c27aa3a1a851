"""SQLite files opened by several processes at once (a server started with --workers)."""
import multiprocessing

from archive.storing.sqlite import ThreadConnections


def _open(path, answers):
    try:
        ThreadConnections(path, "CREATE TABLE IF NOT EXISTS t(x INTEGER);")
        answers.put("ok")
    except Exception as err:                      # reported back, so the assertion names it
        answers.put(repr(err))


def test_processes_opening_a_new_database_together_all_succeed(tmp_path):
    """Switching a new file to WAL is answered "database is locked" at once when another process is doing
    the same; without a retry one of two server workers failed to start (seen in CI)."""
    ctx = multiprocessing.get_context("fork")
    failures = []
    for attempt in range(60):
        answers = ctx.Queue()
        workers = [ctx.Process(target=_open, args=(tmp_path / f"db{attempt}.sqlite", answers)) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        failures += [a for a in (answers.get(timeout=5) for _ in workers) if a != "ok"]
    assert not failures
