"""Role × URL rows for 牵手夕阳 · 老年教育: the elder pages, the desk, roll call, the lottery
record and the back office. The district role works in 广陵区; "outside" objects are in 邗江区."""

import datetime

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page, outcome
from tests.access.table_dashboard import DASHBOARD
from tests.access.table_excel import process_import_page

LEARNERS = {"leader", "staff", "district", "secretary", "team_leader"}
SEPARATED = {"sysadmin", "security", "auditor"}
ON_BEHALF = {"staff", "district"}
VIEW = {"leader", "staff", "district"}
WORK = {"staff", "district"}


def _expect(ok: set, status=200, *, others=404) -> dict:
    """``ok`` get ``status``; 三员 403; other signed-in roles ``others`` (not theirs: 404)."""
    result = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        result[role] = status if role in ok else (403 if role in SEPARATED else others)
    return result


def _outside(expect: dict) -> dict:
    return {**expect, "district": 404}


def _term():
    from tests.education.conftest import make_term

    return make_term("new")


def _venue(region="广陵区"):
    from tests.education.conftest import make_venue

    return make_venue(region)


def _course(region="广陵区"):
    from tests.education.conftest import make_course

    return make_course(_term(), _venue(region), mode="first_come", seats=5)


def _person(region="广陵区"):
    return f.PersonFactory(region=f.region(region), birth_date=datetime.date(1955, 4, 1))


def _enrolment(region="广陵区", status="admitted"):
    from apps.education.models import Enrolment

    course = _course(region)
    return Enrolment.objects.create(
        term=course.term, course=course, person=_person(region), status=status, channel="staff"
    )


def _offered(region="广陵区"):
    from django.utils import timezone

    e = _enrolment(region, status="offered")
    e.offered_at = timezone.now()
    e.offer_expires_at = e.offered_at + datetime.timedelta(hours=48)
    e.save()
    return e


def _lesson(region="广陵区"):
    from apps.education.models import Lesson

    return Lesson.objects.create(course=_course(region), date=datetime.date(2026, 9, 8))


def _guardian(region="广陵区"):
    from apps.accounts.services import user_create
    from apps.education.models import Guardian

    user = user_create(username=f"family-{region}", password="Family-pass-2026!", role="", full_name="家属")
    return Guardian.objects.create(user=user, person=_person(region), relation="child")


def _base(region="广陵区"):
    from apps.education.models import DistrictBase

    return DistrictBase.objects.get_or_create(region=f.region(region), defaults={"townships": 10, "villages": 100})[0]


def _target(cast):
    from apps.education.models import CoverageTarget

    return CoverageTarget.objects.get_or_create(measure="township", defaults={"target": 50})[0]


def _apply_path(region):
    return lambda cast: f"/education/courses/{_course(region).pk}/apply/?person={_person(region).pk}"


def _e_path(suffix, make=_enrolment, region="广陵区"):
    return lambda cast: f"/education/enrolments/{make(region).pk}/{suffix}/"


PAGES = {
    "education:home": Page("/education/", outcome(LEARNERS)),
    "education:courses": Page("/education/courses/?q=书", outcome(LEARNERS)),
    "education:apply": Page(_apply_path("广陵区"), _expect(ON_BEHALF)),
    "education:apply (outside)": Page(_apply_path("邗江区"), _outside(_expect(ON_BEHALF))),
    "education:offer_accept": Page(_e_path("accept", _offered), _expect(ON_BEHALF, 302), method="post"),
    "education:offer_accept (outside)": Page(
        _e_path("accept", _offered, "邗江区"), _outside(_expect(ON_BEHALF, 302)), method="post"
    ),
    "education:offer_decline": Page(_e_path("decline", _offered), _expect(ON_BEHALF)),
    "education:offer_decline (outside)": Page(_e_path("decline", _offered, "邗江区"), _outside(_expect(ON_BEHALF))),
    "education:withdraw": Page(_e_path("withdraw"), _expect(ON_BEHALF)),
    "education:withdraw (outside)": Page(_e_path("withdraw", region="邗江区"), _outside(_expect(ON_BEHALF))),
    "education:desk": Page("/education/desk/?q=王", outcome(ON_BEHALF)),
    "education:roll": Page(lambda cast: f"/education/courses/{_course().pk}/roll/", _expect(ON_BEHALF)),
    "education:roll (outside)": Page(
        lambda cast: f"/education/courses/{_course('邗江区').pk}/roll/", _outside(_expect(ON_BEHALF))
    ),
    "education:lottery": Page(lambda cast: f"/education/terms/{_term().pk}/lottery/", outcome(LEARNERS)),
    "education:lottery_list": Page(lambda cast: f"/education/terms/{_term().pk}/lottery.json", outcome(LEARNERS)),
    # The dashboard's drill-down: a region's venues, one venue (the dashboard's readers;
    # the district role's own region 广陵区, 邗江区 outside: 404 for it).
    "dashboard:education_region": Page(
        lambda cast: f"/dashboard/education/regions/{_venue().region_id}/", outcome(DASHBOARD)
    ),
    "dashboard:education_venue": Page(lambda cast: f"/dashboard/education/venues/{_venue().pk}/", outcome(DASHBOARD)),
    "dashboard-outside:education_region": Page(
        lambda cast: f"/dashboard/education/regions/{_venue('邗江区').region_id}/",
        outcome(DASHBOARD) | {"district": 404},
    ),
    "dashboard-outside:education_venue": Page(
        lambda cast: f"/dashboard/education/venues/{_venue('邗江区').pk}/", outcome(DASHBOARD) | {"district": 404}
    ),
}


def _staff_page(ok: set) -> dict:
    result = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        result[role] = (200 if role in ok else 403) if role in STAFF_ROLES else 302
    return result


ADMIN = {
    "education.venue": AdminModel(
        obj=lambda cast: _venue(),
        outside=lambda cast: _venue("邗江区"),
        view=VIEW,
        add=WORK,
        change=WORK,
        delete=WORK,
        # The network is imported (Excel, all-or-nothing) and exported.
        imp=WORK,
        exp=VIEW,
        extra={
            "coverage": Page("/admin/education/venue/coverage/", _staff_page(VIEW)),
            "process_import": process_import_page("education_venue", WORK),
        },
    ),
    "education.districtbase": AdminModel(
        obj=lambda cast: _base(), outside=lambda cast: _base("邗江区"), view=VIEW, add=WORK, change=WORK, delete=WORK
    ),
    "education.coveragetarget": AdminModel(
        obj=_target,
        unscoped="规划目标是全市统一的参考数据（CityWideQuerySet），不含个人信息。",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "education.term": AdminModel(
        obj=lambda cast: _term(),
        unscoped="学期是全市统一的参考数据（CityWideQuerySet），不含个人信息。",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "education.course": AdminModel(
        obj=lambda cast: _course(),
        outside=lambda cast: _course("邗江区"),
        view=VIEW,
        add=WORK,
        change=WORK,
        delete=WORK,
    ),
    "education.enrolment": AdminModel(
        obj=lambda cast: _enrolment(),
        outside=lambda cast: _enrolment("邗江区"),
        view=VIEW,
        change=WORK,
        exp=VIEW,
        extra={"process_import": process_import_page("education_enrolment", set())},
    ),
    "education.guardian": AdminModel(
        obj=lambda cast: _guardian(),
        outside=lambda cast: _guardian("邗江区"),
        view=VIEW,
        add=WORK,
        change=WORK,
        delete=WORK,
    ),
    "education.lesson": AdminModel(
        obj=lambda cast: _lesson(), outside=lambda cast: _lesson("邗江区"), view=VIEW, change=WORK
    ),
}
