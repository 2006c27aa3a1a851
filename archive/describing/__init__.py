"""Describing: a draft's metadata from its own text and its page (region, topics, people, paper, column)."""
