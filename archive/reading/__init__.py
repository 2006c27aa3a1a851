"""Reading: files into pages (any encoding, OCR text, Markdown, HTML, JSON Lines), pages into article drafts.

Also the text tools every later stage reads with: script folding, jieba's words, dates.
"""
