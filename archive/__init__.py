"""Reading, describing, storing and curating newspaper articles: everything below the index.

The flow runs through the sub-packages in that order: `reading` turns files into pages
and pages into article drafts, `describing` gives a draft its metadata, `storing`
keeps articles in SQLite (the system of record) and runs batch ingest, `curating` is
what librarians and readers do with articles (corrections, collections, citations,
exports).  `model` holds the records all of them pass along.
"""
from pathlib import Path

DATA = Path(__file__).parent / "data"      # word lists, gazetteer, topic lexicon, the line model: see data/README.md
