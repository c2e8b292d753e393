"""Shared admin bases: every ModelAdmin of the project derives from ``BaseAdmin``."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from apps.core.forms import add_service_errors
from apps.core.history import HistoryAdminMixin
from apps.core.locking import OptimisticLockAdminMixin
from apps.core.masking import MASKERS
from apps.core.models import CalendarDay
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


MASKED_SUFFIX = "_masked_readonly"


def masked_readonly_field(name: str, kind: str, label: str):
    """A read-only change-form field showing ``obj.<name>`` masked as ``kind``."""

    @admin.display(description=label)
    def field(obj):
        return MASKERS[kind](getattr(obj, name)) or "—"

    field.__name__ = f"{name}{MASKED_SUFFIX}"
    return field


class BaseAdmin(ScopedAdminMixin, OptimisticLockAdminMixin, HistoryAdminMixin, SimpleHistoryAdmin, ModelAdmin):
    """Unfold look, history, optimistic locking (models with ``version``), and the user's
    data scope on rows, objects and choices. History pages follow the change page's scope,
    permissions and masking, read-only unless the admin names a revert service
    (``apps.core.history``).

    ``masked_columns`` maps a name used in ``list_display`` to ``(kind, getter, label)``;
    the column is rendered masked through the one masking helper (see ``masked_column``).

    ``masked_fields`` maps a change-form field to ``(kind, label)``: wherever that field
    would be rendered read-only (the view-only form of a user without the change
    permission, or a name in ``readonly_fields``) it is shown masked, for every role; the
    full value is one audited step away (显示完整信息). Editable fields stay editable.
    """

    list_filter_submit = True
    warn_unsaved_form = True
    paginator = EstimatedCountPaginator
    masked_columns: dict = {}
    masked_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (kind, label) in self.masked_fields.items():
            # An attribute of the admin: Django's read-only field renders it by name.
            setattr(self, f"{name}{MASKED_SUFFIX}", masked_readonly_field(name, kind, label))

    def _masked_here(self, request, obj, readonly) -> set:
        """The ``masked_fields`` rendered read-only on this page: all of them on a
        view-only page, else those in ``readonly``."""
        if obj is not None and not self.has_change_permission(request, obj):
            return set(self.masked_fields)
        return {name for name in self.masked_fields if name in readonly}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.masked_fields:
            return fieldsets
        masked = self._masked_here(request, obj, set(super().get_readonly_fields(request, obj)))

        def swap(names):
            swapped = []
            for name in names:
                if isinstance(name, list | tuple):
                    name = type(name)(swap(name))
                elif name in masked:
                    name = f"{name}{MASKED_SUFFIX}"
                if name not in swapped:
                    swapped.append(name)
            return swapped

        return [(title, {**options, "fields": swap(options["fields"])}) for title, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.masked_fields:
            return readonly
        # Listed as read-only too, so that no form is ever built with them (the history
        # form view builds one from the fieldsets).
        masked = self._masked_here(request, obj, set(readonly))
        return readonly + [f"{name}{MASKED_SUFFIX}" for name in self.masked_fields if name in masked]

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            if isinstance(name, str) and name in self.masked_columns:
                kind, getter, label = self.masked_columns[name]
                columns.append(masked_column(kind, getter, label, request.user))
            else:
                columns.append(name)
        return columns


class ServiceCreateAdminMixin:
    """For an admin whose new rows are written by a service (its permission, scope,
    numbering, checks in Chinese and the history's author), never by ``obj.save()``.

    ``service_create(request, obj, form)`` calls the service with the add form's values
    and returns the row it wrote. ``obj`` then stands for that row: its primary key and
    the ``created_fields`` the service sets (a number, a status, a computed deadline) are
    copied and it is marked saved, so that the admin's history entry, its message and its
    redirect name the new row. The service's own history entry is the only one written.

    A change is saved by ``service_change`` (the model's save unless overridden); with
    ``saved_on_change = False`` a change saves nothing (every field is read-only once
    created; the workflow's steps are actions). A refusal the form did not show
    (``ValidationError`` from the service) rolls the whole add back, is shown as a message
    and leads to the add page again.
    """

    created_fields: tuple[str, ...] = ()
    saved_on_change = True

    def service_create(self, request, obj, form):
        raise NotImplementedError(f"{type(self).__name__} must define service_create")

    def service_change(self, request, obj, form):
        super().save_model(request, obj, form, True)

    def save_model(self, request, obj, form, change):
        if change:
            if self.saved_on_change:
                self.service_change(request, obj, form)
            return
        created = self.service_create(request, obj, form)
        obj.pk = created.pk
        for name in self.created_fields:
            setattr(obj, name, getattr(created, name))
        obj._state.adding, obj._state.db = False, created._state.db

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_add")


class _DryRun(Exception):
    pass


class ServiceCheckedAdminMixin:
    """The form runs ``save_model`` (the service) in a savepoint rolled back, so that a
    refusal (a date after the volunteer left, a district saving the city's row …) is shown
    on the form in Chinese, at its field when the form has it, instead of failing the
    request; nothing is written twice."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                instance = self.instance
                # The service may set values on the instance (its key, a number): the
                # real save starts again from what was submitted.
                values, state = vars(instance).copy(), vars(instance._state).copy()
                if "fields_cache" in state:
                    state["fields_cache"] = state["fields_cache"].copy()
                try:
                    with transaction.atomic():
                        model_admin.save_model(request, instance, self, obj is not None)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    add_service_errors(self, exc)
                finally:
                    vars(instance).clear()
                    vars(instance).update(values)
                    vars(instance._state).clear()
                    vars(instance._state).update(state)

        return ServiceCheckedForm


# Re-register django-celery-beat's admins on unfold (after autodiscovery registered them).
from apps.core import admin_celery_beat  # noqa: E402,F401


@admin.register(CalendarDay)
class CalendarDayAdmin(BaseAdmin):
    """The working-day calendar: public holidays and make-up working days (调休)."""

    list_display = ["date", "weekday", "kind", "name", "note"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()].join(["星期", ""])
