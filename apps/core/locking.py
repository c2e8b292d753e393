"""Optimistic locking for records edited by several people at once.

A model opts in by having a ``version`` integer field. The edit form carries the version
it was rendered with; saving checks it against the row, locked for the rest of the
transaction, and refuses with a Chinese message if someone else saved in between — the
second editor is told, nothing is overwritten. Services bump ``version`` on every write.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

STALE_MESSAGE = "该记录已被他人修改，请刷新页面查看最新内容后再保存。"


def has_version(model) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


def check_version(*, model, pk, expected: int) -> None:
    """Lock the row and raise ``ValidationError`` unless its version is ``expected``.

    Must run inside a transaction (the admin's change view is one).
    """
    current = model._default_manager.select_for_update().filter(pk=pk).values_list("version", flat=True).first()
    if current is None or current != expected:
        raise ValidationError(STALE_MESSAGE, code="stale")


def bump_version(instance) -> None:
    """Increment ``instance.version`` in the row and on the instance."""
    type(instance)._default_manager.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.version += 1


class OptimisticLockAdminMixin:
    """Adds a hidden version to the change form of models with ``version``, checks it on
    save and bumps it, so concurrent edits in the back office can't silently overwrite."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The fieldsets name the hidden version; it is declared below, not a model field.
        fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields:
            kwargs["fields"] = [f for f in fields if f != "lock_version"]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not has_version(self.model) or obj is None:
            return form_class

        class VersionedForm(form_class):
            lock_version = forms.IntegerField(label="版本号", widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["lock_version"].initial = self.instance.version

            def clean(self):
                cleaned = super().clean()
                expected = cleaned.get("lock_version")
                if expected is None:
                    expected = self.instance.version
                if transaction.get_connection().in_atomic_block:
                    check_version(model=type(self.instance), pk=self.instance.pk, expected=expected)
                return cleaned

        return VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not has_version(self.model) or not self.has_change_permission(request, obj):
            # A reader saves nothing: no version to carry (it would show as a bare field).
            return fieldsets
        if any("lock_version" in options.get("fields", ()) for _, options in fieldsets):
            return fieldsets
        # The hidden version must be rendered; put it in the first fieldset.
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options.get("fields", ()), "lock_version"]}), *fieldsets[1:]]

    @admin.display(description="版本号")
    def lock_version(self, obj):
        # Rendered by name where an admin shows every field read-only (a log once reviewed).
        return getattr(obj, "version", None) or "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and has_version(type(obj)):
            bump_version(obj)
