"""The public page cache: anonymous readers' meeting and item pages (HTML and plain text), served before the rest of
the middleware stack runs.

The key of a page is its meeting's `changed_at`, looked up through the one public queryset: a draft has no stamp and
falls through to the view (and its 404); any change to the meeting or anything in it moves the stamp (see
minutes/record/signals.py), so a cached page is never stale. The stamp is also the page's ETag, for conditional GET.
A request that carries a valid staff session (a clerk, who may be previewing) is never served from the cache nor
stored in it. The stored entry is the whole response as the full stack produced it, headers included (CSP, frame
options), less any cookie.

Any other session cookie, forged or stale or a non-staff user's, is an anonymous reader's: checking it costs one
query, where skipping the cache for it let any client make every page cost a full render. Which paths are cached
pages is read from urls.py by route name."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve

from . import visibility


class Precompiled:
    """`rows(pk)`: the rows of a queryset built for one primary key (`build(pk)`), its SQL compiled once per database
    and run directly on the database the page itself reads (the read replica, for an anonymous reader, when there is
    one). On the paths a page-cache miss or hit takes, compiling the query would cost more than running it; the
    queryset still comes from the public rule, so the one visibility rule still decides. The values are as the
    database driver gives them (no field conversion)."""

    SENTINEL = -918273645
    # The primary keys are bigint: a larger number in an address names no record (and SQLite refuses it as a
    # parameter with OverflowError).
    LARGEST_PK = 2**63 - 1

    def __init__(self, build):
        self.build = build
        self.compiled = {}  # by database alias: (sql, params, the slot of the pk among the params)

    def connection(self):
        from django.db import connections

        from .replicas import read_alias

        return connections[read_alias()]

    def rows(self, pk):
        if not 0 < pk <= self.LARGEST_PK:
            return []
        connection = self.connection()
        if connection.alias not in self.compiled:
            sql, params = self.build(self.SENTINEL).query.get_compiler(connection.alias).as_sql()
            self.compiled[connection.alias] = (sql, list(params), list(params).index(self.SENTINEL))
        sql, params, slot = self.compiled[connection.alias]
        params = [*params[:slot], pk, *params[slot + 1 :]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class StampLookup(Precompiled):
    """`lookup(pk)`: the `changed_at` of the public meeting a page belongs to, or None."""

    def __call__(self, pk):
        rows = self.rows(pk)
        if not rows:
            return None
        connection = self.connection()
        if connection.vendor == "sqlite":  # SQLite hands back text; convert it as the ORM would
            return connection.ops.convert_datetimefield_value(rows[0][0], None, connection)
        return rows[0][0]


meeting_stamp = StampLookup(
    lambda pk: visibility.public_meetings().filter(pk=pk).values_list("changed_at", flat=True)[:1]
)
item_stamp = StampLookup(
    lambda pk: visibility.public_items().filter(pk=pk).values_list("meeting__changed_at", flat=True)[:1]
)


# Route names (minutes/urls.py) of the cached pages, with the look-up of their stamp.
PAGES = {
    "meeting": meeting_stamp,
    "meeting-txt": meeting_stamp,
    "item": item_stamp,
    "item-txt": item_stamp,
}
SKIPPED_HEADERS = {"set-cookie", "vary", "etag", "cache-control", "content-length"}


def cached_page(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    stamp_of = PAGES.get(match.url_name)
    if stamp_of is None or match.namespaces:
        return None
    return match.url_name, match.kwargs["pk"], stamp_of


def is_staff_session(request):
    """Whether the request carries the session of a signed-in staff member, checked as Django's auth checks it."""
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(request.COOKIES[settings.SESSION_COOKIE_NAME])
    try:
        user = get_user(request)
    finally:
        del request.session
    return user.is_authenticated and user.is_active and user.is_staff


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = cached_page(request.path_info) if request.method in ("GET", "HEAD") else None
        if page is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            if is_staff_session(request):
                response = self.get_response(request)
                response["Cache-Control"] = "private, no-store"
                return response
            # Anyone else reads the public page: without the cookie, the session middleware has nothing to expire
            # on the response, so the rendering can be stored and served like any other.
            request.COOKIES = {k: v for k, v in request.COOKIES.items() if k != settings.SESSION_COOKIE_NAME}
        kind, pk, stamp_of = page
        stamp = stamp_of(pk)
        if stamp is None:
            return self.get_response(request)
        etag = f'"{kind}-{pk}-{stamp.timestamp():.6f}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            key = f"page:{kind}:{pk}:{stamp.isoformat()}"
            entry = cache.get(key)
            if entry is None:
                response = self.get_response(request)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                headers = {k: v for k, v in response.items() if k.lower() not in SKIPPED_HEADERS}
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            else:
                content, headers = entry
                response = HttpResponse(content, headers=headers)
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response
