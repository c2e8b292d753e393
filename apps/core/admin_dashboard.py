"""The back office's start page: the four brands' live figures, in the user's scope."""

from apps.core.selectors import home_figures


def dashboard_callback(request, context: dict) -> dict:
    """unfold's ``DASHBOARD_CALLBACK``: adds ``brands`` for ``templates/admin/index.html``."""
    context["brands"] = home_figures(request.user)
    return context
