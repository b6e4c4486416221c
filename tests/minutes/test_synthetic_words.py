"""The synthetic archive's prose vocabulary (issue 19): Zipf's law over a real word list, the trade's terms at their
rates, the same words for the same seed, and a clear message when the word list is not installed."""

import collections
import datetime
import math
import random
import re

import pytest
from django.core.management import CommandError, call_command

from minutes.devtools import synthetic_words
from minutes.devtools.synthetic import ArchiveGenerator
from minutes.devtools.synthetic_words import TRADE_TERMS, ZipfWords, read_word_list
from minutes.models import AgendaItem, MinutePoint

# A stand-in for wbritish, so these tests do not depend on the Debian package: 40,000 distinct plain words.
WORDS = sorted({"".join(random.Random(n).choices("abcdefghijklmnopqrstuvwxyz", k=9)) for n in range(40_000)})


def slope(counts, top):
    ys = [math.log(c) for _, c in counts.most_common(top)]
    xs = [math.log(r) for r in range(1, len(ys) + 1)]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


# PostgreSQL's English stop words (tsearch_data/english.stop), which search drops before it counts lexemes.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
    it its itself they them their theirs themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or because as until while of at by for with
    about against between into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some such no nor not only
    own same so than too very s t can will just don should now""".split()
)


def lexemes(text):
    """Roughly what to_tsvector('english', text) keeps: words less stop words, with common endings cut off (a
    crude stemmer; on the benchmark's archives it gives the same top-100 slope as ts_stat to within 0.01)."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in STOP_WORDS:
            continue
        for ending in ("ing", "ed", "es", "s", "e"):
            if len(word) > len(ending) + 2 and word.endswith(ending) and not word.endswith("ss"):
                word = word[: -len(ending)]
                break
        yield word


def test_content_words_follow_zipf_over_the_whole_list():
    words = ZipfWords(1, WORDS)
    assert len(words) >= 30_000
    rng = random.Random(7)
    function = set(synthetic_words.FUNCTION_WORDS)
    drawn = [w for w in words.draw(rng, 300_000) if w not in function]
    counts = collections.Counter(drawn)
    assert -1.15 < slope(counts, 100) < -0.85
    # A long tail: thousands of distinct words, most of them rare.
    assert len(counts) > 15_000
    assert sum(1 for c in counts.values() if c <= 2) > len(counts) / 3
    # Function words are about FUNCTION_SHARE of the text.
    assert 0.40 < 1 - len(drawn) / 300_000 < 0.50


def test_trade_terms_come_at_their_rates():
    words = ZipfWords(1, WORDS)
    # Each term at its set rank, whatever the head of the ranking holds.
    for term, rank in TRADE_TERMS.items():
        assert words.content.ranked[rank - 1] == term
    counts = collections.Counter(words.draw(random.Random(3), 300_000))
    # (The rarest terms, expected a few times or fewer in this many words, are left to the rank check above.)
    for common, rare in (("police", "CCTV"), ("CCTV", "burglary"), ("budget", "knife crime")):
        assert counts[common] > counts[rare] > 0, (common, rare)
    # Rank r among the content words: about a share 1/(r·H) of them.
    harmonic = sum(1 / r for r in range(1, len(words.content.ranked) + 1))
    expected = 300_000 * (1 - synthetic_words.FUNCTION_SHARE) / (TRADE_TERMS["CCTV"] * harmonic)
    assert 0.5 * expected < counts["CCTV"] < 2 * expected


def test_same_seed_same_words_and_another_seed_other_words():
    one, again, other = ZipfWords(1, WORDS), ZipfWords(1, WORDS), ZipfWords(2, WORDS)
    assert one.draw(random.Random(5), 500) == again.draw(random.Random(5), 500)
    assert one.draw(random.Random(5), 500) != other.draw(random.Random(5), 500)
    sentence = one.sentence(random.Random(9))
    assert sentence[0].isupper() and sentence.endswith(".") and 8 <= len(sentence.split()) <= 32 + 2


def test_the_word_list_is_read_plain_words_only(tmp_path):
    listing = tmp_path / "words"
    listing.write_text("\n".join(["Aachen", "abbot's", "café", *WORDS]), encoding="utf-8")
    read = read_word_list(listing)
    assert read == WORDS
    short = tmp_path / "short"
    short.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds only 2 plain words"):
        read_word_list(short)


def test_a_missing_word_list_says_what_to_install(tmp_path):
    with pytest.raises(FileNotFoundError, match="wbritish"):
        read_word_list(tmp_path / "absent")


@pytest.mark.django_db
def test_generate_archive_refuses_words_without_the_list_and_warns_on_auto(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(synthetic_words, "WORD_LIST", tmp_path / "absent")
    options = {"panels": 1, "years": 1, "items_per_meeting": 2, "points_per_item": 2, "anchor": "2026-01-01"}
    with pytest.raises(CommandError, match="apt-get install wbritish"):
        call_command("generate_archive", vocabulary="words", **options)
    assert not MinutePoint.objects.exists()
    call_command("generate_archive", vocabulary="auto", **options)
    assert "Warning: The word list" in capsys.readouterr().err
    assert MinutePoint.objects.exists()


@pytest.mark.django_db
def test_generated_prose_is_drawn_from_the_list(monkeypatch, tmp_path):
    listing = tmp_path / "words"
    listing.write_text("\n".join(WORDS), encoding="utf-8")
    monkeypatch.setattr(synthetic_words, "WORD_LIST", listing)
    options = {"panels": 1, "years": 1, "items_per_meeting": 6, "points_per_item": 6, "anchor": "2026-01-01"}
    call_command("generate_archive", vocabulary="words", seed=4, **options)
    text = " ".join(MinutePoint.objects.values_list("text", flat=True)).split()
    from_list = sum(1 for word in text if word.strip(".,;:").lower() in set(WORDS))
    # Function words and the commonest content words are not from the list: about a fifth of all words are.
    assert from_list > len(text) / 8
    first = list(MinutePoint.objects.order_by("item__meeting__date", "item__position", "position").values_list("text"))
    MinutePoint.objects.all().delete()
    from minutes.models import Meeting
    from panels.models import Panel, Person

    Meeting.objects.all().delete()
    Person.objects.all().delete()
    Panel.objects.all().delete()
    call_command("generate_archive", vocabulary="words", seed=4, **options)
    again = list(MinutePoint.objects.order_by("item__meeting__date", "item__position", "position").values_list("text"))
    assert again == first


@pytest.mark.django_db
def test_a_generated_archive_follows_zipf_as_search_sees_it():
    """Template frames and drawn words together: the 100 commonest lexemes of the items' search documents fall off
    as 1/rank (Zipf's law, slope about −1), where the frames' own fixed words once flattened it to about −0.7."""
    words = ZipfWords(3, WORDS)
    options = {"panels": 5, "years": 2, "items_per_meeting": 20, "points_per_item": 10}
    ArchiveGenerator(seed=3, anchor=datetime.date(2026, 1, 1), words=words, **options).run()
    documents = AgendaItem.objects.values_list("search_document", flat=True)
    counts = collections.Counter(lexeme for document in documents for lexeme in lexemes(document))
    assert -1.1 < slope(counts, 100) < -0.9, slope(counts, 100)
    # The broad words the search benchmark asks for stay among the commonest.
    ranks = {lexeme: rank for rank, (lexeme, _) in enumerate(counts.most_common(), start=1)}
    for word in ("report", "officer", "budget", "polic", "consultation", "tim"):
        assert ranks[word] < 400, (word, ranks[word])
