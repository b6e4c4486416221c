"""Property: minutes-like text built from the layout grammar is always read, and saving and rendering it again
keeps every word in its order (layout labels such as 'Minutes:' aside, since the renderer writes its own)."""

import re
from collections import Counter
from dataclasses import fields, is_dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.importer.reader import ImportTextError, parse_minutes
from minutes.importer.save import save_minutes
from minutes.models import Meeting
from minutes.output.rendering import item_text, meeting_text
from tests import records

NB = "\u00a0"
VOCABULARY = (
    "commissioner panel police budget precept victims survey officers report county crime team estate "
    "reserves council members chair funding strategy drones farms update response figures plan priorities "
    "calls minutes2 review savings partnership"
).split()
LAYOUT = re.compile(
    r"Additional\s+documents:|Supporting\s+documents:|Minutes:|Agenda\s+item|Items|No\.\s+Item|pdf\s+icon"
    r"|View\s+directions|\bMedia\b|Agenda\s+and\s+(?:draft\s+)?minutes|\bAgenda\b"
)

word = st.sampled_from(VOCABULARY)


def sentence(min_words=3, max_words=10, end="."):
    return st.lists(word, min_size=min_words, max_size=max_words).map(lambda ws: " ".join(ws).capitalize() + end)


def lower_sentence():
    return st.lists(word, min_size=2, max_size=8).map(lambda ws: " ".join(ws) + ";")


top_label = st.sampled_from(["{}.", "({})", "{})"])
letter_label = st.sampled_from(["{}.", "{})", "({})"])
gap = st.sampled_from([f"{NB} {NB} {NB}  ", "    ", "\t", "\n"])


@st.composite
def point_block(draw, number):
    label = draw(top_label).format(number)
    paras = [f"{label}{draw(gap)}{draw(sentence())}"]
    if draw(st.booleans()):
        for n in range(draw(st.integers(1, 3))):
            letter = draw(letter_label).format("abc"[n])
            paras.append(f"{letter}{draw(gap)}{draw(lower_sentence())}")
            if draw(st.booleans()):
                paras += [f"·{NB}{NB}{NB}   {draw(lower_sentence())}" for _ in range(draw(st.integers(1, 2)))]
    return paras


@st.composite
def question_bullets(draw, number):
    intro = f"{number}.    Members asked questions. Key issues raised by the Panel included the following:"
    bullets = [
        f"·         Whether {draw(sentence(2, 6))} The Commissioner said {draw(sentence(2, 6)).lower()}"
        for _ in range(draw(st.integers(1, 3)))
    ]
    return [intro, *bullets]


@st.composite
def question_heading(draw, number):
    paras = [draw(st.sampled_from([f"Question {number}:", f"Question {number}", f"Questions {number}"]))]
    paras += [draw(sentence(4, 12, "?")) for _ in range(draw(st.integers(1, 2)))]
    paras.append(f"(Cllr {draw(word).capitalize()} – {draw(word).capitalize()} Council)")
    paras += [f"{n}.    {draw(sentence())}" for n in range(1, draw(st.integers(1, 3)) + 1)]
    return paras


@st.composite
def resolution(draw):
    lead = draw(st.sampled_from(["RESOLVED that", "RESOLVED: That", "RESOLVED to", "UNANIMOUSLY RESOLVED that"]))
    if draw(st.booleans()):
        clauses = [f"({'abc'[n]})    {draw(lower_sentence())}" for n in range(draw(st.integers(1, 3)))]
        return [f"{lead} the Panel:", *clauses]
    return [f"{lead} {draw(sentence()).lower()}"]


@st.composite
def other_block(draw):
    kind = draw(st.sampled_from(["prose", "heading", "note", "named"]))
    if kind == "prose":
        return [draw(sentence())]
    if kind == "heading":
        return [" ".join(draw(st.lists(word, min_size=1, max_size=3))).capitalize(), f"9.    {draw(sentence())}"]
    if kind == "note":
        return [f"POST MEETING NOTE: {draw(sentence())}"]
    return [f"7.    Mr {draw(word).capitalize()}: {draw(sentence(3, 8, '?'))}", draw(sentence())]


@st.composite
def body(draw):
    paras, number = [], 1
    for _ in range(draw(st.integers(1, 5))):
        choice = draw(st.sampled_from(["point", "bullets", "questions", "resolution", "other"]))
        if choice == "point":
            paras += draw(point_block(number))
        elif choice == "bullets":
            paras += draw(question_bullets(number))
        elif choice == "questions":
            paras += draw(question_heading(number))
        elif choice == "resolution":
            paras += draw(resolution())
        else:
            paras += draw(other_block())
        number += 1
    return paras


@st.composite
def untidy(draw, paras):
    """Join paragraphs as copies do: blank lines, lines holding a non-breaking space, hard wraps."""
    out = []
    for para in paras:
        if draw(st.integers(0, 4)) == 0 and " " in para and not para.startswith("("):
            words = para.split(" ")
            cut = draw(st.integers(1, len(words) - 1)) if len(words) > 1 else 1
            para = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        out.append(para)
        out.append(draw(st.sampled_from(["\n\n", f"\n\n{NB}\n\n", "\n\n\n"])))
    return "".join(out)


@st.composite
def item_page(draw):
    title = " ".join(draw(st.lists(word, min_size=1, max_size=5))).title()
    return draw(untidy(["Agenda item", title, "Minutes:", *draw(body()), "Supporting documents:"]))


@st.composite
def meeting_page(draw):
    paras = [
        "Agenda and minutes",
        "Wealdshire Police and Crime Panel - Wednesday, 4th March, 2026 10.00 am",
        "Venue: Shire Hall, Ashbury. View directions",
        f"Contact: {draw(word).capitalize()} Olawale",
        "Items\nNo. Item",
    ]
    for number in range(57, 57 + draw(st.integers(1, 3))):
        paras.append(f"{number}.")
        title = " ".join(draw(st.lists(word, min_size=1, max_size=4))).title()
        paras.append(title + draw(st.sampled_from(["", " pdf icon PDF 212 KB", " - oral update"])))
        if draw(st.booleans()):
            paras.append("Additional documents:")
        paras.append("Minutes:")
        paras += draw(body())
    return draw(untidy(paras))


def words(text):
    return re.findall(r"\w+", LAYOUT.sub(" ", text))


def assert_words_in_order(source, rendered):
    got = iter(words(rendered))
    for n, w in enumerate(words(source)):
        if not any(w == g for g in got):
            raise AssertionError(f"word {n} {w!r} lost or out of order:\n{source}\n----\n{rendered}")


def render_saved(text, meeting=None):
    parsed = parse_minutes(text)

    def render(meeting, items):
        items = meeting.items.with_content().order_by("position")
        if parsed.kind == "meeting":
            meeting.status = parsed.header.status
            return meeting_text(meeting, items, public=False)
        return "\n\n".join(item_text(item, public=False) for item in items)

    return save_minutes(parsed, meeting=meeting, dry_run=True, render=render).rendered


QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@QUICK
@given(text=item_page())
def test_item_pages_keep_every_word_in_order(text):
    meeting = Meeting.objects.get_or_create(panel=records.kent_panel(), date="2020-07-14")[0]
    assert_words_in_order(text, render_saved(text, meeting))


@pytest.mark.django_db
@QUICK
@given(text=meeting_page())
def test_meeting_pages_keep_every_word_in_order(text):
    records.wealdshire_panel()
    assert_words_in_order(text, render_saved(text))
    assert not Meeting.objects.exclude(status=Meeting.Status.DRAFT).exists()


def kept_text(parsed):
    """Every piece of text the parse keeps, its tree walked field by field (the reader's notices aside: a notice
    quoting a line is not the line kept)."""
    pieces = []

    def walk(node):
        if isinstance(node, str):
            pieces.append(node)
        elif is_dataclass(node):
            for f in fields(node):
                walk(getattr(node, f.name))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(parsed.header)
    walk(parsed.items)
    return "\n".join(pieces)


# Pasted text that is partly the layout and partly anything at all: the reader reads about half of it (arbitrary
# text alone it nearly always refuses, which would leave the kept-text check below with little to check).
FRAGMENTS = [
    "Agenda item",
    "Minutes:",
    "Supporting documents:",
    "1.",
    "2.",
    "(1)",
    "a)",
    "(a)",
    "(i)",
    "·",
    "RESOLVED that",
    "RESOLVED:",
    "Question 1:",
    "POST MEETING NOTE:",
    "Members asked questions. Key issues raised by the Panel included the following:",
    "Whether",
]
anything = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
mixed_line = st.lists(st.one_of(st.sampled_from(FRAGMENTS), word, anything), min_size=1, max_size=8).map(" ".join)
mixed_text = st.lists(
    st.tuples(mixed_line, st.sampled_from(["\n", "\n\n", " ", f"\n\n{NB}\n\n", "\t"])), max_size=12
).map(lambda lines: "".join(line + end for line, end in lines))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), mixed_text))
def test_any_text_is_read_or_refused_cleanly(text):
    """Whatever is pasted, the reader either refuses it with a message or keeps every word of it (its layout labels
    aside): a reader that dropped a block, or the whole text, would pass a test that only looks at the types."""
    try:
        parsed = parse_minutes(text)
    except ImportTextError as refusal:
        assert str(refusal).strip()
        return
    kept = Counter(words(kept_text(parsed)))
    lost = Counter(words(text)) - kept
    assert not lost, f"words lost: {sorted(lost)}"
