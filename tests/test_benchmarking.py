"""The benchmark's own helpers (minutes/devtools/benchmarking.py): targets with their margins, the addresses the load
runs send, and the arithmetic of the database's CPU."""

import os

import pytest

from minutes.devtools.benchmarking import (
    DatabaseCpu,
    distinct_public_urls,
    process_cpu_seconds,
    target_text,
    wrk_script,
)
from minutes.models import AgendaItem, Meeting
from tests import records


def test_a_met_target_shows_its_margin():
    assert target_text(2.4, 3, unit=" ms") == ("2.4 ms ≤ 3.0 ms  met (margin 0.6 ms)", True)
    assert target_text(1.05, 1.1, fmt="×{:.2f}", margin_unit="") == ("×1.05 ≤ ×1.10  met (margin ×0.05)", True)


def test_a_missed_target_shows_by_how_much():
    assert target_text(4.2, 3, unit=" ms") == ("4.2 ms ≤ 3.0 ms  NOT MET (over by 1.2 ms)", False)
    text, met = target_text(12, 15, at_most=False, fmt="{:.0f}", unit="% of static", margin_unit=" points")
    assert (text, met) == ("12% of static ≥ 15% of static  NOT MET (under by 3 points)", False)
    assert target_text(15, 15, at_most=False, fmt="{:.0f}") == ("15 ≥ 15  met (margin 0)", True)


def test_the_wrk_script_sends_each_path_once_a_pass_and_takes_only_plain_paths():
    script = wrk_script(["/items/1/", "/items/2/", "/items/3/"], threads=2)
    assert script.count('"/items/') == 3 and "next_index + 2" in script
    with pytest.raises(ValueError):
        wrk_script(['/items/1/"; os.exit() --'], threads=2)


def test_database_cpu_counts_new_backends_whole_and_only_growth_of_the_others():
    assert DatabaseCpu.used({1: 2.0, 2: 1.0}, {1: 2.5, 3: 0.25}) == pytest.approx(0.75)


def test_process_cpu_is_read_from_proc():
    assert process_cpu_seconds(os.getpid()) > 0
    assert process_cpu_seconds(2**22 + 12345) is None


@pytest.mark.django_db
def test_distinct_public_urls_are_distinct_public_pages_that_answer(client):
    _, wealdshire, _ = records.build_all()
    Meeting.objects.filter(pk=wealdshire.pk).update(status=Meeting.Status.DRAFT)  # no longer public
    public = AgendaItem.objects.public().filter(meeting__status__in=["approved", "draft_minutes"]).count()
    assert public >= 3
    items = distinct_public_urls("item", 3)
    assert len(set(items)) == 3 and items == distinct_public_urls("item", 3)  # the same ones for the same seed
    assert len(distinct_public_urls("item", 10_000)) == public
    meetings = distinct_public_urls("meeting", 5)
    assert len(meetings) == Meeting.objects.with_public_minutes().count() >= 1
    for url in items + meetings:
        assert client.get(url).status_code == 200, url
    drafts = {m.get_absolute_url() for m in Meeting.objects.filter(status=Meeting.Status.DRAFT)}
    assert drafts and not drafts & set(meetings)
