"""Shared admin bases: every ModelAdmin of the project derives from ``BaseAdmin``."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from apps.core.history import HistoryAdminMixin
from apps.core.locking import OptimisticLockAdminMixin
from apps.core.masking import MASKERS
from apps.core.paginator import EstimatedCountPaginator
from apps.core.scoping import ScopedAdminMixin


def masked_column(kind: str, getter, label: str, user):
    """A changelist column showing ``getter(obj)`` masked as ``kind``, for every role.

    A list shows many people at once and no task needs their full numbers side by side
    (minimum disclosure, PIPL art. 6): users holding the sensitive-data permission see a
    full value one audited step away — 显示完整信息 on the person's page — or in an audited
    export. ``user`` is kept for columns that may one day depend on it."""

    @admin.display(description=label)
    def column(obj):
        return MASKERS[kind](getter(obj))

    column.__name__ = f"masked_{kind}"
    return column


class BaseAdmin(ScopedAdminMixin, OptimisticLockAdminMixin, HistoryAdminMixin, SimpleHistoryAdmin, ModelAdmin):
    """Unfold look, history, optimistic locking (models with ``version``), and the user's
    data scope on rows, objects and choices. History pages follow the change page's scope,
    permissions and masking, read-only unless the admin names a revert service
    (``apps.core.history``).

    ``masked_columns`` maps a name used in ``list_display`` to ``(kind, getter, label)``;
    the column is rendered masked through the one masking helper (see ``masked_column``).
    """

    list_filter_submit = True
    warn_unsaved_form = True
    paginator = EstimatedCountPaginator
    masked_columns: dict = {}

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            if isinstance(name, str) and name in self.masked_columns:
                kind, getter, label = self.masked_columns[name]
                columns.append(masked_column(kind, getter, label, request.user))
            else:
                columns.append(name)
        return columns


# Re-register django-celery-beat's admins on unfold (after autodiscovery registered them).
from apps.core import admin_celery_beat  # noqa: E402,F401
