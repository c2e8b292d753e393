"""Whole signed-in pages kept as HTML, per user and URL, while their generations stand.

A page whose parts are all cached (the dashboard's body, the secretary's notices and
branch figures) still cost about half a millisecond to render around them: the site
header, the user's menu, static URLs, the sign-out form. :func:`render_cached` keeps the
finished page instead, keyed by the user and the full URL and built under the user's own
generations (any change to the user or the scopes retires it) plus the page's
(``generations``), for ``PAGE_CACHE_SECONDS`` (with Redis; 0 turns it off).

Two things are never kept: the CSRF token of the page's forms, which is rendered as a
placeholder and filled in per request (``get_token``, exactly what ``{% csrf_token %}``
does), and flash messages — a request with messages waiting renders afresh.
"""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from apps.core import generations

# Rendered where the CSRF token goes; invisible separators that no form input carries.
CSRF_PLACEHOLDER = "\u2063csrf-token\u2063"
KEY = "page:{user}:{digest}"


def _user_generations(user) -> list[str]:
    from apps.accounts.backends import SCOPE_GENERATION, USER_GENERATION

    return [USER_GENERATION.format(user.pk), SCOPE_GENERATION]


def render_cached(
    request, template_name: str, context, *, generations_: list[str], key_extra: str = "", seconds: int | None = None
):
    """The page ``template_name`` for ``request``, from the cache when it can be.

    ``context`` is a callable giving the template context: it runs only on a miss.
    ``generations_``: what else retires the page (besides any change to the user).
    ``key_extra``: anything the page depends on that the URL does not say (today's date).
    ``seconds``: the page's own limit, that of its parts (their cache turned off, 0, turns
    this one off too); ``PAGE_CACHE_SECONDS`` bounds it.
    """
    seconds = min(getattr(settings, "PAGE_CACHE_SECONDS", 0), seconds if seconds is not None else 10**9)
    if seconds <= 0 or request.method != "GET" or len(get_messages(request)):
        return HttpResponse(render_to_string(template_name, context(), request))
    user = request.user
    digest = hashlib.sha256(f"{request.get_full_path()}\n{key_extra}".encode()).hexdigest()[:32]
    html = generations.cached(
        KEY.format(user=user.pk, digest=digest),
        [*_user_generations(user), *generations_],
        lambda: render_to_string(template_name, context() | {"csrf_token": CSRF_PLACEHOLDER}, request),
        seconds,
    )
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
