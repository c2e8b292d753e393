"""Loading the signed-in user on each request.

The user comes with their scope objects (region, organisation, team) in one query, and,
when ``USER_CACHE_SECONDS`` is set (with Redis), from the cache: one round trip instead
of a query. Every write that could change what a request sees retires the cached user at
once (:mod:`apps.core.generations`):

- any save or delete of the user (sign-in, role, scope, password, activation), and
  :func:`forget_user` where a write bypasses ``save()`` (the session epoch);
- any save or delete of a region, an organisation or a team (names, paths), which
  retires every cached user.

So signing out everywhere, a password change or a deactivation still ends the user's
other sessions at their next request, and a new scope applies at the next request.
Writes that send no signal (bulk updates of organisation paths) are covered by the
entry's lifetime.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from apps.core import generations

USER_KEY = "accounts:user:{}"
USER_GENERATION = "accounts:user-generation:{}"
SCOPE_GENERATION = "accounts:scope-generation"


def forget_user(user_id) -> None:
    """Retire the cached copy of one user (after a write that bypasses ``save()``)."""
    generations.bump(USER_GENERATION.format(user_id))


def forget_scopes() -> None:
    """Retire every cached user (a region, organisation or team changed)."""
    generations.bump(SCOPE_GENERATION)


def _user_entry(user_id) -> tuple[str, list[str]]:
    return USER_KEY.format(user_id), [USER_GENERATION.format(user_id), SCOPE_GENERATION]


def user_cache_keys(user_id) -> list[str]:
    """The cache keys of one user's entry, for the session engine to read with the session
    (apps.accounts.sessions)."""
    key, names = _user_entry(user_id)
    return [key, *names]


class ScopedModelBackend(ModelBackend):
    """ModelBackend that loads the user's scope objects with the user (one query, or the
    cache; see the module doc)."""

    def get_user(self, user_id):
        key, names = _user_entry(user_id)
        user = generations.cached(key, names, lambda: self._load(user_id), settings.USER_CACHE_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _load(self, user_id):
        user_model = self._get_user_model()
        try:
            return user_model._default_manager.select_related("scope_region", "scope_organisation", "scope_team").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None

    @staticmethod
    def _get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
