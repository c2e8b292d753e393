"""The back office's history pages (django-simple-history), held to the change page's rules.

simple-history's own views look objects up without the admin's queryset, render its
change form for an old version and save whatever is posted: that bypasses the user's data
scope, the read-only fields and the workflows, and shows personal data whole. Here:

- the history list and every version resolve the object through the admin's scoped
  ``get_queryset`` (out of scope: 404) and need the change page's view permission;
- a version is shown read-only, every sensitive value masked for every role (full values
  only through the audited 显示完整信息);
- "恢复此版本" exists only where the admin names a service for it (``history_revert``)
  and the user may change the object: the version's values for the fields the change
  form edits are validated by that form (scoped choices, read-only fields left out) and
  saved by the service, so derived fields (tree path, workflow state, reviewer, scope)
  are never written from history. Activity logs, the assessment, users and groups have
  no revert: their services own their state.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from simple_history.template_utils import HistoricalRecordContextHelper

from apps.core.locking import bump_version, has_version
from apps.core.masking import MASKERS

NOT_FOUND = "对象不存在或不在您的数据权限范围内。"
READ_ONLY_REFUSAL = "此类记录的历史版本只能查看，不能恢复：请通过相应的业务功能办理。"
NO_CHANGE_REFUSAL = "您没有修改此记录的权限，不能恢复历史版本。"
HIDDEN = "******（已隐藏）"

# Sensitive fields by name, wherever they occur, and how each is masked on history pages.
# ``hidden``: never shown at all (ciphertext, hashes, health, money, password hashes).
SENSITIVE_FIELDS = {
    "id_number": "id_number",
    "id_number_encrypted": "hidden",
    "id_number_hash": "hidden",
    "phone": "phone",
    "mobile": "phone",
    "emergency_phone": "phone",
    "contact_phone": "phone",
    "address": "address",
    "emergency_contact": "name",
    "health": "hidden",
    "amount": "hidden",
    # 牵手夕阳: health and money
    "condition": "hidden",
    "illness": "hidden",
    "monthly_income": "hidden",
    "amount_requested": "hidden",
    "approved_amount": "hidden",
    "paid_amount": "hidden",
    "next_of_kin_phone": "phone",
    "health_note": "hidden",
    "fit_warning": "hidden",
    "password": "hidden",
}


def mask_history_value(field_name: str, value) -> str | None:
    """The value of ``field_name`` as the history pages show it, or ``None`` when the
    field is not sensitive (shown as it is)."""
    kind = SENSITIVE_FIELDS.get(field_name)
    if kind is None:
        return None
    if value in (None, ""):
        return ""
    if kind == "hidden":
        return HIDDEN
    return MASKERS[kind](str(value))


def _form_errors(form) -> list[str]:
    """Each error of ``form`` as one line, prefixed with its field's label."""
    lines = []
    for name, messages_ in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}：{message}" if label else message for message in messages_]
    return lines


class MaskedRecordContextHelper(HistoricalRecordContextHelper):
    """The history list's "changes" column with sensitive old and new values masked."""

    def prepare_delta_change_value(self, change, value):
        masked_value = mask_history_value(change.field, value)
        if masked_value is not None:
            return masked_value
        # A choice shows its Chinese label ("草稿"), not its stored code ("draft").
        field = self.model._meta.get_field(change.field)
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        # Yes/no and empty values in words, not Python's True/False/None.
        if value is None:
            return "（空）"
        if isinstance(value, bool):
            return "是" if value else "否"
        return super().prepare_delta_change_value(change, value)


class HistoryAdminMixin:
    """For every admin with history (before ``SimpleHistoryAdmin`` in the bases).

    An admin enables revert by defining ``history_revert(self, request, obj, form)``,
    which saves ``obj`` (already carrying the version's values, validated by ``form``)
    through the model's service; ``history_revert_refusal`` may explain a refusal.
    """

    object_history_form_template = "admin/history_detail.html"
    history_revert = None

    # -- permission and scope -------------------------------------------------------
    def _history_object(self, request, object_id):
        """The current object within the user's scope (404 otherwise), if the user may
        view it — the change page's rules."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(NOT_FOUND)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_revert_refusal(self, request, obj) -> str | None:
        """Why ``request.user`` may not revert ``obj``, or ``None`` if they may."""
        if self.history_revert is None:
            return READ_ONLY_REFUSAL
        if not self.has_change_permission(request, obj):
            return NO_CHANGE_REFUSAL
        return None

    def revert_disabled(self, request, obj=None):
        return obj is None or self.history_revert_refusal(request, obj) is not None

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedRecordContextHelper(self.model, historical_record)

    # -- views ---------------------------------------------------------------------
    def history_view(self, request, object_id, extra_context=None):
        self._history_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.current_app = self.admin_site.name
        obj = self._history_object(request, object_id)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        try:
            record = history.get(**{self.model._meta.pk.attname: obj.pk, "history_id": unquote(version_id)})
        except (history.model.DoesNotExist, ValueError, ValidationError) as exc:
            raise Http404(NOT_FOUND) from exc
        refusal = self.history_revert_refusal(request, obj)
        errors, status = [], 200
        if request.method == "POST":
            if refusal:
                errors, status = [refusal], 403
            else:
                with transaction.atomic():
                    form = self._revert_form(request, obj, record)
                    if form.is_valid():
                        self.history_revert(request, form.instance, form)
                        if has_version(self.model):
                            bump_version(form.instance)
                        self.log_change(request, form.instance, f"恢复为 {record.history_date:%Y-%m-%d %H:%M} 的版本")
                        messages.success(request, f"已恢复为 {record.history_date:%Y-%m-%d %H:%M} 的版本。")
                        url = reverse(
                            f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change",
                            args=[obj.pk],
                        )
                        return HttpResponseRedirect(url)
                errors = ["该历史版本不能恢复：", *_form_errors(form)]
        context = {
            **self.admin_site.each_context(request),
            "title": f"历史版本：{record.history_object}",
            "opts": self.model._meta,
            "original": obj,
            "record": record,
            "rows": self._history_rows(record),
            "revert_allowed": refusal is None,
            "errors": errors,
            "history_url": reverse(
                f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk]
            ),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_form_template, context, status=status)

    # -- helpers -------------------------------------------------------------------
    def _revert_form(self, request, obj, record):
        """The change form of ``obj`` bound to the version's values of the fields it
        edits (the form leaves read-only fields out; other inputs keep their initial)."""
        form_class = self.get_form(request, obj, change=True)
        current = form_class(instance=obj)
        data = {name: current[name].value() for name in current.fields}
        data.update(model_to_dict(record.instance, fields=list(current.fields)))
        data = {k: v for k, v in data.items() if v is not None and v is not False}
        return form_class(data=data, instance=obj)

    def _history_rows(self, record):
        """``(label, value)`` for every field of the version, sensitive values masked."""
        rows = []
        instance = record.instance
        for field in self.model._meta.concrete_fields:
            value = getattr(instance, field.attname)
            masked_value = mask_history_value(field.name, value)
            if masked_value is not None:
                shown = masked_value
            elif field.choices:
                shown = dict(field.flatchoices).get(value, value)
            elif field.is_relation:
                shown = self._related_label(field, value)
            elif isinstance(value, bool):
                shown = "是" if value else "否"
            else:
                shown = value
            rows.append((field.verbose_name, "" if shown is None else shown))
        return rows

    @staticmethod
    def _related_label(field, value):
        if value is None:
            return ""
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}（已删除）"
