"""Cache entries that writes retire at once, through generation keys.

An entry is stored with the generations it was built under; a reader fetches the entry and
its generations in one round trip and uses it only while they are unchanged. A writer
bumps a generation (a fresh random token) at once and again when its transaction commits,
so an entry built from data read before the commit can never be taken for current:

- a reader that read the generation before the commit stored its entry under the old
  token, which the bump on commit retired;
- a reader that read it after the commit read the committed rows.

Generations themselves expire after a day (an entry whose generation is gone is a miss:
the new token differs). Like every cache here this is an optimisation only: an error is
logged and the value computed directly.

Read-ahead: a GET request's entries can be read along with its session, in the same round
trip (apps.accounts.sessions learns, per user and URL, which keys the last such request
needed). :func:`cached_many` then finds them already read — values from the start of the
same request, checked against their generations exactly as if read then. Only within
that request: the middleware begins and ends it, and any :func:`bump` drops it.
"""

import logging
import secrets
import threading
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_SECONDS = 24 * 3600


def _token() -> str:
    return secrets.token_hex(8)


def _set_fresh(names: tuple[str, ...]) -> None:
    # Past the degrading cache's cool-off (apps.core.cache.set_many_now): a bump is what
    # ends a signed-out user's other sessions where the user is read from the cache.
    write = getattr(cache, "set_many_now", cache.set_many)
    try:
        write({name: _token() for name in names}, GENERATION_SECONDS)
    except Exception:
        logger.error(
            "cache generations not bumped: %s; entries built under them stay until they expire",
            ", ".join(names),
            exc_info=True,
        )


def bump(*names: str) -> None:
    """Retire every entry built under the generations ``names``: now, and on commit.

    What this request read ahead is dropped too: after a write it reads afresh."""
    _request.fetched, _request.found = frozenset(), {}
    _set_fresh(names)
    transaction.on_commit(lambda: _set_fresh(names))


def _current(names: list[str], found: dict) -> list[str] | None:
    """The generations ``names`` (started where missing), or None if the cache cannot say."""
    values = []
    for name in names:
        value = found.get(name)
        if value is None:
            cache.add(name, _token(), GENERATION_SECONDS)
            value = cache.get(name)
            if value is None:  # the cache is down
                return None
        values.append(value)
    return values


# ---------------------------------------------------------------------------
# Read-ahead: a request's entries read along with its session
# ---------------------------------------------------------------------------
# Per thread, for the request being served: what was read ahead (key → value, and the keys
# asked for, found or not) and the keys the request went on to need.
_request = threading.local()


def readahead_begin() -> None:
    """A request starts: nothing read ahead yet, nothing needed yet."""
    _request.fetched, _request.found, _request.needed = frozenset(), {}, []


def readahead_fill(keys: list[str], found: dict) -> None:
    """``found`` is what one read of ``keys`` returned at the start of this request."""
    if getattr(_request, "needed", None) is not None:
        _request.fetched, _request.found = frozenset(keys), found


def readahead_end() -> list[str]:
    """The request is over: the keys it needed (to read ahead next time); all forgotten."""
    needed = list(dict.fromkeys(getattr(_request, "needed", None) or []))
    _request.fetched, _request.found, _request.needed = frozenset(), {}, None
    return needed


def _read(keys: list[str]) -> dict:
    """One read of ``keys``, unless this request read them all ahead."""
    needed = getattr(_request, "needed", None)
    if needed is not None:
        needed.extend(keys)
        if _request.fetched.issuperset(keys):
            return {key: _request.found[key] for key in keys if key in _request.found}
    return cache.get_many(keys)


def cached(key: str, generations: list[str], compute, timeout: int):
    """``compute()``, kept under ``key`` for ``timeout`` seconds while ``generations`` stand.

    One cache round trip on a hit (none when the request read it ahead). A ``None`` from
    ``compute`` is returned, not stored.
    """
    return cached_many([(key, generations, compute)], timeout)[0]


def cached_many(entries: list[tuple[str, list[str], Callable]], timeout: int) -> list:
    """:func:`cached` for several ``(key, generations, compute)`` at once: one round trip
    for all of them when they are all there; their values in the same order."""
    if timeout <= 0:
        return [compute() for _, _, compute in entries]
    names = list(dict.fromkeys(name for _, generations, _ in entries for name in generations))
    try:
        found = _read([key for key, _, _ in entries] + names)
        tags = _current(names, found)
    except Exception:
        logger.warning("cache unavailable, computing directly", exc_info=True)
        return [compute() for _, _, compute in entries]
    current = dict(zip(names, tags, strict=True)) if tags is not None else None
    values, fresh = [], {}
    for key, generations, compute in entries:
        wanted = [current[name] for name in generations] if current is not None else None
        entry = found.get(key)
        if wanted is not None and entry is not None and entry[0] == wanted:
            values.append(entry[1])
            continue
        value = compute()
        values.append(value)
        if wanted is not None and value is not None:
            fresh[key] = (wanted, value)
    if fresh:
        try:
            cache.set_many(fresh, timeout)
        except Exception:
            logger.warning("cache write failed for %s", ", ".join(fresh), exc_info=True)
    return values
