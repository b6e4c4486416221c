"""The search document of an agenda item, and (on PostgreSQL) its weighted full-text vector.

Only what the public may read goes in, as the meeting's status stands: an exempt item contributes its title and public
summary, nothing else, and an item whose minutes are not published its title and description. A reader's query is
matched and ranked against this alone, so no query (not even a negated word) can test unpublished text; the signals
rebuild it when a meeting's minutes are published or withdrawn.
"""

import json
import math
import re
import time
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Paginator
from django.db import connection, connections, transaction
from django.db.models import BooleanField, Case, F, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.functional import cached_property

from . import sqlite as search_sqlite


def document_parts(item):
    """(title, agenda text, minutes text) of an item as the public reads it (its meeting's status decides)."""
    if item.is_exempt:
        # Its public summary is its minute: public with the minutes, like every minute.
        return item.title, item.exempt_summary if item.meeting.minutes_public else "", ""
    if not item.meeting.minutes_public:
        return item.title, item.description, ""
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
    from ..models import AgendaItem

    item = AgendaItem.objects.with_content().select_related("meeting").filter(pk=item_id).first()
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
    elif connection.vendor == "sqlite":
        search_sqlite.index_item(item_id, title, agenda, minutes, search_sqlite.paragraphs_of(item))
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


def ranks():
    """Whether the database's own full-text engine searches (and ranks): PostgreSQL's, or SQLite's FTS5."""
    return connection.vendor in ("postgresql", "sqlite")


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
    published, before that only the agenda's part (title and description, or an exempt item's title)."""
    from ..models import Meeting

    return Case(
        When(meeting__status__in=Meeting.MINUTES_STATES, then=F("search_document")),
        When(is_exempt=True, then=F("title")),
        default=Concat("title", Value("\n"), "description", output_field=TextField()),
        output_field=TextField(),
    )


def public_text_of(item):
    """public_text() for an item in memory (the SQLite snippets)."""
    if item.meeting.minutes_public:
        return item.search_document
    return item.title if item.is_exempt else f"{item.title}\n{item.description}"


def match(items, query):
    """(matching items, tsquery or None): `items` is already the public queryset, filtered as the reader asked."""
    if uses_postgres():
        tsquery = SearchQuery(query, search_type="websearch", config="english")
        # search_vector holds exactly the public text (see document_parts), so the GIN index's condition is the
        # whole test: nothing else is read that could let a query probe unpublished words.
        return items.filter(search_vector=tsquery), tsquery
    words = query_words(query)
    if not words:
        return items.none(), None
    matched = items.alias(public_text=public_text())
    for word in words:
        matched = matched.filter(public_text__icontains=word)
    return matched, None


class CappedPaginator(Paginator):
    """Pages over at most COUNT_CAP hits, counting no further than COUNT_CAP + 1 (the dated orders)."""

    def __init__(self, object_list, count_list, per_page):
        super().__init__(object_list, per_page)
        self.count_list = count_list

    @cached_property
    def total(self):
        return self.count_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @cached_property
    def count(self):
        return min(self.total, COUNT_CAP)


class WindowPaginator(Paginator):
    """Pages over the ranked window, a list of pks already in order; `total` is how many matched, up to
    COUNT_CAP + 1, counted from the same rows."""

    def __init__(self, pks, total, per_page):
        super().__init__(pks, per_page)
        self.total = total


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


# The query as PostgreSQL reads it: its tsquery, parsed here to bound how many items can match (which decides how the
# ranked window is found) and to tell which words a matching paragraph must hold (which spares parsing the others).


@dataclass
class QueryInfo:
    tsquery: str  # as PostgreSQL prints it, e.g. "'work' & 'programm'"; empty when the query holds no word to find
    tree: tuple | None = None  # tsquery_tree(tsquery); None when empty or not understood
    share: float | None = None  # at most this share of the items can match, per the planner's statistics; None unknown
    items: float = 0  # how many items the statistics counted


# How long a process trusts the lexeme statistics it read: ANALYZE (autovacuum's, after enough changes) refreshes them.
STATISTICS_SECONDS = 300
_statistics = {}  # {database alias: (read at, ({lexeme: share}, share of any other lexeme, items counted) or None)}

# Each also sets the transaction's work_mem (SEARCH_WORK_MEM): RUM sorts every match of a query by distance before
# it returns the first, and at PostgreSQL's default 4MB the 83,000 matches of "report" spill to disk.
SEARCH_WORK_MEM = "32MB"
TSQUERY_SQL = "SELECT websearch_to_tsquery('english'::regconfig, %s)::text, set_config('work_mem', %s, true)"
# The same, with the statistics ANALYZE keeps of search_vector: the share of items holding each common lexeme and, at
# the end of the shares, the lowest and the highest of them (every other lexeme is rarer than the lowest).
TSQUERY_AND_STATISTICS_SQL = """
SELECT websearch_to_tsquery('english'::regconfig, %s)::text, s.most_common_elems::text::text[],
    s.most_common_elem_freqs, c.reltuples, set_config('work_mem', %s, true)
FROM pg_class AS c
LEFT JOIN pg_stats AS s ON s.schemaname = current_schema() AND s.tablename = c.relname AND s.attname = 'search_vector'
WHERE c.oid = %s::regclass
"""


def inspect_query(query, using):
    """The tsquery of `query` and, from the lexeme statistics, a bound on how many items can match it; one query.
    The statistics are read with it at most every STATISTICS_SECONDS per process (the view takes longer to plan than
    the search's own queries); without them nothing is assumed."""
    from ..models import AgendaItem

    now = time.monotonic()
    cached = _statistics.get(using)
    with connections[using].cursor() as cursor:
        if cached is not None and now - cached[0] < STATISTICS_SECONDS:
            cursor.execute(TSQUERY_SQL, [query, SEARCH_WORK_MEM])
            tsquery, statistics = cursor.fetchone()[0], cached[1]
        else:
            cursor.execute(TSQUERY_AND_STATISTICS_SQL, [query, SEARCH_WORK_MEM, AgendaItem._meta.db_table])
            tsquery, lexemes, shares, items, _ = cursor.fetchone()
            statistics = None
            if lexemes and shares and len(shares) == len(lexemes) + 2 and items and items > 0:
                statistics = dict(zip(lexemes, shares[:-2], strict=True)), shares[-2], items
            _statistics[using] = (now, statistics)
    info = QueryInfo(tsquery=tsquery.strip(), tree=tsquery_tree(tsquery))
    if info.tree is not None and statistics is not None:
        known, floor, info.items = statistics
        info.share = share_bound(info.tree, lambda lexeme: known.get(lexeme, floor))
    return info


TSQUERY_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\\\)*)'(?::[*A-Da-d]+)?|(<(?:-|\d+)>|[!&|()]))")


def tsquery_tree(text):
    """A tsquery's text as a tree: ("lexeme", word), ("not", node), ("and", [nodes]) for & and for phrases (<->,
    <N>), ("or", [nodes]). ! binds tightest, then the phrase operators, then &, then |. None when empty or not
    understood (callers then do without what the tree would have told them)."""
    tokens, position, text = [], 0, (text or "").strip()
    while position < len(text):
        found = TSQUERY_TOKEN.match(text, position)
        if not found:
            return None
        if found[1] is not None:
            tokens.append(("lexeme", found[1].replace("''", "'").replace("\\\\", "\\")))
        else:
            tokens.append(("op", "<->" if found[2].startswith("<") else found[2]))
        position = found.end()
    index = 0

    def parse(level):  # 0: |, 1: &, 2: phrase, 3: a lexeme, a negation or a parenthesis
        nonlocal index
        if level == 3:
            token = tokens[index]
            index += 1
            if token == ("op", "!"):
                return ("not", parse(3))
            if token == ("op", "("):
                node = parse(0)
                if tokens[index] != ("op", ")"):
                    raise ValueError(text)
                index += 1
                return node
            if token[0] != "lexeme":
                raise ValueError(text)
            return token
        operator = ("|", "&", "<->")[level]
        children = [parse(level + 1)]
        while index < len(tokens) and tokens[index] == ("op", operator):
            index += 1
            children.append(parse(level + 1))
        return children[0] if len(children) == 1 else ("or" if level == 0 else "and", children)

    try:
        tree = parse(0) if tokens else None
    except (IndexError, ValueError):
        return None
    return tree if index == len(tokens) else None


def share_bound(node, share):
    """At most this share of the items can match `node`, given `share(lexeme)` for each lexeme."""
    kind = node[0]
    if kind == "lexeme":
        return share(node[1])
    if kind == "not":
        return 1.0
    bounds = [share_bound(child, share) for child in node[1]]
    return min(bounds) if kind == "and" else min(1.0, sum(bounds))


def required_lexemes(node):
    """[set of lexemes]: a text matching `node` holds at least one lexeme of each set (empty when nothing is
    required, as of a query that only excludes a word)."""
    kind = node[0]
    if kind == "lexeme":
        return [{node[1]}]
    if kind == "not":
        return []
    parts = [required_lexemes(child) for child in node[1]]
    if kind == "and":
        return [clause for part in parts for clause in part]
    if not all(parts):
        return []
    return [set().union(*(part[0] for part in parts))]


def stem_prefix(lexeme):
    """A start the word a lexeme was stemmed from always has (as a regular expression), or "" when too short to be
    worth testing. The English stemmer rewrites at most the last two letters of what it keeps of a word
    ("possibility" gives 'possibl', "vacancies" 'vacanc', "savings" 'save'); of a four-letter stem only the last."""
    start = lexeme[:-2] if len(lexeme) >= 5 else lexeme[:-1] if len(lexeme) == 4 else ""
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in start)


def paragraph_patterns(tree, limit=3):
    """Case-insensitive regular expressions every paragraph that matches the query satisfies: a cheap test that
    spares parsing (to_tsvector) the paragraphs that cannot match. A paragraph it lets through is still matched by
    PostgreSQL, so a pattern only ever narrows the work, never the result."""
    if tree is None:
        return []
    patterns = []
    for clause in required_lexemes(tree):
        starts = sorted({stem_prefix(lexeme) for lexeme in clause})
        if all(starts):
            patterns.append("(" + "|".join(starts) + ")")
    return patterns[:limit]


def uses_index(info, limit):
    """Whether the ranked window is better found by reading every match from the GIN index than by walking the items
    from the newest until `limit` match. Walking reads (and unpacks) the vector of every item it passes, matching or
    not, so it suits a common word, which it meets often; the index reads only the matches, but all of them, so it
    suits a rarer one. The statistics bound how many can match; the two cost about the same near sqrt(limit × items)
    matches. Without statistics the planner chooses, as it does for the dated orders."""
    if info.share is None or info.items <= 0:
        return False
    return info.share * info.items <= 0.75 * math.sqrt(limit * info.items)


def window_candidates(matched, info):
    """The max(COUNT_CAP + 1, RANK_WINDOW) most recently added of the `matched` items (all of them when fewer match)
    as (pk, search_vector, title, meeting date) rows, newest first."""
    rows = max(COUNT_CAP + 1, RANK_WINDOW)
    # pk + 0 is the same order, but no index provides it: PostgreSQL then reads the matches from the GIN index.
    newest_first = (F("pk") + 0).desc() if uses_index(info, rows) else F("pk").desc()
    return matched.order_by(newest_first).values_list("pk", "search_vector", "title", "meeting__date")[:rows]


def ranked_window(query, matched, info):
    """[(pk, rank, meeting date)] of window_candidates, newest first: one query gives both the count, up to
    COUNT_CAP + 1, and the candidates that relevance ranks. The rank is SearchRank plus TITLE_BOOST for an exact
    title match."""
    sql, params = window_candidates(matched, info).query.get_compiler(using=matched.db).as_sql()
    title = query.strip(PUNCTUATION + " ")
    with connections[matched.db].cursor() as cursor:
        # Ranked outside the subquery, so that only the rows it returns are ranked, whichever way it finds them.
        cursor.execute(
            "SELECT w.item, ts_rank(w.vector, websearch_to_tsquery('english'::regconfig, %s))"
            " + CASE WHEN upper(w.title) = upper(%s) THEN %s ELSE 0 END, w.day"
            f" FROM ({sql}) AS w (item, vector, title, day)",
            [query, title, TITLE_BOOST, *params],
        )
        rows = cursor.fetchall()
    rows.sort(key=lambda row: -row[0])
    return rows


# The RUM index (migration 0010, where the server has the extension) holds each word's positions, so it ranks every
# match of a query from the index and returns them best first (`<=>`, RUM's distance: the inverse of its rank);
# without it, the GIN path above ranks a window of the newest matches.
RUM_INDEX = "item_search_vector_rum"
_rum_index = {}  # {database alias: whether the RUM index exists}, looked up once per process


def rum_index(using):
    if using not in _rum_index:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s", [RUM_INDEX]
            )
            _rum_index[using] = cursor.fetchone() is not None
    return _rum_index[using]


# Three ways to the ranked window with the RUM index, each ranking by RUM's distance (`<=>`) computed for the row:
# - few matches (no more than the window, by the statistics), or up to EXACT_LIMIT in a narrow scope such as a date
#   range (by the planner's estimate of its size): every match is ranked one by one, which is exact and reads only the
#   scope's matches (the index order would read every match in the archive and then drop those outside the scope);
# - a phrase: RUM's index order for a phrase tsquery disagrees with its own distance (RUM 1.3), so the candidates are
#   the PHRASE_WINDOW best by the AND of the phrase's words (which it orders right, and which every phrase match
#   satisfies); those matching the phrase are ranked by the phrase's own distance;
# - otherwise the index order over every match.
EXACT_LIMIT = 6000
NARROW_SCOPE = 0.5  # of the archive's items
PHRASE_WINDOW = 1001


PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")
QUOTED_LEXEME = re.compile(r"'(?:[^'\\]|''|\\\\)*'")


def has_phrase(tsquery):
    """Whether a tsquery's text holds a phrase operator (outside its quoted lexemes) and no prefix or weight marks
    (`:*`, `:AB`, which the tree leaves out)."""
    operators = QUOTED_LEXEME.sub("", tsquery)
    return bool(PHRASE_OPERATOR.search(operators)) and ":" not in operators


def has_negation(node):
    kind = node[0]
    if kind == "lexeme":
        return False
    return kind == "not" or any(has_negation(child) for child in node[1])


def words_tsquery(node):
    """A tree as tsquery text, lexemes quoted, with its phrases as the AND of their words (tsquery_tree reads both as
    "and")."""
    kind = node[0]
    if kind == "lexeme":
        return "'" + node[1].replace("\\", "\\\\").replace("'", "''") + "'"
    if kind == "not":
        return "!(" + words_tsquery(node[1]) + ")"
    return "(" + (" & " if kind == "and" else " | ").join(words_tsquery(child) for child in node[1]) + ")"


def estimated_matches(info, items, rows):
    """(at most about how many items of the scope `items` match, the share of the archive the scope holds): the
    statistics' bound over the archive, scaled by the planner's estimate of the scope's share when the bound alone is
    more than `rows` (a date range or a panel narrows the scope; the planner's own estimate of the matches is not
    used, since it takes words, and the words of a phrase, as independent and so underestimates). (None, 1.0) when
    the statistics are unknown."""
    if info.share is None or info.items <= 0:
        return None, 1.0
    bound = info.share * info.items
    if bound <= rows:
        return bound, 1.0
    plan = items.order_by().values("pk").explain(format="json")
    try:
        scope = min(1.0, json.loads(plan)[0]["Plan"]["Plan Rows"] / info.items)
    except (ValueError, LookupError, TypeError, ZeroDivisionError):
        return bound, 1.0
    return bound * scope, scope


def rum_ranked_window(query, matched, info, items):
    """[(pk, rank, meeting date)] of the max(COUNT_CAP + 1, RANK_WINDOW) best-ranked matches (all of them when fewer
    match), and how many match up to COUNT_CAP + 1. The rank is RUM's (the inverse of its `<=>` distance for the
    row) plus TITLE_BOOST for an exact title match, as on the GIN path. `items` is the scope `matched` was matched in."""
    rows = max(COUNT_CAP + 1, RANK_WINDOW)
    tree = info.tree
    estimate, scope = estimated_matches(info, items, rows)
    # The index order reads at most `rows` of the scope's matches, but every match in the archive (and every one the
    # scope leaves out before `rows` of its own come): one by one is cheaper when few match, and in a narrow scope.
    # A phrase the window cannot serve (one with a negation) is ranked one by one too while that is affordable: the
    # index order would be wrong.
    phrase = has_phrase(info.tsquery)
    windowed = phrase and tree is not None and not has_negation(tree)
    narrow = scope <= NARROW_SCOPE or (phrase and not windowed)
    if estimate is not None and (estimate <= rows or (estimate <= EXACT_LIMIT and narrow)):
        found, total = rum_exact(query, matched, rows)
    elif windowed:
        found, total = rum_phrase(query, matched, items, tree, rows)
    else:
        found = rum_index_order(query, matched, rows)
        total = min(len(found), COUNT_CAP + 1)
    title = query.strip(PUNCTUATION + " ").upper()
    ranked = [
        (pk, (1 / far if 0 < far < math.inf else 0) + (TITLE_BOOST if item_title.upper() == title else 0), day)
        for pk, far, item_title, day in found
    ]
    return ranked, total


def distance_sql(column="minutes_agendaitem.search_vector"):
    return f"{column} <=> websearch_to_tsquery('english'::regconfig, %s)"


def rum_index_order(query, matched, rows):
    """[(pk, distance, title, meeting date)] of the `rows` first matches in RUM's index order."""
    from ..models import AgendaItem

    distance = RawSQL(distance_sql(f"{AgendaItem._meta.db_table}.search_vector"), [query])
    found = matched.annotate(distance=distance).order_by("distance")
    return list(found.values_list("pk", "distance", "title", "meeting__date")[:rows])


def rum_exact(query, matched, rows):
    """Every match ranked by its own distance: ([(pk, distance, title, meeting date)] of the best `rows`, how many
    match up to COUNT_CAP + 1)."""
    # The subquery finds the matches whichever way the planner likes (OFFSET 0 keeps the ORDER BY, which the RUM
    # index could provide over the whole archive, out of it).
    sql, params = (
        matched.order_by().values_list("pk", "search_vector", "title", "meeting__date").query.sql_with_params()
    )
    with connections[matched.db].cursor() as cursor:
        cursor.execute(
            f"SELECT w.item, {distance_sql('w.vector')} AS far, w.title, w.day, count(*) OVER ()"
            f" FROM ({sql} OFFSET 0) AS w (item, vector, title, day) ORDER BY far, w.day DESC, w.item LIMIT %s",
            [query, *params, rows],
        )
        found = cursor.fetchall()
    total = found[0][4] if found else 0
    return [row[:4] for row in found], min(total, COUNT_CAP + 1)


def rum_phrase(query, matched, items, tree, rows):
    """A phrase's matches ranked by the phrase's own distance, among the PHRASE_WINDOW best matches of the AND of its
    words in RUM's index order (a superset: no negation, so every phrase match holds all of its words)."""
    words = words_tsquery(tree)
    has_words = RawSQL("minutes_agendaitem.search_vector @@ %s::tsquery", [words], output_field=BooleanField())
    candidates = items.alias(has_words=has_words).filter(has_words=True)
    distance = RawSQL("minutes_agendaitem.search_vector <=> %s::tsquery", [words])
    sql, params = (
        candidates.annotate(distance=distance)
        .order_by("distance")
        .values_list("pk", "search_vector", "title", "meeting__date")[:PHRASE_WINDOW]
        .query.sql_with_params()
    )
    # The planner takes the words as independent and so expects few rows of a phrase's words (214 for the four
    # lexemes of "front-line services", which 13,954 items hold): it would read and sort every match from a bitmap
    # rather than take the first ones from the index. Within this transaction it has neither a bitmap nor a sort to
    # choose.
    with transaction.atomic(using=matched.db, savepoint=False), connections[matched.db].cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        # Every candidate comes back (their number tells whether the AND's matches ran out), with the phrase's
        # distance where it matches the phrase and NULL where it does not.
        cursor.execute(
            "SELECT w.item, CASE WHEN w.vector @@ websearch_to_tsquery('english'::regconfig, %s)"
            f" THEN {distance_sql('w.vector')} END, w.title, w.day FROM ({sql}) AS w (item, vector, title, day)",
            [query, query, *params],
        )
        candidates = cursor.fetchall()
        cursor.execute("RESET enable_bitmapscan; RESET enable_sort")  # for what else the transaction holds
    found = sorted(
        (row for row in candidates if row[1] is not None), key=lambda row: (row[1], -row[3].toordinal(), row[0])
    )
    if len(found) > COUNT_CAP or len(candidates) < PHRASE_WINDOW:
        total = min(len(found), COUNT_CAP + 1)
    else:
        total = matched.order_by().values("pk")[: COUNT_CAP + 1].count()
    return found[:rows], total


def by_date(matched, order):
    if order == "oldest":
        return matched.order_by("meeting__date", "meeting__start_time", "position", "pk")
    return matched.order_by("-meeting__date", "-meeting__start_time", "position", "pk")


def paginate(query, items, order="relevance"):
    """(paginator, tsquery or None): a paginator over the matches of `query` among `items`, in the order asked for
    (relevance on PostgreSQL), whose `total` counts them up to COUNT_CAP + 1. On PostgreSQL it carries the
    QueryInfo the snippets use as `query_info`."""
    if connections[items.db].vendor == "sqlite":
        return search_sqlite.paginate(query, items, order)
    matched, tsquery = match(items, query)
    if tsquery is None:
        return CappedPaginator(by_date(matched, order).values_list("pk", flat=True), matched, PER_PAGE), None
    # One transaction, so that the work_mem inspect_query sets holds for the ranking.
    with transaction.atomic(using=items.db, savepoint=False):
        info = inspect_query(query, items.db)
        if not info.tsquery:
            # Only stop words ("the", "or"): PostgreSQL's query matches nothing.
            paginator = WindowPaginator([], 0, PER_PAGE)
        elif order == "relevance":
            # Ranking reads every candidate's vector: a common word matches tens of thousands of items, so the ranked
            # candidates are the RANK_WINDOW most recently added matches (all of them when fewer match).
            if rum_index(items.db):
                rows, total = rum_ranked_window(query, matched, info, items)
            else:
                rows = ranked_window(query, matched, info)
                total = min(len(rows), COUNT_CAP + 1)
            window = sorted(rows[:RANK_WINDOW], key=lambda row: (-row[1], -row[2].toordinal(), row[0]))
            paginator = WindowPaginator([pk for pk, _, _ in window], total, PER_PAGE)
        else:
            paginator = CappedPaginator(by_date(matched, order).values_list("pk", flat=True), matched, PER_PAGE)
    paginator.query_info = info
    return paginator, tsquery


def run_search(query, items, page_number=1, order="relevance"):
    """The page of results /search/ shows: ranked (or dated) hits with snippets and paragraph links, and a total
    counted up to COUNT_CAP + 1. Raises django.core.paginator.InvalidPage for a page that does not exist."""
    if connections[items.db].vendor == "sqlite":
        return search_sqlite.run_search(query, items, page_number, order)
    paginator, tsquery = paginate(query, items, order)
    page = paginator.page(page_number)
    ids = list(page.object_list)
    results = SearchResults(query=query, page=page, total=paginator.total, ranked=tsquery is not None)
    if not ids:
        return results
    rows = items.filter(pk__in=ids).select_related("meeting__panel__parent")
    if tsquery is not None:
        rows = rows.defer("search_document", "search_vector")
    by_pk = {row.pk: row for row in rows}
    page_items = [by_pk[pk] for pk in ids if pk in by_pk]
    if tsquery is not None:
        details = page_details([item.pk for item in page_items], query, paginator.query_info, items.db)
        for item in page_items:
            anchor, headline = details.get(item.pk, ("", ""))
            results.hits.append(Hit(item=item, snippet=snippet_pieces(headline), anchor=anchor))
        return results
    for item in page_items:
        item.snippet = simple_snippet(public_text_of(item), query)
    anchors = find_anchors(page_items, query)
    results.hits = [Hit(item=item, snippet=item.snippet, anchor=anchors.get(item.pk, "")) for item in page_items]
    return results


# ts_headline's options: up to two fragments around the matches, and for a short paragraph the whole of it (fragments
# would clip it to about the words from its first match to its last).
HEADLINE_OPTIONS = {
    "StartSel": START_SEL,
    "StopSel": STOP_SEL,
    "MaxWords": 35,
    "MinWords": 15,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}
SHORT_HEADLINE_OPTIONS = {"StartSel": START_SEL, "StopSel": STOP_SEL, "HighlightAll": True}
SHORT_PARAGRAPH = 240  # characters: about MaxWords words

# The paragraphs an anchor can point to, each with the text it matches by: a point's text, a question's heading, text,
# attribution and response, a resolution's lead-in, wording and clauses.
PARAGRAPH_SOURCES = [
    ("point", "minutes_minutepoint", "text"),
    ("question", "minutes_question", "concat_ws(' ', heading, text, asked_by_text, response)"),
    ("resolution", "minutes_resolution", "concat_ws(' ', lead_in, text, clauses)"),
]


def page_details(ids, query, info, using):
    """{item pk: (anchor, headline)} for a page of hits, in one query. The anchor is the item's first point,
    question or resolution whose own text matches the query (only where the public may read the minutes, never an
    exempt item's), and the snippet is that paragraph's headline; failing one, the headline of the item's title and
    description when they match, else of everything the public may read of it (public_text)."""
    from ..models import Meeting

    patterns = paragraph_patterns(info.tree)
    prefilter = "".join(f" AND p.body ~* %(pattern{n})s" for n in range(len(patterns)))
    # Each kind's first matching paragraph, then the first of the three. The inner query puts an item's paragraphs in
    # order and OFFSET 0 keeps the conditions out of it, so they are tested in that order, and PostgreSQL parses
    # (to_tsvector) only until a paragraph matches, and only those the patterns let through.
    firsts = " UNION ALL ".join(
        f"(SELECT * FROM (SELECT '{kind}' AS kind, id, position, {body} AS body FROM {table} WHERE item_id = i.id"
        f" ORDER BY position OFFSET 0) AS p WHERE true{prefilter}"
        " AND to_tsvector('english'::regconfig, p.body) @@ q.q LIMIT 1)"
        for kind, table, body in PARAGRAPH_SOURCES
    )
    sql = (
        "WITH q AS MATERIALIZED (SELECT websearch_to_tsquery('english'::regconfig, %(query)s) AS q)"
        " SELECT i.id, para.kind, para.id, ts_headline('english'::regconfig, COALESCE(para.body, CASE"
        "   WHEN m.status = ANY(%(minutes)s) AND NOT (ts_filter(i.search_vector, '{a,b}'::\"char\"[]) @@ q.q)"
        "     THEN i.search_document"
        "   WHEN i.is_exempt THEN i.search_document"
        "   ELSE i.title || E'\\n' || i.description"
        " END), q.q, CASE WHEN length(para.body) <= %(short)s THEN %(short_options)s ELSE %(options)s END)"
        " FROM minutes_agendaitem AS i JOIN minutes_meeting AS m ON m.id = i.meeting_id CROSS JOIN q"
        f" LEFT JOIN LATERAL (SELECT kind, id, body FROM ({firsts}) AS first"
        "   WHERE m.status = ANY(%(minutes)s) AND NOT i.is_exempt ORDER BY position, kind LIMIT 1"
        " ) AS para ON true"
        " WHERE i.id = ANY(%(ids)s)"
    )
    db = connections[using]
    with db.cursor() as cursor:
        params = {
            "query": query,
            "minutes": list(Meeting.MINUTES_STATES),
            **{
                key: ", ".join(db.ops.compose_sql(f"{name}=%s", [value]) for name, value in options.items())
                for key, options in (("options", HEADLINE_OPTIONS), ("short_options", SHORT_HEADLINE_OPTIONS))
            },
            "short": SHORT_PARAGRAPH,
            "ids": list(ids),
            **{f"pattern{n}": pattern for n, pattern in enumerate(patterns)},
        }
        cursor.execute(sql, params)
        return {pk: (f"{kind}-{block}" if kind else "", headline) for pk, kind, block, headline in cursor.fetchall()}


# A line break in the searched text ends a title or a paragraph. Collapsed to a space it ran the title into the text
# ("Update The Commissioner"); after a line without closing punctuation it becomes a dash instead.
UNPUNCTUATED_BREAK = re.compile(r"(?<=[^\s.,:;!?…])[ \t\u00a0]*\n\s*")


def separate_lines(text):
    return UNPUNCTUATED_BREAK.sub(" — ", text)


def snippet_pieces(headline):
    """[(text, marked)] of a ts_headline, lines kept apart (separate_lines), whitespace collapsed and trimmed."""
    pieces, position, headline = [], 0, separate_lines(headline.strip())
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
    text = " ".join(separate_lines(text).split())
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


def find_anchors(items, query):
    """{item pk: anchor} of the first point, question or resolution of each item whose own text holds every word of
    the query: the simple search's paragraph links (PostgreSQL's come from page_details), one query for the page.
    Only items whose minutes the public may read (never an exempt item's paragraphs)."""
    from ..models import MinutePoint, Question, Resolution

    ids = [item.pk for item in items if item.meeting.minutes_public and not item.is_exempt]
    words = [w.casefold() for w in query_words(query)]
    if not ids or not words:
        return {}
    sources = [
        (MinutePoint, "point", ("text",)),
        (Question, "question", ("heading", "text", "asked_by_text", "response")),
        (Resolution, "resolution", ("lead_in", "text", "clauses")),
    ]
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
    found = {}
    for item_id, position, pk, kind, text in parts[0].union(*parts[1:], all=True):
        if all(w in text.casefold() for w in words) and (item_id not in found or position < found[item_id][0]):
            found[item_id] = (position, f"{kind}-{pk}")
    return {item_id: anchor for item_id, (_, anchor) in found.items()}
