"""Loading the signed-in user on each request.

The user comes with their scope objects (region, organisation, team) in one query, from
the database at every request: signing out everywhere, a password change or a
deactivation (the user's ``session_epoch``) and a new scope apply at the next request,
whatever any cache holds.
"""

from django.contrib.auth.backends import ModelBackend


class ScopedModelBackend(ModelBackend):
    """ModelBackend that loads the user's scope objects with the user (one query)."""

    def get_user(self, user_id):
        user_model = self._get_user_model()
        try:
            user = user_model._default_manager.select_related("scope_region", "scope_organisation", "scope_team").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()
