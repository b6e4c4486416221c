"""The search document of an agenda item, and (on PostgreSQL) its weighted full-text vector.

Only what the public may read goes in: an exempt item contributes its title and public summary, nothing else.
"""

import functools
import operator
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.functional import cached_property


def document_parts(item):
    """(title, agenda text, minutes text) of an item as the public reads it."""
    if item.is_exempt:
        return item.title, item.exempt_summary, ""
    paragraphs = []
    for block in item.content():
        model = block._meta.model_name
        if model == "question":
            paragraphs += [block.heading, block.text, block.asked_by_text, block.response]
        elif model == "resolution":
            paragraphs += [block.wording, block.clauses]
        else:
            paragraphs.append(block.text)
    return item.title, item.description, "\n".join(p for p in paragraphs if p)


def refresh_search_document(item_id):
    from .models import AgendaItem

    item = AgendaItem.objects.with_content().filter(pk=item_id).first()
    if item is None:
        return
    title, agenda, minutes = document_parts(item)
    fields = {"search_document": "\n".join(p for p in (title, agenda, minutes) if p)}
    if connection.vendor == "postgresql":
        fields["search_vector"] = (
            SearchVector(Value(title), weight="A", config="english")
            + SearchVector(Value(agenda), weight="B", config="english")
            + SearchVector(Value(minutes), weight="C", config="english")
        )
    AgendaItem.objects.filter(pk=item_id).update(**fields)


# Searching: the one function /search/ (and tests/bench/bench_search.py) runs.

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
# Counting every match of a common word in a large archive costs more than the page itself; past this the page says
# "more than 1,000 results" and pages no further (the reader refines the query instead).
COUNT_CAP = 1000
# Relevance ranking considers at most this many matches (see paginate).
RANK_WINDOW = COUNT_CAP
# An exact title match leads: SearchRank of a real item stays far below this.
TITLE_BOOST = 10.0
# ts_headline marks matches with these private-use characters, which no record is typed with; the snippet is split on
# them into (text, marked) pieces that the template escapes, so no HTML is ever built from a record's text.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
SENTINELS = re.compile(f"{START_SEL}(.*?){STOP_SEL}", re.DOTALL)
# Not worth marking in the simple search's snippets.
COMMON_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "is", "of", "on", "or", "the", "to", "was", "with"}
PUNCTUATION = "\"'&|!:*()-+<>.,;?"


def uses_postgres():
    return connection.vendor == "postgresql"


def clean_query(raw):
    """(query, notes). Control characters and NUL bytes become spaces (PostgreSQL refuses NUL in text), whitespace
    collapses, and a query longer than MAX_QUERY_LENGTH is cut at a word boundary with a note for the reader."""
    notes = []
    text = "".join(" " if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in raw or "")
    text = " ".join(text.replace(START_SEL, " ").replace(STOP_SEL, " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut
        notes.append(f"Your search was longer than {MAX_QUERY_LENGTH} characters, so only its start was used.")
    return text, notes


def query_words(query):
    """The words of a query for the simple search (SQLite): operators and punctuation are ignored; all must appear."""
    words = (word.strip(PUNCTUATION) for word in query.split())
    return [w for w in words if w][:20]


def public_text():
    """The text of an item the public may read, as an SQL expression: the whole search document once minutes are
    published, before that only the agenda's part (title and description, or an exempt item's summary)."""
    from .models import Meeting

    return Case(
        When(meeting__status__in=Meeting.MINUTES_STATES, then=F("search_document")),
        When(is_exempt=True, then=Concat("title", Value("\n"), "exempt_summary", output_field=TextField())),
        default=Concat("title", Value("\n"), "description", output_field=TextField()),
        output_field=TextField(),
    )


def public_text_of(item):
    """public_text() for an item in memory (the SQLite snippets)."""
    if item.meeting.minutes_public:
        return item.search_document
    return f"{item.title}\n{item.exempt_summary if item.is_exempt else item.description}"


class AgendaVector(Func):
    """The agenda's part of search_vector (title A, description B): what may match before minutes are published."""

    template = "ts_filter(%(expressions)s, '{a,b}'::\"char\"[])"
    output_field = SearchVectorField()


def match(items, query):
    """(matching items, tsquery or None): `items` is already the public queryset, filtered as the reader asked."""
    from .models import Meeting

    minutes_public = Q(meeting__status__in=Meeting.MINUTES_STATES)
    if uses_postgres():
        tsquery = SearchQuery(query, search_type="websearch", config="english")
        # search_vector @@ q is the GIN index's condition; the second only rechecks the rows it finds, so that
        # before minutes are published only the agenda's part of an item can match.
        matched = items.filter(search_vector=tsquery).alias(agenda_vector=AgendaVector("search_vector"))
        return matched.filter(minutes_public | Q(agenda_vector=tsquery)), tsquery
    words = query_words(query)
    if not words:
        return items.none(), None
    matched = items.alias(public_text=public_text())
    for word in words:
        matched = matched.filter(public_text__icontains=word)
    return matched, None


class CappedPaginator(Paginator):
    """Pages over at most COUNT_CAP hits, counting no further than COUNT_CAP + 1."""

    def __init__(self, object_list, count_list, per_page):
        super().__init__(object_list, per_page)
        self.count_list = count_list

    @cached_property
    def total(self):
        return self.count_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @cached_property
    def count(self):
        return min(self.total, COUNT_CAP)


@dataclass
class Hit:
    item: object
    snippet: list  # [(text, marked)]: the template escapes each piece and wraps marked ones in <mark>
    anchor: str = ""  # e.g. 'question-12': the item's first paragraph that matches the query, when one does

    @property
    def paragraph_url(self):
        return f"{self.item.get_absolute_url()}#{self.anchor}" if self.anchor else ""


@dataclass
class SearchResults:
    query: str
    page: object = None
    hits: list = field(default_factory=list)
    total: int = 0  # capped at COUNT_CAP + 1
    ranked: bool = False

    @property
    def more_than_cap(self):
        return self.total > COUNT_CAP


def paginate(query, items, order="relevance"):
    """A paginator over the matches of `query` among `items`, in the order asked for (relevance on PostgreSQL)."""
    matched, tsquery = match(items, query)
    if order == "oldest":
        ordered = matched.order_by("meeting__date", "meeting__start_time", "position", "pk")
    elif tsquery is not None and order == "relevance":
        title = query.strip(PUNCTUATION + " ")
        boost = Case(When(title__iexact=title, then=Value(TITLE_BOOST)), default=Value(0.0), output_field=FloatField())
        # Ranking reads every candidate's vector: a common word matches tens of thousands of items, so the ranked
        # candidates are the RANK_WINDOW most recently added matches (all of them when fewer match), which the
        # planner finds by walking the primary key backwards and stopping early.
        window = matched.order_by("-pk").values("pk")[:RANK_WINDOW]
        ordered = (
            items.filter(pk__in=window)
            .annotate(rank=SearchRank(F("search_vector"), tsquery) + boost)
            .order_by("-rank", "-meeting__date", "pk")
        )
    else:
        ordered = matched.order_by("-meeting__date", "-meeting__start_time", "position", "pk")
    return CappedPaginator(ordered.values_list("pk", flat=True), matched, PER_PAGE), tsquery


def run_search(query, items, page_number=1, order="relevance"):
    """The page of results /search/ shows: ranked (or dated) hits with snippets and paragraph links, and a total
    counted up to COUNT_CAP + 1. Raises django.core.paginator.InvalidPage for a page that does not exist."""
    paginator, tsquery = paginate(query, items, order)
    page = paginator.page(page_number)
    ids = list(page.object_list)
    results = SearchResults(query=query, page=page, total=paginator.total, ranked=tsquery is not None)
    if not ids:
        return results
    rows = items.filter(pk__in=ids).select_related("meeting__panel__parent")
    if tsquery is not None:
        rows = rows.annotate(
            headline=SearchHeadline(
                public_text(),
                tsquery,
                config="english",
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).defer("search_document", "search_vector")
    by_pk = {row.pk: row for row in rows}
    page_items = [by_pk[pk] for pk in ids if pk in by_pk]
    for item in page_items:
        if tsquery is not None:
            item.snippet = snippet_pieces(item.headline)
        else:
            item.snippet = simple_snippet(public_text_of(item), query)
    marked = {text.casefold() for item in page_items for text, is_marked in item.snippet if is_marked}
    anchors = find_anchors(page_items, query, tsquery, marked)
    results.hits = [Hit(item=item, snippet=item.snippet, anchor=anchors.get(item.pk, "")) for item in page_items]
    return results


def snippet_pieces(headline):
    pieces, position = [], 0
    for found in SENTINELS.finditer(headline):
        pieces.append((headline[position : found.start()], False))
        pieces.append((found[1], True))
        position = found.end()
    pieces.append((headline[position:], False))
    tidy = [(re.sub(r"\s+", " ", text.replace(START_SEL, "").replace(STOP_SEL, "")), marked) for text, marked in pieces]
    return [(text, marked) for text, marked in tidy if text]


def simple_snippet(text, query, width=240):
    """About `width` characters around the whole query where it appears, else around its longest word, with every
    word of the query (bar the commonest) marked: the SQLite search's snippet."""
    words = [w for w in query_words(query) if w.casefold() not in COMMON_WORDS] or query_words(query)
    text = " ".join(text.split())
    folded = text.casefold()
    first = folded.find(" ".join(query_words(query)).casefold())
    if first < 0 and words:
        first = max(folded.find(max(words, key=len).casefold()), 0)
    first = max(first, 0)
    start = max(0, first - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text) and text.rfind(" ", first, end) > first:
        end = text.rfind(" ", first, end)
    window = text[start:end]
    pieces, position = [], 0
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
        for found in pattern.finditer(window):
            pieces.append((window[position : found.start()], False))
            pieces.append((found[0], True))
            position = found.end()
    pieces.append((window[position:], False))
    if start:
        pieces.insert(0, ("… ", False))
    if end < len(text):
        pieces.append((" …", False))
    return [(t, marked) for t, marked in pieces if t]


def find_anchors(items, query, tsquery, marked=()):
    """{item pk: anchor} of the first point, question or resolution of each item whose own text matches the query:
    one query for the page. Only items whose minutes the public may read (never an exempt item's paragraphs).
    `marked`, the words the snippets highlight, lets PostgreSQL skip paragraphs holding none of them before it
    parses the rest."""
    from .models import MinutePoint, Question, Resolution

    ids = [item.pk for item in items if item.meeting.minutes_public and not item.is_exempt]
    if not ids:
        return {}
    sources = [
        (MinutePoint, "point", ("text",)),
        (Question, "question", ("heading", "text", "asked_by_text", "response")),
        (Resolution, "resolution", ("lead_in", "text", "clauses")),
    ]
    found = {}
    if tsquery is not None:
        words = sorted({w for w in marked if w.strip()})[:30]
        pattern = r"\m(" + "|".join(re.escape(w) for w in words) + r")\M"

        def prefilter(fields):
            if not words:
                return Q()
            return functools.reduce(operator.or_, (Q(**{f"{name}__iregex": pattern}) for name in fields))

        parts = [
            model.objects.filter(prefilter(fields), item_id__in=ids)
            .annotate(doc=SearchVector(*fields, config="english"), block_kind=Value(kind))
            .filter(doc=tsquery)
            .values_list("item_id", "position", "pk", "block_kind")
            .order_by()
            for model, kind, fields in sources
        ]
        rows = parts[0].union(*parts[1:], all=True)
    else:
        words = [w.casefold() for w in query_words(query)]
        parts = [
            model.objects.filter(item_id__in=ids)
            .annotate(
                block_kind=Value(kind),
                block_text=Concat(*[part for name in fields for part in (name, Value(" "))], output_field=TextField()),
            )
            .values_list("item_id", "position", "pk", "block_kind", "block_text")
            .order_by()
            for model, kind, fields in sources
        ]
        rows = [
            row[:4]
            for row in parts[0].union(*parts[1:], all=True)
            if words and all(w in row[4].casefold() for w in words)
        ]
    for item_id, position, pk, kind in rows:
        if item_id not in found or position < found[item_id][0]:
            found[item_id] = (position, f"{kind}-{pk}")
    return {item_id: anchor for item_id, (_, anchor) in found.items()}
