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
"""

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from apps.core.cache import set_many_or_raise

logger = logging.getLogger(__name__)

GENERATION_SECONDS = 24 * 3600

# The dashboard's figure generations (apps.dashboard.cache bumps them; a brand's cached
# panel reads them): every figure, and one branch's own figures. ``LOGS_FIGURES``: the
# figures of one region (or of the city, ``"city"``) that a brand retires itself, narrowly,
# for the models its dashboard section declares ``narrow_models`` (银发先锋's approved
# activity logs: apps.party.signals); the frame's broad bump skips those models.
# ``BRAND_FIGURES``: one brand's figures, for the models only that brand's figures read
# (``DashboardSection.own_models``: a volunteer's hours, an elder's enrolment).
FIGURES = "dashboard:generation"
BRAND_FIGURES = "dashboard:brand-generation:{}"
BRANCH_FIGURES = "dashboard:branch-generation:{}"
LOGS_FIGURES = "dashboard:logs-generation:{}"


def _token() -> str:
    return secrets.token_hex(8)


def _set_fresh(names: tuple[str, ...]) -> None:
    # Past this process's cool-off after a Redis blip (apps.core.cache): the other
    # processes may be reading Redis fine, and must not keep serving what this write retired.
    try:
        set_many_or_raise(cache, {name: _token() for name in names}, GENERATION_SECONDS)
    except Exception:
        logger.error(
            "cache generations not bumped: %s; entries built under them stay until they expire",
            ", ".join(names),
            exc_info=True,
        )


def bump(*names: str) -> None:
    """Retire every entry built under the generations ``names``: now, and on commit."""
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


def cached(key: str, generations: list[str], compute, timeout: int):
    """``compute()``, kept under ``key`` for ``timeout`` seconds while ``generations`` stand.

    One cache round trip on a hit. A ``None`` from
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
        found = cache.get_many([key for key, _, _ in entries] + names)
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
