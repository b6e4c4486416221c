"""Output: rendering.py is the one ordered walk of an item's content and the plain text; html.py renders the walk as
HTML; pdf.py prints the minutes (WeasyPrint)."""
