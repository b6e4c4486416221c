"""A number too large for a primary key in an address is a 404, never a 500 (issue 14, finding 13)."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = [str(2**63), "9" * 40]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "template",
    [
        "/meetings/{}/",
        "/meetings/{}/minutes.txt",
        "/meetings/{}/minutes.pdf",
        "/items/{}/",
        "/items/{}/minutes.txt",
        "/items/{}/minutes.pdf",
        "/documents/{}/paper.pdf",
    ],
)
def test_a_huge_number_is_not_found(client, seed_item, template, number):
    response = client.get(template.format(number))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_largest_key_is_still_looked_up(client, seed_item):
    assert client.get(f"/items/{2**63 - 1}/").status_code == 404
    assert client.get(f"/items/{seed_item.pk}/").status_code == 200


@pytest.mark.parametrize("number", [2**63, 10**40, 0])
def test_the_page_cache_never_sends_a_number_no_key_can_hold(number, django_assert_num_queries):
    # SQLite (the embedded default) raises OverflowError for such a parameter, which was a 500 on every page.
    from minutes.page_cache import item_stamp, meeting_stamp

    with django_assert_num_queries(0):
        assert item_stamp(number) is None
        assert meeting_stamp(number) is None
