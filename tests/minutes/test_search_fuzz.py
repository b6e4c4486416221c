"""Arbitrary text and parameters thrown at /items/ and /search/: a reader's mistake is never a server error."""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NAMES = ["q", "panel", "date_from", "date_to", "kind", "has_resolutions", "has_documents", "title", "sort", "page"]
awkward = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['"', "&|!:*", "' OR 1=1 --", "2020-02-30", "yes", "report", "relevance", "-1", "1e9", "\x00"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=11000),
)
params = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), awkward, max_size=6)
raw_bytes = st.lists(st.tuples(st.binary(max_size=20), st.binary(max_size=60)), max_size=4)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=params)
def test_parameters_never_cause_a_server_error(client, seed_item, params):
    for url in ("/items/", "/search/"):
        response = client.get(url, params)
        assert response.status_code in (200, 400), (url, params)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=raw_bytes, name=st.sampled_from(NAMES))
def test_undecodable_bytes_never_cause_a_server_error(client, seed_item, pairs, name):
    query = "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs)
    query += "&" + urlencode({name: "x"}) if pairs else ""
    for url in ("/items/", "/search/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (url, query)
