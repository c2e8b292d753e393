from django.db import models

from apps.accounts.scopes import CityWideQuerySet, scope_filter
from apps.regions.choices import RegionKind


class RegionQuerySet(CityWideQuerySet):
    """Region names are reference data every signed-in user may list (``for_user``); use
    ``workable_for(user)`` for the regions a user may work in."""

    def workable_for(self, user):
        """The regions whose records the user may work on: all for city scope, theirs
        for district staff, the region of their organisation or team otherwise."""
        return scope_filter(
            self,
            user,
            region="pk",
            organisation=lambda path: models.Q(organisations__path=path),
            team=lambda team_id: models.Q(teams__pk=team_id),
        )


class Region(models.Model):
    """A division of Yangzhou; every organisation, team, venue and person has one."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=16, choices=RegionKind.choices)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name
