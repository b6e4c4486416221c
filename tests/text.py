"""Helpers for comparing rendered pages with the published plain-text layout."""

import re
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "dt", "dd", "ol", "ul", "tr", "article"}
LABEL = re.compile(r"^(\d+\.|\(\d+\)|\d+\)|[a-z][.)]|\([a-z]\)|\([ivx]+\)|[·•-])\s+")


def normalise(line):
    return " ".join(line.replace("\u00a0", " ").split())


def strip_label(line):
    return LABEL.sub("", normalise(line))


def published_lines(text):
    """Non-empty lines of the published plain text (lines holding only a non-breaking space dropped)."""
    return [normalise(line) for line in text.splitlines() if normalise(line)]


class _Lines(HTMLParser):
    def __init__(self, root):
        super().__init__()
        self.root, self.depth, self.inside = root, 0, False
        self.lines, self.current = [], []

    def flush(self):
        text = normalise("".join(self.current))
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == self.root:
            self.inside = True
        if self.inside and tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if self.inside and tag in BLOCK_TAGS:
            self.flush()
        if tag == self.root:
            self.flush()
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.current.append(data)


def page_lines(html, root="main"):
    """The visible text of the page's <main>, one line per block element."""
    parser = _Lines(root)
    parser.feed(html)
    parser.flush()
    return parser.lines


def assert_in_order(expected, actual):
    """Every expected line appears in `actual`, in the same order (list markers ignored on both sides)."""
    wanted = [strip_label(line) for line in expected if strip_label(line)]
    got = [strip_label(line) for line in actual if strip_label(line)]
    position = 0
    for line in wanted:
        try:
            position = got.index(line, position) + 1
        except ValueError:
            raise AssertionError(f"missing or out of order: {line[:90]!r}") from None
