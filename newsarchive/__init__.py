"""The `newsarchive` command: the archive's other interface beside the web UI, over the same `library`."""
