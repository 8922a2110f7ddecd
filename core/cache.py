"""The shared cache on Redis, failing open.

Beckon keeps nothing in the cache that it cannot lose: throttle counters, mostly. So when
Redis is down or hung, a read misses and a write is dropped (each logged) instead of
turning the request into a 500: an intent posted during a Redis outage is still saved,
and its customer still gets 201 (docs/reliability.md). The price is that throttles do
not count during the outage. Timeouts on the connection (settings.CACHES) bound how long
a hung Redis can hold a request.
"""

from __future__ import annotations

import logging

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)


def _failed(operation: str, error: redis.RedisError) -> None:
    log.warning("Cache %s skipped, Redis unavailable: %s", operation, error)


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except redis.RedisError as error:
            _failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except redis.RedisError as error:
            _failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except redis.RedisError as error:
            _failed("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except redis.RedisError as error:
            _failed("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except redis.RedisError as error:
            _failed("set_many", error)
            return list(data)  # Django's contract: the keys that were not stored

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except redis.RedisError as error:
            _failed("add", error)
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except redis.RedisError as error:
            _failed("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except redis.RedisError as error:
            _failed("incr", error)
            return delta  # as if counting started now

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except redis.RedisError as error:
            _failed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except redis.RedisError as error:
            _failed("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except redis.RedisError as error:
            _failed("clear", error)
            return False
