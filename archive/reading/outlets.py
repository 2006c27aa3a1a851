"""Outlets: the paper or site a source's web address names, and the region it is at home in.

A web archive's export (眾新聞's Markdown, a saved article page) often says where it
came from only by its URL.  `data/outlets.tsv` lists outlets with their domains and
home regions; an outlet whose name begins with its place (乌海日报) needs no entry,
describing/papers.py reads that from the name.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from archive import DATA


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(domain → outlet, outlet → home region path)."""
    domains, homes = {}, {}
    for line in (DATA / "outlets.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, hosts, home = (line.split("\t") + ["", ""])[:3]
        homes[name] = [p for p in home.strip().split("/") if p]
        domains.update({host.strip().lower(): name for host in hosts.split(",") if host.strip()})
    return domains, homes


def outlet(url: str | None) -> str | None:
    """The outlet a URL belongs to (the longest listed domain it ends with), None if not listed.

    A web archive's address (web.archive.org/web/…/https://www.hkcnews.com/…) names the
    original inside it, so the last http(s) address in the string is the one read."""
    if not url:
        return None
    original = url[url.rfind("http"):] if "http" in url else url
    host = (urlsplit(original if "//" in original else "//" + original).hostname or "").lower()
    domains = _table()[0]
    found = [d for d in domains if host == d or host.endswith("." + d)]
    return domains[max(found, key=len)] if found else None


def home(name: str | None) -> list[str] | None:
    """A listed outlet's home region ([] when national or foreign); None when the outlet is not listed."""
    return _table()[1].get(name) if name else None
