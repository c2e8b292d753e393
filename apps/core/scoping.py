"""The one admin mixin and the one view mixin that apply a user's data scope.

Both rely on the model's queryset having ``for_user(user)`` (see
``apps.accounts.scopes``). Out of scope is a 404, never a redirect or a leak.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts.choices import ScopeKind


def scoped(queryset, user):
    """``queryset.for_user(user)``. Fails closed: a model whose queryset declares no scope
    rule is shown only to city-wide users and is empty for everyone else."""
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    if user is not None and user.is_authenticated and user.scope_kind == ScopeKind.CITY:
        return queryset
    return queryset.none()


class ScopedAdminMixin:
    """For every ModelAdmin of a scoped model: rows, objects and choices within scope."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index for a missing object; out of scope must look
        # exactly like it does not exist: a 404.
        raise Http404("对象不存在或不在您的数据权限范围内。")


class ScopedInlineMixin:
    """For inlines: foreign-key choices within scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(db_field.remote_field.model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedViewMixin:
    """For class-based views: ``get_queryset`` within scope, and a permission to require.

    Set ``permission_required`` (``"app.codename"``); a user without it gets 403, an
    object outside scope 404.
    """

    permission_required: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if self.permission_required and not request.user.has_perm(self.permission_required):
            raise PermissionDenied("您没有访问此页面的权限。")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


def get_scoped_or_404(queryset, user, **lookup):
    """The object in ``user``'s scope, or 404 — for function views and services."""
    try:
        return scoped(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("对象不存在或不在您的数据权限范围内。") from exc
