"""Loading the signed-in user on each request.

The user is read from the database at every request, in one query with their region and
Party organisation: signing out everywhere, a password change or a deactivation (the
user's ``session_epoch``) and a new scope apply at the next request, whatever any cache
holds.
"""

from django.contrib.auth.backends import ModelBackend

# Joined to the user's row on every request, so only what the pages of a role read nearly
# everywhere: a secretary's organisation (its path scopes each of their pages) and a
# district's region (its dashboard and home page). Each join is paid by every signed-in
# request, in Django's query compiler and PostgreSQL's planner; a team leader's team (16
# columns, long texts among them) is read by the pages that show it (the 四单 workspace).
SCOPE_JOINS = ("scope_region", "scope_organisation")


class ScopedModelBackend(ModelBackend):
    """ModelBackend that loads the user's region and Party organisation with the user (one query)."""

    def get_user(self, user_id):
        user_model = self._get_user_model()
        try:
            user = user_model._default_manager.select_related(*SCOPE_JOINS).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
