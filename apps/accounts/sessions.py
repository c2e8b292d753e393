"""The session engine of a deployment with Redis: Django's ``cached_db`` (read from the
cache, written through to the database), whose one cache read also brings what the
request will read from the cache next.

A signed-in page reads the session, then the user (apps.accounts.backends), then its own
cached parts (apps.core.generations): each a round trip to Redis. A session key belongs to
one user for its whole life (signing in as someone else starts a new key), so once a
process has seen a session it knows whose it is, and after serving a GET of a URL to a
user it knows which cache keys that took. The next GET of the same URL by the same user
reads the session, the user's entry and those keys in one round trip; the generations then
check each value exactly as if it had been read on its own (apps.core.generations,
read-ahead). A guess that turns out wrong (someone else's session, a page that now needs
other keys) costs the round trip it would have cost anyway.

Turned on by ``SESSION_ENGINE = "apps.accounts.sessions"`` with :class:`SessionMiddleware`
in place of Django's (settings, with Redis).
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

from apps.core import generations

KEPT = 10_000


class _Recent(OrderedDict):
    """A bounded map, the most recently set entries kept; safe across threads."""

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()

    def remember(self, key, value) -> None:
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > KEPT:
                self.popitem(last=False)


# Session key → user id, and (user id, URL) → the cache keys its last GET needed.
_OWNERS = _Recent()
_NEEDED = _Recent()


class SessionStore(CachedDBStore):
    # Set by SessionMiddleware for a GET or HEAD: the URL whose keys to read ahead.
    route: str | None = None

    def load(self):
        owner = _OWNERS.get(self.session_key) if self.session_key and self.route else None
        if owner is None or settings.USER_CACHE_SECONDS <= 0 or self._cache is not caches[DEFAULT_CACHE_ALIAS]:
            return self._remember(super().load())
        from apps.accounts.backends import user_cache_keys

        ahead = list(dict.fromkeys([*user_cache_keys(owner), *_NEEDED.get((owner, self.route), ())]))
        try:
            found = self._cache.get_many([self.cache_key, *ahead])
        except Exception:
            # What the base class does on a cache error: read the database.
            return self._remember(super().load())
        data = found.pop(self.cache_key, None)
        if data is None:
            return self._remember(super().load())
        generations.readahead_fill(ahead, found)
        return self._remember(data)

    def _remember(self, data: dict) -> dict:
        owner = data.get(SESSION_KEY)
        if owner is not None and self.session_key:
            _OWNERS.remember(self.session_key, str(owner))
        return data


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, which also begins and ends the request's read-ahead
    (apps.core.generations) and learns which keys a GET needed."""

    def process_request(self, request):
        super().process_request(request)
        generations.readahead_begin()
        if request.method in ("GET", "HEAD") and isinstance(request.session, SessionStore):
            request.session.route = request.get_full_path()

    def process_response(self, request, response):
        needed = generations.readahead_end()
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and session.route and needed:
            owner = _OWNERS.get(session.session_key) if session.session_key else None
            if owner is not None:
                _NEEDED.remember((owner, session.route), tuple(needed))
        return super().process_response(request, response)
