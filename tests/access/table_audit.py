"""The audit log (read and exported by the audit administrator only) and the audited
reveal of a person's full personal data."""

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, AdminModel, Page


def _person_path(cast):
    person = f.PersonFactory(region=f.region("广陵区"))
    return f"/audit/reveal/person/{person.pk}/"


def _event(cast):
    from apps.audit.choices import AuditAction
    from apps.audit.services import audit_record

    return audit_record(user=cast.staff, action=AuditAction.EXPORT, detail="测试")


PAGES = {
    # Staff and district staff hold the sensitive-data permission; the person is in 广陵区.
    "audit_reveal_person": Page(
        _person_path,
        {r: (200 if r in {"staff", "district"} else 403) for r in ALL_SIGNED_IN} | {"anonymous": 302},
        method="post",
    ),
}

ADMIN = {
    "audit.auditevent": AdminModel(obj=_event, view={"auditor"}, exp={"auditor"}),
}
