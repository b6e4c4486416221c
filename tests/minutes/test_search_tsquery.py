"""The search's reading of a tsquery (minutes/search/engine.py): its tree, the bound on how many items can match it
(which decides how the ranked window is found) and the cheap patterns a matching paragraph satisfies (which spare
PostgreSQL parsing the others)."""

import re

import pytest
from django.db import connection

from minutes.search import engine as search
from minutes.search.engine import (
    QueryInfo,
    paragraph_patterns,
    required_lexemes,
    share_bound,
    stem_prefix,
    tsquery_tree,
)

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's tsquery and stemmer")


def lex(word):
    return ("lexeme", word)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("'budget'", lex("budget")),
        ("'work' & 'programm'", ("and", [lex("work"), lex("programm")])),
        ("'evalu' | 'auditor'", ("or", [lex("evalu"), lex("auditor")])),
        ("'consult' & !'parish'", ("and", [lex("consult"), ("not", lex("parish"))])),
        ("'risk' <-> 'regist'", ("and", [lex("risk"), lex("regist")])),
        ("'a' <2> 'b'", ("and", [lex("a"), lex("b")])),
        # ! binds tightest, then the phrase operators, then &, then |.
        ("'x' | 'y' & !'z' | 'w'", ("or", [lex("x"), ("and", [lex("y"), ("not", lex("z"))]), lex("w")])),
        ("'x' & 'y' <-> 'z'", ("and", [lex("x"), ("and", [lex("y"), lex("z")])])),
        ("( 'a' | 'b' ) & 'c'", ("and", [("or", [lex("a"), lex("b")]), lex("c")])),
        ("!( 'a' & 'b' )", ("not", ("and", [lex("a"), lex("b")]))),
        ("'o''neil' & 'c:\\\\temp'", ("and", [lex("o'neil"), lex("c:\\temp")])),
        ("'super':* & 'x':AB", ("and", [lex("super"), lex("x")])),
        ("", None),
        ("'a' &", None),
        ("& 'a'", None),
        ("( 'a'", None),
        ("'a' 'b'", None),
        ("'unclosed", None),
    ],
)
def test_tsquery_tree(text, tree):
    assert tsquery_tree(text) == tree


def test_share_bound():
    shares = {"work": 0.6, "programm": 0.06, "parish": 0.4, "consult": 0.5}.get
    assert share_bound(tsquery_tree("'work' & 'programm'"), shares) == 0.06
    assert share_bound(tsquery_tree("'work' | 'programm'"), shares) == pytest.approx(0.66)
    assert share_bound(tsquery_tree("'work' | 'consult'"), shares) == 1.0
    assert share_bound(tsquery_tree("'consult' & !'parish'"), shares) == 0.5
    assert share_bound(tsquery_tree("!'parish'"), shares) == 1.0


def test_what_a_matching_text_must_hold():
    assert required_lexemes(tsquery_tree("'save' & 'target'")) == [{"save"}, {"target"}]
    assert required_lexemes(tsquery_tree("'evalu' | 'auditor'")) == [{"evalu", "auditor"}]
    assert required_lexemes(tsquery_tree("'consult' & !'parish'")) == [{"consult"}]
    assert required_lexemes(tsquery_tree("!'parish'")) == []
    assert required_lexemes(tsquery_tree("'a' | !'b'")) == []
    assert required_lexemes(tsquery_tree("'a' & 'b' | 'c'")) == [{"a", "c"}]


def test_stem_prefix():
    assert stem_prefix("heronri") == "heron"
    assert stem_prefix("save") == "sav"
    assert stem_prefix("die") == ""  # from "dying": too short to tell anything
    assert stem_prefix("well-b") == "well"
    assert stem_prefix("www.example.com") == "www\\.example\\.c"


def test_paragraph_patterns():
    assert paragraph_patterns(tsquery_tree("'save' & 'target'")) == ["(sav)", "(targ)"]
    assert paragraph_patterns(tsquery_tree("'evalu' | 'auditor'")) == ["(audit|eva)"]
    assert paragraph_patterns(tsquery_tree("'tax' & 'budget'")) == ["(budg)"]  # 'tax' too short to test
    assert paragraph_patterns(tsquery_tree("!'parish'")) == []
    assert paragraph_patterns(None) == []


def test_the_index_is_used_for_rarer_words_only():
    rows = search.COUNT_CAP + 1
    assert search.uses_index(QueryInfo("'programm'", share=0.05, items=100_000), rows)  # 5,000 matches at most
    assert not search.uses_index(QueryInfo("'budget'", share=0.5, items=100_000), rows)
    assert not search.uses_index(QueryInfo("'budget'", share=None, items=100_000), rows)  # no statistics


WORDS = [
    "vacancies",
    "possibilities",
    "nobility",
    "abilities",
    "generously",
    "organisational",
    "savings",
    "dying",
    "lying",
    "skies",
    "strategies",
    "Treasury",
    "well-being",
    "co-operation",
    "O'Neil",
    "£1.2m",
    "e-mail",
    "www.example.com/minutes",
    "Ærøskøbing",
    "HEADQUARTERS",
]


@postgres_only
@pytest.mark.parametrize("word", WORDS)
def test_every_paragraph_the_stemmer_matches_passes_the_patterns(db, word):
    paragraph = f"Members asked about the {word} at length."
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT websearch_to_tsquery('english', %s)::text,"
            " to_tsvector('english', %s) @@ websearch_to_tsquery('english', %s)",
            [word, paragraph, word],
        )
        tsquery, matches = cursor.fetchone()
        assert matches
        patterns = paragraph_patterns(tsquery_tree(tsquery))
        for pattern in patterns:
            cursor.execute("SELECT %s ~* %s", [paragraph, pattern])
            assert cursor.fetchone()[0], (word, tsquery, pattern)
    # And Python reads the patterns the same way (a sanity check on the escaping).
    assert all(re.search(pattern, paragraph, re.IGNORECASE) for pattern in patterns)


@postgres_only
def test_inspect_query(db, monkeypatch):
    monkeypatch.setattr(search, "_statistics", {})
    info = search.inspect_query('"risk register" -budget', "default")
    assert info.tsquery == "'risk' <-> 'regist' & !'budget'"
    assert info.tree == ("and", [("and", [lex("risk"), lex("regist")]), ("not", lex("budget"))])
    assert search.inspect_query("the of and", "default").tsquery == ""
