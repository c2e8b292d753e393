from django import forms

from apps.core.masking import can_view_sensitive, mask_id_number
from apps.people.models import Person
from apps.people.services import person_check_scope, person_check_unique_id, person_prepare


class PersonForm(forms.ModelForm):
    """Edits a person; the ID number is a plain field that the service encrypts.

    A user who may not see personal data in full sees the ID number masked and may leave
    it unchanged; typing a new one replaces it.
    """

    id_number = forms.CharField(label="身份证号", max_length=18, required=False)

    class Meta:
        model = Person
        fields = [
            "name",
            "id_number",
            "phone",
            "address",
            "retirement_type",
            "retired_on",
            "former_unit",
            "former_rank",
            "health",
            "living",
            "is_disabled",
            "emergency_contact",
            "emergency_phone",
            "region",
            "status",
            "note",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            # Masked for every role: the full number is one audited step away (显示完整信息).
            self.initial["id_number"] = mask_id_number(self.instance.id_number)
            self.fields["id_number"].help_text = "不修改请保持原样；要更正时直接输入完整的新号码。" + (
                "查看完整号码请点右上角“显示完整信息”（会记入审计日志）。" if can_view_sensitive(user) else ""
            )
        else:
            self.fields["id_number"].required = True

    def clean(self):
        cleaned = super().clean()
        raw = (cleaned.get("id_number") or "").strip()
        unchanged = self.instance.pk and raw == self.initial.get("id_number")
        self.new_id_number = None if unchanged or not raw else raw
        fields = {k: cleaned[k] for k in self._meta.fields if k != "id_number" and k in cleaned}
        try:
            person_prepare(self.instance, id_number=self.new_id_number, **fields)
            person_check_scope(self.instance, user=self.user)
            person_check_unique_id(self.instance, user=self.user)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return cleaned
