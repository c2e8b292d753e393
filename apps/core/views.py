from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.accounts.views import role_landing_url
from apps.core.brands import link_open_to
from apps.core.selectors import home_figures


def _reverse(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _dashboard_tab(card: dict) -> str:
    return f"{reverse('dashboard:index')}?{urlencode({'brand': card['key']})}"


def brand_url(user, card: dict) -> str | None:
    """Where a brand's home card takes ``user``, as its ``brand.py`` declares: the first
    page of ``leads_to`` the user may open (by the permissions of roles.py, or the link's
    ``when``; the dashboard at the brand's tab); for a user who starts on the dashboard
    (局领导), the brand's dashboard tab; else the brand's first back-office app the user
    may see; None when the user has nowhere to go (the card is then not a link)."""
    for link in card["leads_to"]:
        if link_open_to(user, link) and (url := _reverse(link.url_name)):
            return _dashboard_tab(card) if link.url_name == "dashboard:index" and card["dashboard"] else url
    if card["dashboard"] and role_landing_url(user) == reverse("dashboard:index"):
        return _dashboard_tab(card)
    if user.is_staff:
        for app_label in card["apps"]:
            if user.has_module_perms(app_label) and (url := _reverse("admin:app_list", app_label=app_label)):
                return url
    return None


@login_required
def home(request):
    brands = [card | {"url": brand_url(request.user, card)} for card in home_figures(request.user)]
    # The figures are live: counts as they stand today, a year's counts naming their year.
    return render(request, "core/home.html", {"brands": brands, "today": timezone.localdate()})
