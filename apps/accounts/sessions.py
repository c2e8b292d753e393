"""The session engine of a deployment with Redis: Django's ``cached_db`` (read from the
cache, written through to the database), whose one cache read also brings the
signed-in user.

Loading a signed-in request takes the session, then the user (apps.accounts.backends),
each a round trip to Redis. A session key belongs to one user for its whole life (signing
in as someone else starts a new key), so once a process has seen a session it knows whose
it is: the next time it reads the session together with that user's cache entries, in one
round trip, and hands them to :meth:`ScopedModelBackend.get_user
<apps.accounts.backends.ScopedModelBackend.get_user>`, which checks them exactly as if it
had read them itself (the generations decide) — and reads for itself when the session
turns out to be someone else's, or when the hand-over is not from this request.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

# Session key → user id, as seen by this process (the most recent sessions only).
_OWNERS: OrderedDict[str, str] = OrderedDict()
_OWNERS_LOCK = threading.Lock()
OWNERS_KEPT = 10_000
# What the last session read in this thread brought along for its user.
_handover = threading.local()
# A hand-over older than this is not from the request that asks for it.
HANDOVER_SECONDS = 1.0


def take_prefetched(user_id) -> dict | None:
    """The user's cache entries read with this request's session, once; or None."""
    handed = getattr(_handover, "value", None)
    _handover.value = None
    if handed is None:
        return None
    owner, found, at = handed
    if owner != str(user_id) or time.monotonic() - at > HANDOVER_SECONDS:
        return None
    return found


class SessionStore(CachedDBStore):
    def load(self):
        _handover.value = None
        owner = _OWNERS.get(self.session_key) if self.session_key else None
        if owner is None or settings.USER_CACHE_SECONDS <= 0 or self._cache is not caches[DEFAULT_CACHE_ALIAS]:
            return self._remember(super().load())
        from apps.accounts.backends import user_cache_keys

        user_keys = user_cache_keys(owner)
        try:
            found = self._cache.get_many([self.cache_key, *user_keys])
        except Exception:
            # What the base class does on a cache error: read the database.
            return self._remember(super().load())
        data = found.pop(self.cache_key, None)
        if data is None:
            return self._remember(super().load())
        _handover.value = (owner, found, time.monotonic())
        return self._remember(data)

    def _remember(self, data: dict) -> dict:
        owner = data.get(SESSION_KEY)
        if owner is not None and self.session_key:
            with _OWNERS_LOCK:
                _OWNERS[self.session_key] = str(owner)
                _OWNERS.move_to_end(self.session_key)
                while len(_OWNERS) > OWNERS_KEPT:
                    _OWNERS.popitem(last=False)
        return data
