"""Where a user's data scope is applied: the admin mixins, and ``get_scoped_or_404`` for
the portal's (function) views.

All rely on the model's queryset having ``for_user(user)`` (see ``apps.accounts.scopes``).
Out of scope is a 404, never a redirect or a leak.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from apps.accounts.choices import ScopeKind

OUT_OF_SCOPE = "不在您的数据权限范围内"


def scoped(queryset, user):
    """``queryset.for_user(user)``. Fails closed: a model whose queryset declares no scope
    rule is shown only to city-wide users and is empty for everyone else."""
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    if user is not None and user.is_authenticated and user.scope_kind == ScopeKind.CITY:
        return queryset
    return queryset.none()


def writable(queryset, user):
    """What ``user`` may *set* in a foreign key to ``queryset``'s model: its scope, or for
    reference data every user may read (regions), the part he may work in
    (``workable_for``). Every form choice and every service check uses this."""
    if hasattr(queryset, "workable_for"):
        return queryset.workable_for(user)
    return scoped(queryset, user)


def check_writable(user, **targets) -> None:
    """Refuse, field by field, any target object outside what ``user`` may write to.

    ``targets`` maps a field name to a model instance (or ``None``, skipped). ``user``
    ``None`` is the system itself (a task, a seed): nothing to check. One query per target.
    """
    if user is None:
        return
    errors = {}
    for name, obj in targets.items():
        if obj is None:
            continue
        model = type(obj)
        if not writable(model._default_manager.all(), user).filter(pk=obj.pk).exists():
            errors[name] = [f"{model._meta.verbose_name}“{obj}”{OUT_OF_SCOPE}。"]
    if errors:
        raise ValidationError(errors)


class ScopedAdminMixin:
    """For every ModelAdmin of a scoped model: rows, objects and choices within scope."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index for a missing object; out of scope must look
        # exactly like it does not exist: a 404.
        raise Http404("对象不存在或不在您的数据权限范围内。")


class ScopedInlineMixin:
    """For inlines: foreign-key choices within scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = writable(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def get_scoped_or_404(queryset, user, **lookup):
    """The object in ``user``'s scope, or 404 — for function views and services."""
    try:
        return scoped(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("对象不存在或不在您的数据权限范围内。") from exc
