"""A database connection the server closed (a restart, a failover, pg_terminate_backend) costs no reader a 500: each
request checks its persistent connection first and opens a new one (issue 14, finding 7). Only this test database's
own connection is terminated."""

import io

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests import records

pytestmark = pytest.mark.django_db(transaction=True)


def wsgi_get(handler, path):
    """A request through the real WSGI handler (the test client skips the start-of-request connection check)."""
    statuses = []
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0]), body


def terminate(pid):
    params = connection.get_connection_params()
    dsn = {k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname") and v}
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s AND datname = current_database()",
            [pid],
        )


def test_a_terminated_backend_gives_no_500(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    item = records.build_seed()
    handler = WSGIHandler()
    for path in (item.get_absolute_url(), f"/meetings/{item.meeting_id}/", "/search/?q=victim"):
        assert wsgi_get(handler, path)[0] == 200, path
        pid = connection.connection.info.backend_pid
        terminate(pid)
        status, body = wsgi_get(handler, path)
        assert status == 200, path
        assert connection.connection.info.backend_pid != pid  # a new connection served it
        assert b"Victim Satisfaction" in body
