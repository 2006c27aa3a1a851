"""The application layer: what the archive does, whichever interface asks.

The command line (`newsarchive/`) and the web UI (`webui/`) both work through here:
a data folder (`datadir.DataDir`) and the operations that keep its store and index
in step (`operations`: ingest then index, correct then index, rebuild).  Below it sit
`archive` (read, clean, split, describe, store) and `indexer` (schema, write, search).
"""
