"""The elder pages: what an elder, a family member and staff see and do; the course list's
query count does not grow with the courses; errors are Chinese and nothing half-saves."""

import datetime

import pytest
from django.utils import timezone

from apps.education.models import Enrolment
from tests import factories as f
from tests.education.conftest import make_course, make_term, make_venue

pytestmark = pytest.mark.django_db


def test_an_elder_enrols_and_sees_it_at_home(client, elder):
    course = make_course(make_term("new"), name="智能手机应用")
    client.force_login(elder)
    page = client.get(f"/education/courses/{course.pk}/apply/").content.decode()
    assert "王秀兰" in page and "提交报名" in page
    response = client.post(f"/education/courses/{course.pk}/apply/", {"person": elder.person_id})
    assert response.status_code == 302
    e = Enrolment.objects.get()
    assert (e.person, e.channel, e.status) == (elder.person, "self", "applied")
    home = client.get("/education/").content.decode()
    assert "智能手机应用" in home and "已报名待抽签" in home


def test_family_without_consent_sees_a_chinese_error_and_nothing_is_saved(client, family):
    course = make_course(make_term("new"))
    client.force_login(family)
    response = client.post(f"/education/courses/{course.pk}/apply/", {"person": family.ward.pk})
    assert response.status_code == 200
    assert "须有家属知情同意" in response.content.decode()
    assert not Enrolment.objects.exists()
    client.post(
        f"/education/courses/{course.pk}/apply/",
        {"person": family.ward.pk, "family_consent": "on", "safety_pledge": "on", "consent_by": "李晓红"},
    )
    assert Enrolment.objects.get().channel == "family"


def test_someone_elses_elder_is_not_found(client, elder, family):
    course = make_course(make_term("new"))
    client.force_login(elder)
    assert client.get(f"/education/courses/{course.pk}/apply/?person={family.ward.pk}").status_code == 404
    assert client.post(f"/education/courses/{course.pk}/apply/", {"person": family.ward.pk}).status_code == 404
    assert not Enrolment.objects.exists()


def test_the_waiting_place_and_the_offer_are_shown_and_accepted(client, elder, cast):
    from apps.education import services

    course = make_course(make_term("new"), mode="first_come", seats=1, tuition=0)
    first = services.enrol(cast.district, course, f.PersonFactory(birth_date=datetime.date(1955, 1, 1)))
    mine = services.enrol(elder, course, elder.person)
    client.force_login(elder)
    assert "候补第 <b>1</b> 位" in client.get("/education/").content.decode()
    services.withdraw(cast.district, first)
    from apps.core.models import Notice

    assert Notice.objects.get(user=elder).title.startswith("王秀兰：“书法”有候补名额")
    page = client.get("/education/").content.decode()
    assert "确认入学" in page and "逾期将顺延给下一位" in page
    client.post(f"/education/enrolments/{mine.pk}/accept/")
    assert Enrolment.objects.get(pk=mine.pk).status == "admitted"


def test_withdraw_asks_first(client, elder):
    from apps.education import services

    course = make_course(make_term("new"))
    e = services.enrol(elder, course, elder.person)
    client.force_login(elder)
    assert "确定为王秀兰退出" in client.get(f"/education/enrolments/{e.pk}/withdraw/").content.decode()
    assert Enrolment.objects.get(pk=e.pk).status == "applied"
    client.post(f"/education/enrolments/{e.pk}/withdraw/")
    assert Enrolment.objects.get(pk=e.pk).status == "withdrawn"


def test_course_list_query_count_is_constant(client, elder, cast, django_assert_num_queries):
    term = make_term("new")
    venue = make_venue()
    for i in range(3):
        make_course(term, venue, name=f"课程{i}")
    client.force_login(elder)
    client.get("/education/courses/")  # warm the session and the site's caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/education/courses/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    # Demo size to more than a page (the list is paginated by the database), with
    # applicants and a waiting list on the courses shown.
    from apps.education import services

    more = [
        make_course(term, make_venue(name=f"学习点{i}"), name=f"更多课程{i}", seats=1, mode="first_come")
        for i in range(40)
    ]
    for course in more[:3]:
        for _ in range(3):
            services.enrol(cast.district, course, f.PersonFactory(birth_date=datetime.date(1955, 1, 1)))
    assert count() == few
    page = client.get("/education/courses/?q=更多课程0").content.decode()
    assert "名额 1 个，已报名 3 人，候补 2 人" in page
    with django_assert_num_queries(few):
        assert client.get("/education/courses/?page=2").status_code == 200


def test_staff_desk_and_roll_call(client, cast):

    course = make_course(make_term("new"), mode="first_come", seats=3, tuition=0)
    person = f.PersonFactory(name="赵大爷", birth_date=datetime.date(1950, 1, 1))
    client.force_login(cast.district)
    assert "赵大爷" in client.get("/education/desk/?q=赵大爷").content.decode()
    client.post(f"/education/courses/{course.pk}/apply/?person={person.pk}", {"person": person.pk})
    e = Enrolment.objects.get()
    assert (e.channel, e.entered_by, e.status) == ("staff", cast.district, "admitted")
    response = client.post(
        f"/education/courses/{course.pk}/roll/", {"date": timezone.localdate().isoformat(), "present": [e.pk]}
    )
    assert response.status_code == 302
    assert e.marks.get().present is True


def test_enrolment_list_exports_to_excel_for_district_staff_in_scope(client, cast):
    import io

    from openpyxl import load_workbook

    from apps.education import services

    inside = make_course(make_term("new"), name="书法", mode="first_come")
    outside = make_course(inside.term, make_venue("邗江区", name="邗江区老年大学"), name="国画", mode="first_come")
    services.enrol(cast.district, inside, f.PersonFactory(name="广陵学员", birth_date=datetime.date(1955, 1, 1)))
    services.enrol(
        cast.staff,
        outside,
        f.PersonFactory(name="邗江学员", region=f.region("邗江区"), birth_date=datetime.date(1955, 1, 1)),
    )
    client.force_login(cast.district)
    response = client.post("/admin/education/enrolment/export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200, response.content[:300]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    names = [r[0] for r in rows[1:]]
    assert rows[0][0] == "学员" and names == ["广陵学员"]
