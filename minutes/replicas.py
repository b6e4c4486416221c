"""Reading the public pages from a PostgreSQL read replica, when one is configured (`DATABASE_REPLICA_URL`).

Anonymous readers' GET and HEAD requests (the public pages, search, feeds, documents) read from the replica; everything
else — the admin, any signed-in user (whose session cookie marks the request), every POST — reads and writes the
primary, so a clerk always sees what they have just saved and optimistic locking compares against the primary's
version. Writes always go to the primary. Without a replica every read goes to the primary, as before.

A replica lags its primary by moments: a reader may see a page as it was a second before a clerk's edit. The page
cache reads its key from the same replica as the page, so it never pairs a new key with old content.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"

public_read = ContextVar("public_read", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def read_alias():
    """The database alias a read in the current request goes to."""
    return REPLICA if public_read.get() and replica_configured() else "default"


class PublicReadsMiddleware:
    """Marks an anonymous reader's GET or HEAD as a public read for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
        token = public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # migrations run on the primary and reach the replica by replication
