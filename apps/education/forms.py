from django import forms


class ApplyForm(forms.Form):
    person = forms.TypedChoiceField(label="为哪位老同志报名", coerce=int, widget=forms.RadioSelect)
    family_consent = forms.BooleanField(label="家属已知情并同意报名", required=False)
    safety_pledge = forms.BooleanField(label="已阅读并签署《学员安全承诺书》", required=False)
    consent_by = forms.CharField(label="同意人（家属）姓名", max_length=40, required=False)

    def __init__(self, *args, people, consent_age, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [(p.pk, p.name) for p in people]
        if len(people) == 1:
            self.fields["person"].initial = people[0].pk
        self.consent_age = consent_age

    def person_options(self) -> list[tuple[int, str, bool]]:
        """(key, name, checked) of each elder the form offers, for the apply page, which
        writes its inputs itself: Django's widget templates, one render each, were a
        third of the page's template time in the enrolment rush."""
        value = self["person"].value()
        checked = str(value) if value is not None else None
        return [(pk, name, str(pk) == checked) for pk, name in self.fields["person"].choices]

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]
