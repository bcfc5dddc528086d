"""The Redis cache, and what happens when Redis is not there.

The cache holds only what can be rebuilt or lost: rate-limit counters (DRF throttles, allauth)
and rendered catalogue fragments. Logging a session, signing in or reading a page must never
fail because of it, so when Redis does not answer this backend carries on in the process's own
memory for a short while (`RETRY_AFTER` seconds) before it asks Redis again. Rate limits then
count per process instead of across the site: weaker, not gone. Short socket timeouts (set in
settings) make a Redis that hangs cost a request half a second once per `RETRY_AFTER`, not a
timeout on every call.
"""

from __future__ import annotations

import logging
import threading
import time
from fnmatch import fnmatchcase

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
DEFAULT_RETRY_AFTER = 5.0


class _ClientKept(RedisCacheClient):
    """Django's client builds a new redis-py client for every cache call, and building one
    (its table of response callbacks) costs as much as the call itself to a local Redis; this
    keeps one per connection pool (redis-py clients are safe to share between threads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that falls back to local memory while Redis is unreachable.

    OPTIONS takes one key of its own, RETRY_AFTER (seconds); the rest go to redis-py.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ClientKept
        local_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.fallback = LocMemCache(f"osteofit-fallback-{id(self)}", local_params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def redis_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _trip(self, error: Exception) -> None:
        with self._lock:
            already = self.redis_down
            self._down_until = time.monotonic() + self.retry_after
        if not already:
            log.warning(
                "Redis cache unreachable (%s); using this process's memory for %.0f s.",
                error,
                self.retry_after,
            )

    def _call(self, name: str, *args, **kwargs):
        """RedisCache's method, or the local memory's while Redis is unreachable."""
        if not self.redis_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as error:
                self._trip(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def delete_pattern(self, pattern: str) -> None:
        """Delete every key matching the glob `pattern`, in Redis and in the local memory.

        It walks the whole key space (SCAN), so it is for rare jobs such as deleting an account,
        never for a page's path. While Redis is unreachable its keys are left to expire."""
        made = self.make_and_validate_key(pattern)
        with self.fallback._lock:
            for key in [key for key in self.fallback._cache if fnmatchcase(key, made)]:
                self.fallback._delete(key)
        if self.redis_down:
            return
        try:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=made, count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        except REDIS_DOWN as error:
            self._trip(error)

    def clear(self):
        """Empty both, so clearing the cache clears whatever is really in use."""
        self.fallback.clear()
        return self._call("clear")
