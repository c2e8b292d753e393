"""The team leader's order pages moved into the workspace (``/workspace/orders/``,
apps/orders/workspace/): their former addresses under ``/orders/team/`` go on there."""

from django.http import HttpResponseRedirect
from django.urls import reverse


def team_moved(request, rest: str = ""):
    """A former address (a bookmark, an old notice) goes on to the same page in the
    workspace; 308 keeps a form's POST a POST."""
    target = f"{reverse('workspace:orders_queue')}{rest}"
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    response.status_code = 308
    return response
