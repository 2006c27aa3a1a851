"""Storing: the SQLite article store (the system of record), corrections laid over it, and batch ingest."""
