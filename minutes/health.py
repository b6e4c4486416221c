"""/health/: whether this app server can reach its database and its cache, for a load balancer or an operator.

200 while the database answers, even when the cache does not (pages are then served uncached: see
minutes/cache_backend.py), with the cache's state and this process's count of cache failures; 503 when the database
does not answer. It names no record, so it shows nothing a reader may not see."""

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .cache_backend import ResilientRedisCache, health


@never_cache
def health_view(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    backend = caches["default"]
    shared = isinstance(backend, ResilientRedisCache)
    cache_state = "unavailable" if shared and not backend.ping() else "ok"
    body = {
        "status": "ok" if database == "ok" and cache_state == "ok" else "degraded",
        "database": database,
        "cache": {"backend": "redis" if shared else "local memory", "status": cache_state, **health.as_dict()},
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
