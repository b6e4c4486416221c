"""Full-text search on the embedded default (SQLite), with SQLite's own engine, FTS5.

Two FTS5 tables, kept in step by `search.refresh_search_document` (which the change signals call): one row per item
(title, agenda text, minutes text) that the search matches and ranks (bm25), and one row per point, question and
resolution, which gives the paragraph link and its snippet. Both use FTS5's `porter unicode61` tokenizer: Unicode
words, diacritics folded, English stemming (Porter). Apostrophes are word separators to it, so "Victim’s" and
"Victim's" index and search alike.

The query is read the way PostgreSQL's websearch_to_tsquery reads it (words all required, "a phrase", `or`, a
leading `-` to leave a word out, English stop words ignored outside phrases) and written as an FTS5 expression of
quoted strings, so no character the reader types is ever FTS5 syntax.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete
from django.dispatch import receiver

ITEMS = "minutes_search_item_fts"
PARAGRAPHS = "minutes_search_paragraph"
PARAGRAPHS_FTS = "minutes_search_paragraph_fts"

# The tables are made by migration 0006_sqlite_full_text_search. The paragraphs' FTS index reads its text from an
# ordinary table (FTS5 "external content", kept in step by triggers), so an item's paragraphs are replaced through
# the item_id index.

# PostgreSQL's English stop words (Snowball's list): ignored in a query outside quotes, as PostgreSQL ignores them.
STOP_WORDS = set(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself "
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be "
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with "
    "about against between into through during before after above below to from up down in out on off over under "
    "again further then once here there when where why how all any both each few more most other some such no nor not "
    "only own same so than too very s t can will just don should now".split()
)
# A word as unicode61 sees one: letters and digits (underscore and every punctuation mark separate words).
WORD = re.compile(r"[^\W_]+")
TERM = re.compile(r'(-*)"([^"]*)"?|(\S+)')
# Weights of the title, agenda and minutes columns in bm25, as PostgreSQL weighs A, B and C (1.0, 0.4, 0.2).
WEIGHTS = (1.0, 0.4, 0.2)
SNIPPET_TOKENS = 32


@dataclass
class FtsQuery:
    positive: str = ""  # an FTS5 expression every match satisfies; "" when the query only excludes words
    negative: str = ""  # an FTS5 expression no match satisfies; "" when nothing is excluded

    def __bool__(self):
        return bool(self.positive or self.negative)


def fts_string(words):
    return '"' + " ".join(words) + '"'


def parse(query):
    """The FtsQuery of a query typed in websearch style; empty when it holds no word to look for."""
    groups, negatives, join_next = [], [], False
    for found in TERM.finditer(query):
        dashes, phrase, bare = found.groups()
        if bare is not None:
            if bare.casefold() == "or" and groups:
                join_next = True
                continue
            negated = bare.startswith("-")
            words = [w for w in WORD.findall(bare.lstrip("-")) if w.casefold() not in STOP_WORDS]
        else:
            negated = bool(dashes)
            words = WORD.findall(phrase)
            if all(w.casefold() in STOP_WORDS for w in words):
                words = []
        if not words:
            continue
        term = fts_string(words)
        if negated:
            negatives.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    positive = " AND ".join("(" + " OR ".join(group) + ")" for group in groups)
    return FtsQuery(positive=positive, negative=" OR ".join(negatives))


def expression(fts, columns=None):
    """The FTS5 MATCH text of `fts`, searching only `columns` when given; "" when it holds no positive term."""
    if not fts.positive:
        return ""
    text = f"({fts.positive})" + (f" NOT ({fts.negative})" if fts.negative else "")
    return "{" + " ".join(columns) + "} : (" + text + ")" if columns else text


def negative_expression(fts, columns=None):
    text = f"({fts.negative})"
    return "{" + " ".join(columns) + "} : " + text if columns else text


AGENDA = ("title", "agenda")


def paragraphs_of(item):
    """[(kind, pk, position, text)] of an item's points, questions and resolutions, each with the text it matches by
    (as search.PARAGRAPH_SOURCES on PostgreSQL); none for an exempt item."""
    if item.is_exempt:
        return []
    found = []
    for block in item.content():
        model = block._meta.model_name
        if model == "question":
            kind, parts = "question", (block.heading, block.text, block.asked_by_text, block.response)
        elif model == "resolution":
            kind, parts = "resolution", (block.lead_in, block.text, block.clauses)
        else:
            kind, parts = "point", (block.text,)
        found.append((kind, block.pk, block.position, " ".join(p for p in parts if p)))
    return found


def index_item(item_id, title, agenda, minutes, paragraphs, using="default"):
    """Replace the item's rows: `paragraphs` is [(kind, block pk, position, text)] of its points, questions and
    resolutions (an exempt item gives none)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {ITEMS} WHERE rowid = %s", [item_id])
        cursor.execute(
            f"INSERT INTO {ITEMS} (rowid, title, agenda, minutes) VALUES (%s, %s, %s, %s)",
            [item_id, title, agenda, minutes],
        )
        cursor.execute(f"DELETE FROM {PARAGRAPHS} WHERE item_id = %s", [item_id])
        cursor.executemany(
            f"INSERT INTO {PARAGRAPHS} (item_id, kind, block_id, position, body) VALUES (%s, %s, %s, %s, %s)",
            [(item_id, kind, pk, position, text) for kind, pk, position, text in paragraphs if text],
        )


@receiver(post_delete, sender="minutes.AgendaItem", dispatch_uid="search-sqlite-forget-item")
def forget_item(sender, instance, using, **kwargs):
    """A deleted item leaves no rows behind (its paragraphs' rows went with each deleted paragraph's refresh)."""
    if connections[using].vendor != "sqlite":
        return
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {ITEMS} WHERE rowid = %s", [instance.pk])
        cursor.execute(f"DELETE FROM {PARAGRAPHS} WHERE item_id = %s", [instance.pk])


def match(items, query):
    """(matching items, FtsQuery or None), as search.match: before minutes are published only an item's title and
    agenda text can match; afterwards all of it."""
    from ..models import Meeting

    fts = parse(query)
    if not fts:
        return items.none(), None
    minutes_public = Q(meeting__status__in=Meeting.MINUTES_STATES)
    if fts.positive:
        full = Q(pk__in=RawSQL(f"SELECT rowid FROM {ITEMS} WHERE {ITEMS} MATCH %s", [expression(fts)]))
        agenda = Q(pk__in=RawSQL(f"SELECT rowid FROM {ITEMS} WHERE {ITEMS} MATCH %s", [expression(fts, AGENDA)]))
    else:
        # Only words to leave out: every item without them (in what the public may read of it).
        full = ~Q(pk__in=RawSQL(f"SELECT rowid FROM {ITEMS} WHERE {ITEMS} MATCH %s", [negative_expression(fts)]))
        agenda = ~Q(
            pk__in=RawSQL(f"SELECT rowid FROM {ITEMS} WHERE {ITEMS} MATCH %s", [negative_expression(fts, AGENDA)])
        )
    # What the public may read decides: never a word of minutes not yet published, even one the query leaves out.
    return items.filter((minutes_public & full) | (~minutes_public & agenda)), fts


def ranked_window(query, matched, fts, rows):
    """[(pk, rank, meeting date)] of the `rows` most recently added matches, in one query: bm25 over what the public
    may read of each (all columns once minutes are published, else title and agenda), plus search.TITLE_BOOST for an
    exact title."""
    from ..models import Meeting
    from . import engine as search

    candidates = (
        matched.annotate(
            w_item=F("pk"),
            w_title=F("title"),
            w_day=F("meeting__date"),
            w_public=Case(When(meeting__status__in=Meeting.MINUTES_STATES, then=Value(1)), default=Value(0)),
        )
        .order_by("-pk")
        .values_list("w_item", "w_title", "w_day", "w_public")[:rows]
    )
    sql, params = candidates.query.get_compiler(using=matched.db).as_sql()
    weights = ", ".join(str(w) for w in WEIGHTS)
    if fts.positive:
        # bm25 is lower for a better match.
        rank = (
            f"(SELECT -bm25({ITEMS}, {weights}) FROM {ITEMS} WHERE {ITEMS} MATCH"
            " CASE WHEN w.w_public = 1 THEN %s ELSE %s END AND rowid = w.w_item)"
        )
        rank_params = [expression(fts), expression(fts, AGENDA)]
    else:
        rank, rank_params = "0.0", []
    with connections[matched.db].cursor() as cursor:
        cursor.execute(f"SELECT w.w_item, w.w_title, w.w_day, {rank} FROM ({sql}) AS w", [*rank_params, *params])
        found = cursor.fetchall()
    title = query.strip(search.PUNCTUATION + " ").casefold()
    window = []
    for pk, item_title, day, score in found:
        if isinstance(day, str):
            day = datetime.date.fromisoformat(day)
        boost = search.TITLE_BOOST if title and item_title.casefold() == title else 0.0
        window.append((pk, (score or 0.0) + boost, day))
    return window


def paginate(query, items, order="relevance"):
    """(paginator, FtsQuery or None), as search.paginate."""
    from . import engine as search

    matched, fts = match(items, query)
    if fts is None:
        return search.WindowPaginator([], 0, search.PER_PAGE), None
    if order != "relevance":
        return search.CappedPaginator(
            search.by_date(matched, order).values_list("pk", flat=True), matched, search.PER_PAGE
        ), fts
    rows = ranked_window(query, matched, fts, max(search.COUNT_CAP + 1, search.RANK_WINDOW))
    window = sorted(rows[: search.RANK_WINDOW], key=lambda row: (-row[1], -row[2].toordinal(), row[0]))
    return search.WindowPaginator(
        [pk for pk, _, _ in window], min(len(rows), search.COUNT_CAP + 1), search.PER_PAGE
    ), fts


def page_details(items, fts, using):
    """{item pk: (anchor, headline)} for a page of hits, in one query, as search.page_details: the anchor is the
    item's first point, question or resolution that matches the query by itself (only where the public may read the
    minutes, never an exempt item's), the headline that paragraph's (whole when short, else around its matches);
    failing one, the item's title and agenda text where they match, else all the public may read of it."""
    from . import engine as search

    if not fts.positive:
        return {}
    paragraph_ids = [item.pk for item in items if item.meeting.minutes_public and not item.is_exempt]
    public_ids = [item.pk for item in items if item.meeting.minutes_public]
    all_ids = [item.pk for item in items]
    marks = [search.START_SEL, search.STOP_SEL]

    def placeholders(ids):
        return ", ".join(["%s"] * len(ids)) or "NULL"

    sql = (
        f"SELECT 0, p.item_id, p.kind, p.block_id, p.position,"
        f" CASE WHEN length(p.body) <= %s THEN highlight({PARAGRAPHS_FTS}, 0, %s, %s)"
        f" ELSE snippet({PARAGRAPHS_FTS}, 0, %s, %s, ' … ', {SNIPPET_TOKENS}) END"
        f" FROM {PARAGRAPHS_FTS} JOIN {PARAGRAPHS} AS p ON p.id = {PARAGRAPHS_FTS}.rowid"
        f" WHERE {PARAGRAPHS_FTS} MATCH %s AND p.item_id IN ({placeholders(paragraph_ids)})"
        f" UNION ALL SELECT 1, rowid, '', 0, 0, snippet({ITEMS}, -1, %s, %s, ' … ', {SNIPPET_TOKENS})"
        f" FROM {ITEMS} WHERE {ITEMS} MATCH %s AND rowid IN ({placeholders(all_ids)})"
        f" UNION ALL SELECT 2, rowid, '', 0, 0, snippet({ITEMS}, -1, %s, %s, ' … ', {SNIPPET_TOKENS})"
        f" FROM {ITEMS} WHERE {ITEMS} MATCH %s AND rowid IN ({placeholders(public_ids)})"
    )
    params = [
        search.SHORT_PARAGRAPH,
        *marks,
        *marks,
        expression(fts),
        *paragraph_ids,
        *marks,
        expression(fts, AGENDA),
        *all_ids,
        *marks,
        expression(fts),
        *public_ids,
    ]
    best = {}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        for source, item_id, kind, block_id, position, headline in cursor.fetchall():
            # A paragraph first (the earliest; points before questions before resolutions at one position, as on
            # PostgreSQL), then the title and agenda, then everything.
            key = (source, position, kind)
            if item_id not in best or key < best[item_id][0]:
                anchor = f"{kind}-{block_id}" if source == 0 else ""
                best[item_id] = (key, anchor, headline)
    return {item_id: (anchor, headline) for item_id, (_, anchor, headline) in best.items()}


def run_search(query, items, page_number=1, order="relevance"):
    """search.run_search on SQLite."""
    from . import engine as search

    paginator, fts = paginate(query, items, order)
    page = paginator.page(page_number)
    ids = list(page.object_list)
    results = search.SearchResults(query=query, page=page, total=paginator.total, ranked=True)
    if not ids:
        return results
    rows = items.filter(pk__in=ids).select_related("meeting__panel__parent")
    by_pk = {row.pk: row for row in rows}
    page_items = [by_pk[pk] for pk in ids if pk in by_pk]
    details = page_details(page_items, fts, items.db)
    for item in page_items:
        anchor, headline = details.get(item.pk, ("", ""))
        snippet = search.snippet_pieces(headline) if headline else plain_start(search.public_text_of(item))
        results.hits.append(search.Hit(item=item, snippet=snippet, anchor=anchor))
    return results


def plain_start(text, width=240):
    """The start of what the public may read of an item, unmarked: the snippet of a match by exclusion only."""
    text = " ".join(text.split())
    if len(text) <= width:
        return [(text, False)] if text else []
    return [(text[:width].rsplit(" ", 1)[0] + " …", False)]
