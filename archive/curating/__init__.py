"""Curating: what librarians and readers do with stored articles (collections, citations, exports)."""
