from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from apps.accounts.roles import role_may
from apps.core.selectors import home_figures

# The back-office app each brand's records live in.
BRAND_APPS = {"vanguard": "party", "afterglow": "volunteers", "sunset": "care", "loyal": "workforce"}


def brand_url(user, key: str) -> str | None:
    """Where a brand card takes ``user``: the secretary's 工作台 for 银发先锋, the dashboard
    for its readers, else the brand's records in the back office when the user may see
    them; None when the user has nowhere to go (the card is then not a link)."""
    if key == "vanguard":
        # By the permissions of roles.py, as the navigation decides (no role lists here).
        if role_may(user, "party.record_activitylog"):
            return reverse("workspace:home")
        if role_may(user, "dashboard.view_dashboard"):
            return reverse("dashboard:index")
    app_label = BRAND_APPS.get(key)
    if app_label and user.is_staff and user.has_module_perms(app_label):
        return reverse("admin:app_list", kwargs={"app_label": app_label})
    return None


@login_required
def home(request):
    brands = [brand | {"url": brand_url(request.user, brand["key"])} for brand in home_figures(request.user)]
    return render(request, "core/home.html", {"brands": brands})
