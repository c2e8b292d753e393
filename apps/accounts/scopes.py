"""Data scope: the one place that decides which rows a user may see.

Every model a scoped role reaches has ``for_user(user)`` on its queryset: implemented with
:func:`scope_filter` by naming the lookup paths from that model to a region, a Party
organisation and a volunteer team, or :class:`CityWideQuerySet` for reviewed city-wide
reference data. ``apps.core.scoping`` applies it, so a row outside the user's scope is a
404, and refuses a model without it to everyone but city-wide users.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from apps.accounts.choices import ScopeKind


def scope_filter(
    queryset: QuerySet,
    user,
    *,
    region: str | None = None,
    organisation: str | Callable[[str], Q] | None = None,
    team: str | Callable[[int], Q] | None = None,
) -> QuerySet:
    """Restrict ``queryset`` to ``user``'s scope.

    ``region`` is the lookup path to a Region (its pk), ``organisation`` the path to a
    Party ``Organisation`` (the user's organisation and every organisation below it are in
    scope), ``team`` the path to a volunteer ``Team``. A model that names no path for the
    user's kind of scope is entirely out of that scope.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    kind = user.scope_kind
    if kind == ScopeKind.CITY:
        return queryset
    if kind == ScopeKind.REGION and region and user.scope_region_id:
        return queryset.filter(**{region: user.scope_region_id})
    if kind == ScopeKind.ORGANISATION and organisation and user.scope_organisation_id:
        org_path = user.scope_organisation.path
        if callable(organisation):
            return queryset.filter(organisation(org_path))
        if organisation in ("pk", "id"):
            return queryset.filter(path__startswith=org_path)
        return queryset.filter(**{f"{organisation}__path__startswith": org_path})
    if kind == ScopeKind.TEAM and team and user.scope_team_id:
        if callable(team):
            return queryset.filter(team(user.scope_team_id))
        return queryset.filter(**{team: user.scope_team_id})
    return queryset.none()


class CityWideQuerySet(QuerySet):
    """The explicit "not scoped" rule: city-wide reference data (the regions, the 三会一课
    rules, the assessment schemes), the same for everybody and free of personal data.

    Any signed-in user whom a permission lets in reads every row. Only models on the
    reviewed list in ``tests/core/test_scope_rules.py`` may use it.
    """

    city_wide = True

    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self
