"""Admin rows and pages for 牵手夕阳 (apps.care)."""

import datetime
from decimal import Decimal

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page, outcome
from tests.access.table_dashboard import DASHBOARD
from tests.access.table_excel import process_import_page

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}
BUREAU = {"staff"}


def admin_page(ok: set, path, *, outside_404: bool = False) -> Page:
    """A custom back-office page: roles in ``ok`` get 200 (404 for the district role when
    ``outside_404``: an object outside its scope), other staff 403, others the sign-in."""
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        expect[role] = 302 if role not in STAFF_ROLES else (200 if role in ok else 403)
    if outside_404 and expect["district"] == 200:
        expect["district"] = 404
    return Page(path, expect)


def _m():
    from apps.care import models

    return models


def _person(region="广陵区"):
    return f.PersonFactory(region=f.region(region), retirement_type="lixiu", birth_date=datetime.date(1930, 1, 1))


def _profile(region="广陵区"):
    return _m().CareProfile.objects.create(person=_person(region))


def _stay(region="广陵区"):
    return _m().HospitalStay.objects.create(
        person=_person(region), hospital="苏北人民医院", admitted_on=datetime.date(2026, 3, 2)
    )


def _task(region="广陵区"):
    return _m().VisitTask.objects.create(
        person=_person(region), visit_type="daily", reason="日常走访", due_on=datetime.date(2026, 3, 2)
    )


def _visit(region="广陵区"):
    return _m().Visit.objects.create(
        person=_person(region), visit_type="daily", visited_on=datetime.date(2026, 3, 2), visitors="张科长"
    )


def _record(region="广陵区"):
    m = _m()
    return m.TreatmentRecord.objects.create(
        person=_person(region),
        item=m.TreatmentItem.objects.first(),
        done_on=datetime.date(2026, 3, 2),
        evidence="签到表",
    )


def _aid(region="广陵区"):
    m = _m()
    return m.AidApplication.objects.create(
        person=_person(region),
        reason=m.AidReason.objects.first(),
        applied_on=datetime.date(2026, 3, 2),
        monthly_income=Decimal(1500),
        amount_requested=Decimal(1000),
    )


def _case(region="广陵区"):
    m = _m()
    return m.ModificationCase.objects.create(
        person=_person(region),
        year=2026,
        assessed_on=datetime.date(2026, 3, 2),
        assessor="评估中心",
        ability_grade=m.AbilityGrade.objects.first(),
    )


def _plan(region="广陵区"):
    m = _m()
    return m.CarePlan.objects.create(
        person=_person(region),
        ability_grade=m.AbilityGrade.objects.first(),
        items="助浴",
        provider="颐和居家养老服务中心",
        starts_on=datetime.date(2026, 3, 2),
        assessed_on=datetime.date(2026, 3, 2),
    )


def _log(region="广陵区"):
    return _m().CareVisitLog.objects.create(
        plan=_plan(region), visited_on=datetime.date(2026, 3, 9), minutes=60, work_done="助浴", signed_by="本人"
    )


def _outing(region="广陵区"):
    return _m().Outing.objects.create(
        title="跨江融合看南京",
        region=f.region(region),
        starts_on=datetime.date(2026, 10, 15),
        place="南京",
        capacity=30,
        organiser="市委老干部局",
        risk_notice="全程乘车，步行约两公里",
    )


def _signup(region="广陵区"):
    return _m().OutingSignUp.objects.create(
        outing=_outing(region), person=_person(region), health_declared=True, signed_up_on=datetime.date(2026, 10, 1)
    )


def _point(region="广陵区"):
    return _m().ServicePoint.objects.create(
        region=f.region(region), name=f"{region}东关老干部活动室", address="东关街88号", kind="activity", offers="棋牌"
    )


def _reference(model, **fields):
    return lambda cast: getattr(_m(), model).objects.create(**fields)


def _first(model):
    def get(cast):
        obj = getattr(_m(), model).objects.order_by("pk").first()
        obj.save()  # seeded by post_migrate without a history row
        return obj

    return get


CITY_WIDE = "city-wide reference data, the same for every district"

ADMIN = {
    "care.carerule": AdminModel(
        obj=_first("CareRule"), unscoped=CITY_WIDE, view=VIEW, add=set(), change=BUREAU, delete=set()
    ),
    "care.abilitygrade": AdminModel(
        obj=_reference("AbilityGrade", name="测试等级", level=9),
        unscoped=CITY_WIDE,
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.festival": AdminModel(
        obj=_reference("Festival", name="中秋节", date=datetime.date(2026, 9, 25)),
        unscoped=CITY_WIDE,
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.aidreason": AdminModel(
        obj=_reference("AidReason", name="测试原因"),
        unscoped=CITY_WIDE,
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.treatmentitem": AdminModel(
        obj=_reference("TreatmentItem", kind="political", name="测试项目"),
        unscoped=CITY_WIDE,
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.modificationitem": AdminModel(
        obj=_reference("ModificationItem", number=99, category="其他", name="测试项目"),
        unscoped=CITY_WIDE,
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.modificationplan": AdminModel(
        obj=lambda cast: _m().ModificationPlan.objects.create(region=f.region("广陵区"), year=2026, households=80),
        outside=lambda cast: _m().ModificationPlan.objects.create(region=f.region("邗江区"), year=2026, households=60),
        view=VIEW,
        add=BUREAU,
        change=BUREAU,
        delete=BUREAU,
    ),
    "care.careprofile": AdminModel(
        obj=lambda cast: _profile(),
        outside=lambda cast: _profile("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={
            "alerts": admin_page(VIEW, "/admin/care/careprofile/alerts/"),
            "gaps": admin_page(VIEW, "/admin/care/careprofile/gaps/"),
            "coverage": admin_page(VIEW, "/admin/care/careprofile/coverage/"),
            "death_action": admin_page(EDIT, lambda cast: f"/admin/care/careprofile/{_profile().pk}/death/"),
            "door_order_action": admin_page(EDIT, lambda cast: f"/admin/care/careprofile/{_profile().pk}/door-order/"),
        },
    ),
    "care.hospitalstay": AdminModel(
        obj=lambda cast: _stay(), outside=lambda cast: _stay("邗江区"), view=VIEW, add=EDIT, change=EDIT, delete=EDIT
    ),
    "care.visittask": AdminModel(
        obj=lambda cast: _task(), outside=lambda cast: _task("邗江区"), view=VIEW, add=set(), change=EDIT, delete=set()
    ),
    "care.visit": AdminModel(
        obj=lambda cast: _visit(),
        outside=lambda cast: _visit("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("care_visit", EDIT)},
    ),
    "care.treatmentrecord": AdminModel(
        obj=lambda cast: _record(),
        outside=lambda cast: _record("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "care.aidapplication": AdminModel(
        obj=lambda cast: _aid(),
        outside=lambda cast: _aid("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={"process_action": admin_page(EDIT, lambda cast: f"/admin/care/aidapplication/{_aid().pk}/process/")},
    ),
    "care.modificationcase": AdminModel(
        obj=lambda cast: _case(),
        outside=lambda cast: _case("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={"advance_action": admin_page(EDIT, lambda cast: f"/admin/care/modificationcase/{_case().pk}/advance/")},
    ),
    "care.careplan": AdminModel(
        obj=lambda cast: _plan(), outside=lambda cast: _plan("邗江区"), view=VIEW, add=EDIT, change=EDIT, delete=EDIT
    ),
    "care.carevisitlog": AdminModel(
        obj=lambda cast: _log(), outside=lambda cast: _log("邗江区"), view=VIEW, add=EDIT, change=EDIT, delete=EDIT
    ),
    "care.outing": AdminModel(
        obj=lambda cast: _outing(),
        outside=lambda cast: _outing("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        exp=VIEW,
    ),
    "care.outingsignup": AdminModel(
        obj=lambda cast: _signup(),
        outside=lambda cast: _signup("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        exp=VIEW,
    ),
    "care.servicepoint": AdminModel(
        obj=lambda cast: _point(),
        outside=lambda cast: _point("邗江区"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("care_servicepoint", EDIT)},
    ),
}


def _city_outing():
    return _outing("市直")


def _city_page(ok: set, suffix: str, **kw) -> Page:
    page = admin_page(ok, lambda cast: f"/admin/care/outing/{_city_outing().pk}/{suffix}")
    return Page(page.path, page.expect, **kw)


# The workflow pages of an object outside the district's scope: 404 for the district role.
# A city-hosted outing (市直): districts read it (and sign their cadres up), never change it.
PAGES = {
    "care-city:outing_change": _city_page(VIEW, "change/"),
    "care-city:outing_change_post": _city_page(BUREAU, "change/", method="post", data={}),
    "care-city:outing_delete": _city_page(BUREAU, "delete/"),
    "care-city:outing_history": _city_page(VIEW, "history/"),
    "care-city:outing_autocomplete": admin_page(
        VIEW, "/admin/autocomplete/?app_label=care&model_name=outingsignup&field_name=outing&term=南京"
    ),
    "care-outside:death": admin_page(
        EDIT, lambda cast: f"/admin/care/careprofile/{_profile('邗江区').pk}/death/", outside_404=True
    ),
    "care-outside:door_order": admin_page(
        EDIT, lambda cast: f"/admin/care/careprofile/{_profile('邗江区').pk}/door-order/", outside_404=True
    ),
    "care-outside:aid_process": admin_page(
        EDIT, lambda cast: f"/admin/care/aidapplication/{_aid('邗江区').pk}/process/", outside_404=True
    ),
    "care-outside:modification_advance": admin_page(
        EDIT, lambda cast: f"/admin/care/modificationcase/{_case('邗江区').pk}/advance/", outside_404=True
    ),
}


# 牵手夕阳's dashboard drill-down: a region's 四就近 points, one point (the dashboard's
# readers; the district role's own region is 广陵区, another region's page and point 404).


def _dash_point(region="广陵区"):
    """One point per region, the same for every role of a case."""
    point, _ = _m().ServicePoint.objects.get_or_create(
        region=f.region(region), name=f"{region}文昌老干部活动室", defaults={"address": "文昌路1号", "kind": "activity"}
    )
    return point


PAGES |= {
    "dashboard:sunset_region": Page(
        lambda cast: f"/dashboard/sunset/regions/{f.region('广陵区').pk}/", outcome(DASHBOARD)
    ),
    "dashboard:sunset_point": Page(lambda cast: f"/dashboard/sunset/points/{_dash_point().pk}/", outcome(DASHBOARD)),
    "dashboard-outside:sunset_region": Page(
        lambda cast: f"/dashboard/sunset/regions/{f.region('邗江区').pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
    "dashboard-outside:sunset_point": Page(
        lambda cast: f"/dashboard/sunset/points/{_dash_point('邗江区').pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
}
