"""Property: minutes-like text built from the layout grammar is always read, and saving and rendering it again
keeps every word in its order (layout labels such as 'Minutes:' aside, since the renderer writes its own)."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.import_save import save_minutes
from minutes.importing import ImportTextError, parse_minutes
from minutes.models import Meeting
from minutes.rendering import item_text, meeting_text
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


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        parsed = parse_minutes(text)
    except ImportTextError:
        return
    kept = " ".join(
        [
            *(b.text for item in parsed.items for b in item.blocks),
            *(item.title + " " + item.description for item in parsed.items),
        ]
    )
    assert isinstance(kept, str)
