"""Property: whatever minutes-like text the editor saves onto an item (here over the seed's rows, so the matching is
exercised), opening the editor again and saving unchanged writes nothing, and the words read back in their order."""

import re

import pytest
from hypothesis import HealthCheck, given, settings

from minutes.editor.merge import apply, item_minutes_text, plan, read
from minutes.models import AgendaItem, Meeting
from tests import records
from tests.minutes.test_importing_property import body, untidy

pytestmark = pytest.mark.django_db(transaction=False)
WORDS = re.compile(r"[A-Za-z0-9]+")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=body().flatmap(untidy))
def test_saved_text_saves_again_unchanged(data):
    from django.db import transaction

    with transaction.atomic():
        item = records.build_seed(status=Meeting.Status.DRAFT)
        result = plan(item, read(data))
        apply(item, result)
        item = AgendaItem.objects.get(pk=item.pk)
        text = item_minutes_text(item)
        assert plan(item, read(text)).is_empty, text
        words = [w for w in WORDS.findall(data) if not w.isdigit()]
        assert [w for w in WORDS.findall(text) if not w.isdigit()] == words
        transaction.set_rollback(True)
