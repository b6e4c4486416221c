"""Full-text search: the one interface the rest of the code calls (`from minutes import search`).

`engine.py` holds the search document (only what the public may read), the query planner, ranking, results and
snippets, on PostgreSQL; `sqlite.py` is SQLite's own engine (FTS5), which `engine.py` hands over to on the embedded
default. Callers use the names below; tests that probe the planner import `minutes.search.engine` itself.
"""

from . import engine
from .engine import (
    SearchResults,
    clean_query,
    document_parts,
    find_anchors,
    match,
    paginate,
    public_text,
    public_text_of,
    query_words,
    ranks,
    refresh_search_document,
    run_search,
    uses_postgres,
)

__all__ = [
    "SearchResults",
    "clean_query",
    "document_parts",
    "find_anchors",
    "match",
    "paginate",
    "public_text",
    "public_text_of",
    "query_words",
    "ranks",
    "refresh_search_document",
    "run_search",
    "uses_postgres",
]

# The tuning constants are read from the engine at each use, so a setting changed there (a test's monkeypatch) is the
# one every caller sees.
CONSTANTS = {"COUNT_CAP", "MAX_QUERY_LENGTH", "PER_PAGE", "RANK_WINDOW"}


def __getattr__(name):
    if name in CONSTANTS:
        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
