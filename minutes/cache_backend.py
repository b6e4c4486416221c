"""The shared cache (Redis) as what it is, an optimisation: when it fails, the page is rendered and served.

Django's Redis backend raises on any connection error, which turned a Redis outage into a 500 on every cached page.
Here a failed read is a miss and a failed write is dropped; each failure is logged and counted (the health view at
/health/ reports the count), and after one the cache is left alone for RETRY_SECONDS, so that during an outage a
request does not wait for a connection attempt each time it would use the cache."""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class Health:
    """This process's record of cache failures (each app server process keeps its own)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.failures = 0
        self.last_failure_at = None
        self.last_error = ""
        self.retry_after = 0.0

    def failed(self, operation, error):
        with self.lock:
            self.failures += 1
            self.last_failure_at = timezone.now()
            self.last_error = type(error).__name__
            self.retry_after = time.monotonic() + RETRY_SECONDS
        log.warning("Cache %s failed (%s: %s); serving without the cache.", operation, type(error).__name__, error)

    def recovered(self):
        self.retry_after = 0.0

    @property
    def resting(self):
        return time.monotonic() < self.retry_after

    def as_dict(self):
        return {
            "failures": self.failures,
            "last_failure": self.last_failure_at.isoformat() if self.last_failure_at else None,
            "last_error": self.last_error,
            "resting": self.resting,
        }


health = Health()


def degrade(fallback):
    """Run the cache operation; on a Redis failure (or while resting after one) return `fallback(*args)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if health.resting:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                health.failed(method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def nothing(*args, **kwargs):
    return None


def default_of(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    add = degrade(lambda *a, **k: False)(RedisCache.add)
    get = degrade(default_of)(RedisCache.get)
    set = degrade(nothing)(RedisCache.set)
    touch = degrade(lambda *a, **k: False)(RedisCache.touch)
    delete = degrade(lambda *a, **k: False)(RedisCache.delete)
    get_many = degrade(lambda *a, **k: {})(RedisCache.get_many)
    has_key = degrade(lambda *a, **k: False)(RedisCache.has_key)
    set_many = degrade(lambda data, *a, **k: list(data))(RedisCache.set_many)
    delete_many = degrade(nothing)(RedisCache.delete_many)
    clear = degrade(lambda *a, **k: False)(RedisCache.clear)

    def ping(self):
        """Whether Redis answers now (the health view's probe); a success ends the rest after a failure."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            health.failed("ping", error)
            return False
        health.recovered()
        return True
