"""Admin rows and pages of 丹心向党 (apps.workforce). Records inside the scope are in 广陵区
(the district role's region); the out-of-scope ones in 邗江区."""

import datetime
from decimal import Decimal

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page, outcome
from tests.access.table_dashboard import DASHBOARD
from tests.access.table_excel import process_import_page
from tests.workforce import factories as wf

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}
CITY_ONLY = {"staff"}


def admin_page(ok: set, path) -> Page:
    """A custom back-office page: roles in ``ok`` get 200, other staff 403, non-staff and
    anonymous users are sent to the admin sign-in (302)."""
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        expect[role] = 302 if role not in STAFF_ROLES else (200 if role in ok else 403)
    return Page(path, expect)


def once(key: str, make):
    """``make(cast)`` once per cast: the matrix asks for the object once per role."""

    def get(cast):
        store = cast.__dict__.setdefault("_workforce", {})
        if key not in store:
            store[key] = make(cast)
        return store[key]

    return get


INSIDE, OUTSIDE = "广陵区", "邗江区"


def _staff(where):
    return once(f"staff-{where}", lambda cast: wf.StaffFactory(region=f.region(where)))


def _class(where):
    return once(f"class-{where}", lambda cast: wf.TrainingClassFactory(region=f.region(where)))


def _enrolment(where):
    from apps.workforce.services import enrolment_create

    return once(
        f"enrolment-{where}",
        lambda cast: enrolment_create(training_class=_class(where)(cast), staff=_staff(where)(cast)),
    )


def _item(where):
    return once(f"item-{where}", lambda cast: wf.item(region=f.region(where), deadline=datetime.date(2026, 12, 31)))


def _recheck(where):
    from apps.workforce.models import RectificationRecheck

    return once(
        f"recheck-{where}",
        lambda cast: RectificationRecheck.objects.create(item=_item(where)(cast), due_on=datetime.date(2027, 3, 1)),
    )


def _rule(where):
    return once(f"rule-{where}", lambda cast: wf.RuleFactory(region=f.region(where)))


def _point(where):
    return once(
        f"point-{where}",
        lambda cast: wf.ContactPointFactory(region=f.region(where), leader=wf.StaffFactory(region=f.region(where))),
    )


def _visit(where):
    from apps.workforce.models import ContactVisit

    return once(
        f"visit-{where}",
        lambda cast: ContactVisit.objects.create(
            point=_point(where)(cast), visited_on=datetime.date(2026, 3, 1), visitors="李局长"
        ),
    )


def _issue(where):
    from apps.workforce.models import ContactIssue

    return once(
        f"issue-{where}",
        lambda cast: ContactIssue.objects.create(visit=_visit(where)(cast), description="活动室需维修"),
    )


def _outside_training(where):
    from apps.workforce.models import OutsideTraining

    return once(
        f"outside-{where}",
        lambda cast: OutsideTraining.objects.create(
            staff=_staff(where)(cast),
            kind="upper",
            title="省委党校进修班",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 5),
            hours_offline=Decimal("40"),
            graduated=True,
        ),
    )


def _round(where):
    return once(f"round-{where}", lambda cast: wf.RoundFactory(region=f.region(where)))


def _research(where):
    return once(
        f"research-{where}",
        lambda cast: wf.ResearchVisitFactory(region=f.region(where), leader=_staff(where)(cast)),
    )


def _report(where):
    return once(
        f"report-{where}",
        lambda cast: wf.ResearchReportFactory(region=f.region(where), leader=_staff(where)(cast)),
    )


def _reference(model, **lookup):
    def get(cast):
        from apps.workforce import models

        return getattr(models, model).objects.get_or_create(**lookup)[0]

    return get


def _scoped(make, *, extra=None, excel: str = ""):
    """``excel``: the admin's ``app_model`` when it imports and exports Excel (import,
    export, template, the confirmation's ``process_import``)."""
    extra = dict(extra or {})
    if excel:
        extra["process_import"] = process_import_page(excel, EDIT)
    return AdminModel(
        obj=make(INSIDE),
        outside=make(OUTSIDE),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT if excel else set(),
        exp=VIEW if excel else set(),
        extra=extra,
    )


def _path(make, cast, suffix):
    obj = make(INSIDE)(cast)
    return f"/admin/workforce/{obj._meta.model_name}/{obj.pk}/{suffix}/"


def action(make, url: str) -> Page:
    return admin_page(EDIT, lambda cast: _path(make, cast, url))


ADMIN = {
    "workforce.staffmember": AdminModel(
        obj=_staff(INSIDE),
        outside=_staff(OUTSIDE),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={
            "compliance": admin_page(VIEW, "/admin/workforce/staffmember/compliance/"),
            "process_import": process_import_page("workforce_staffmember", EDIT),
        },
    ),
    "workforce.trainingrequirement": AdminModel(
        obj=_reference("TrainingRequirement", rank_band="township"),
        unscoped="art. 14's thresholds are the city's (CityWideQuerySet), read-only for district staff",
        view=VIEW,
        add=CITY_ONLY,
        change=CITY_ONLY,
        delete=CITY_ONLY,
    ),
    "workforce.trainingclass": _scoped(_class, excel="workforce_trainingclass"),
    "workforce.enrolment": _scoped(
        _enrolment,
        excel="workforce_enrolment",
        extra={
            "sign_in_action": action(_enrolment, "sign-in"),
            "sign_out_action": action(_enrolment, "sign-out"),
            "leave_action": action(_enrolment, "leave"),
        },
    ),
    "workforce.outsidetraining": _scoped(_outside_training),
    "workforce.rectificationpolicy": AdminModel(
        obj=_reference("RectificationPolicy", rect_class="deadline"),
        unscoped="deadlines per class are the city's (CityWideQuerySet), read-only for district staff",
        view=VIEW,
        add=CITY_ONLY,
        change=CITY_ONLY,
        delete=CITY_ONLY,
    ),
    "workforce.rectificationround": _scoped(_round),
    "workforce.rectificationitem": _scoped(
        _item,
        excel="workforce_rectificationitem",
        extra={
            "lists": admin_page(VIEW, "/admin/workforce/rectificationitem/lists/"),
            "progress_action": action(_item, "progress"),
            "evidence_action": action(_item, "evidence"),
            "submit_action": action(_item, "submit"),
            "verify_action": action(_item, "verify"),
            "sign_off_action": action(_item, "sign-off"),
        },
    ),
    "workforce.rectificationrecheck": AdminModel(
        obj=_recheck(INSIDE),
        outside=_recheck(OUTSIDE),
        view=VIEW,
        add=set(),  # scheduled by the sign-off, never added by hand
        change=EDIT,
        delete=EDIT,
        extra={"record_action": action(_recheck, "record")},
    ),
    "workforce.rule": _scoped(_rule, extra={"review_action": action(_rule, "review")}),
    "workforce.contactpoint": _scoped(
        _point,
        extra={
            "overdue": admin_page(VIEW, "/admin/workforce/contactpoint/overdue/"),
            "visit_action": action(_point, "visit"),
        },
    ),
    "workforce.contactvisit": _scoped(_visit),
    "workforce.contactissue": _scoped(
        _issue,
        extra={"assign_action": action(_issue, "assign"), "close_action": action(_issue, "close")},
    ),
    "workforce.researchquota": AdminModel(
        obj=_reference("ResearchQuota", year=2026),
        unscoped="the research quota is the city's (CityWideQuerySet), read-only for district staff",
        view=VIEW,
        add=CITY_ONLY,
        change=CITY_ONLY,
        delete=CITY_ONLY,
    ),
    "workforce.researchvisit": _scoped(
        _research, extra={"quota": admin_page(VIEW, "/admin/workforce/researchvisit/quota/")}
    ),
    "workforce.researchreport": _scoped(_report),
}

# Workflow pages whose object is outside a scoped role's scope: 404 (tests/workforce/test_pages.py).
ACTIONS = {
    "enrolment": (_enrolment, ["sign-in", "sign-out", "leave"]),
    "rectificationitem": (_item, ["progress", "evidence", "submit", "verify", "sign-off"]),
    "rectificationrecheck": (_recheck, ["record"]),
    "rule": (_rule, ["review"]),
    "contactpoint": (_point, ["visit"]),
    "contactissue": (_issue, ["assign", "close"]),
}


def _unit_page(where):
    """The drill-down page of the 单位 of a staff member in ``where``."""

    def path(cast):
        from django.urls import reverse

        staff = _staff(where)(cast)
        return reverse("dashboard:loyal_unit", args=[staff.region_id, staff.unit])

    return path


def _mixed_unit_page(cast):
    from django.urls import reverse

    wf.StaffFactory(region=f.region(OUTSIDE), unit="邗江区委老干部局")
    return reverse("dashboard:loyal_unit", args=[f.region(INSIDE).pk, "邗江区委老干部局"])


# 丹心向党's dashboard drill-down: a region's units, one unit (those of 广陵区, the district
# role's region, and of 邗江区 outside it: 404 for the district role).
PAGES = {
    "dashboard:loyal_region": Page(lambda cast: f"/dashboard/loyal/regions/{f.region(INSIDE).pk}/", outcome(DASHBOARD)),
    "dashboard:loyal_unit": Page(_unit_page(INSIDE), outcome(DASHBOARD)),
    "dashboard-outside:loyal_region": Page(
        lambda cast: f"/dashboard/loyal/regions/{f.region(OUTSIDE).pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
    "dashboard-outside:loyal_unit": Page(_unit_page(OUTSIDE), outcome(DASHBOARD) | {"district": 404}),
    # The district role's own region with a 单位 only 邗江区's staff belong to: 404 for all.
    "dashboard-mixed:loyal_unit": Page(_mixed_unit_page, outcome(DASHBOARD, ok_status=404)),
}
