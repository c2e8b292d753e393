"""Organised outings: capacity, the health self-declaration, the fitness warning,
attendance and feedback, the export."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.care import services
from apps.care.models import AbilityGrade, CareProfile, HospitalStay, Outing, OutingSignUp
from apps.care.resources import SignUpResource
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _outing(days=10, capacity=2, **kw):
    return services.outing_save(
        outing=Outing(
            title="跨江融合看南京",
            region=f.region("广陵区"),
            starts_on=TODAY + datetime.timedelta(days=days),
            place="南京江北新区",
            capacity=capacity,
            organiser="市委老干部局",
            risk_notice="全程乘车，步行约两公里，请携带常用药",
            insured=True,
            **kw,
        )
    )


def _sign(outing, person, user=None, declared=True, day=None):
    return services.signup_save(
        signup=OutingSignUp(outing=outing, person=person, health_declared=declared, signed_up_on=day or TODAY),
        user=user,
    )


def _person(age=78, region="广陵区"):
    return f.PersonFactory(birth_date=datetime.date(TODAY.year - age, 1, 1), region=f.region(region))


def test_sign_up_needs_the_health_self_declaration(cast):
    outing = _outing()
    with pytest.raises(ValidationError, match="健康状况自我声明"):
        _sign(outing, _person(), declared=False)
    assert not OutingSignUp.objects.exists()


def test_capacity_is_never_exceeded(cast):
    outing = _outing(capacity=2)
    _sign(outing, _person())
    _sign(outing, _person())
    with pytest.raises(ValidationError, match="2个名额已满"):
        _sign(outing, _person())
    assert outing.signups.count() == 2


def test_a_cadre_signs_up_once(cast):
    outing, person = _outing(), _person()
    _sign(outing, person)
    with pytest.raises(ValidationError, match="已报名该活动"):
        _sign(outing, person)


def test_the_fitness_rule_gives_a_warning_not_a_refusal(cast):
    outing = _outing(fit_max_age=85, fit_max_grade=AbilityGrade.objects.get(level=1))
    fine = _sign(outing, _person(78))
    assert fine.fit_warning == ""
    old = _person(90)
    CareProfile.objects.create(person=old, ability_grade=AbilityGrade.objects.get(level=3))
    HospitalStay.objects.create(person=old, hospital="苏北人民医院", admitted_on=TODAY)
    warned = _sign(outing, old)
    assert "超过本活动适宜年龄上限85岁" in warned.fit_warning
    assert "重度失能" in warned.fit_warning and "目前住院中" in warned.fit_warning


def test_district_staff_sign_up_only_their_cadres(cast):
    outing = _outing()
    with pytest.raises(ValidationError, match="不在您的数据权限范围内"):
        _sign(outing, _person(region="邗江区"), user=cast.district)


def test_attendance_only_after_the_outing(cast):
    signup = _sign(_outing(days=3), _person())
    signup.attended = True
    with pytest.raises(ValidationError, match="活动尚未举行"):
        services.signup_save(signup=signup)
    past = _sign(_outing(days=0), _person())
    past.attended, past.feedback = False, "很好"
    with pytest.raises(ValidationError, match="未参加活动的不能登记活动反馈"):
        services.signup_save(signup=past)
    past.attended = True
    services.signup_save(signup=past)
    past.refresh_from_db()
    assert past.attended and past.feedback == "很好" and past.history.count() == 2


def test_capacity_cannot_drop_below_the_sign_ups(cast):
    outing = _outing(capacity=2)
    _sign(outing, _person())
    _sign(outing, _person())
    outing.capacity = 1
    with pytest.raises(ValidationError, match="名额不能少于已报名人数"):
        services.outing_save(outing=outing)


def test_the_admin_form_shows_the_refusal(client, cast):
    outing = _outing(capacity=1)
    _sign(outing, _person())
    person = _person()
    client.force_login(cast.district)
    page = client.post(
        "/admin/care/outingsignup/add/",
        {
            "outing": outing.pk,
            "person": person.pk,
            "signed_up_on": TODAY.isoformat(),
            "health_declared": "on",
            "health_note": "",
            "feedback": "",
        },
    )
    assert page.status_code == 200 and "名额已满" in page.content.decode()
    assert outing.signups.count() == 1


def test_the_participant_export_has_no_health_note(cast):
    outing = _outing()
    signup = _sign(outing, _person())
    signup.health_note = "高血压"
    signup.save()
    rows = list(SignUpResource(user=cast.district).export())
    assert len(rows) == 1 and "高血压" not in str(rows[0]) and rows[0][5] == "是"


def test_the_outing_changelist_has_a_constant_query_count(client, cast, django_assert_num_queries):
    client.force_login(cast.district)
    _outing()
    client.get("/admin/care/outing/")
    with django_assert_num_queries(9) as first:
        page = client.get("/admin/care/outing/")
    before = page.content.decode().count("1/2")  # "1/2" also occurs in the page's own text
    for _ in range(4):
        outing = _outing()
        _sign(outing, _person())
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/admin/care/outing/").content.decode().count("1/2") == before + 4


# ---------------------------------------------------------------------------
# City-hosted outings (市直): every district reads them and signs its own cadres up
# ---------------------------------------------------------------------------
def _hosted(region, title, days=10):
    return services.outing_save(
        outing=Outing(
            title=title,
            region=f.region(region),
            starts_on=TODAY + datetime.timedelta(days=days),
            place="南京",
            capacity=10,
            organiser="市委老干部局",
            risk_notice="全程乘车",
        )
    )


def test_district_staff_see_city_outings_and_sign_up_only_their_cadres(cast):
    city, own, other = _hosted("市直", "跨江融合看南京"), _hosted("广陵区", "东关街"), _hosted("邗江区", "茱萸湾秋游")
    district, district_other = cast.district, cast.users["district_other"]
    assert set(Outing.objects.for_user(district)) == {city, own}
    assert set(Outing.objects.for_user(district_other)) == {city, other}
    assert set(Outing.objects.editable_for(district)) == {own}
    assert set(Outing.objects.for_user(cast.staff)) == {city, own, other}

    mine, theirs = _person(), _person(region="邗江区")
    _sign(city, mine, user=district)
    _sign(city, theirs, user=district_other)
    with pytest.raises(ValidationError, match="不在您的数据权限范围内"):
        _sign(city, _person(region="邗江区"), user=district)
    with pytest.raises(ValidationError, match=r"茱萸湾秋游.*不在您的数据权限范围内"):
        _sign(other, _person(), user=district)
    assert city.signups.count() == 2 and not other.signups.exists()
    # Each district's list holds its own cadres only.
    assert [s.person for s in OutingSignUp.objects.for_user(district)] == [mine]
    assert [s.person for s in OutingSignUp.objects.for_user(district_other)] == [theirs]


def test_district_staff_cannot_change_a_city_outing(cast):
    city = _hosted("市直", "跨江融合看南京")
    city.capacity = 99
    with pytest.raises(ValidationError, match="其他区域主办"):
        services.outing_save(outing=city, user=cast.district)
    city.region = f.region("广陵区")  # nor take it over
    with pytest.raises(ValidationError, match="其他区域主办"):
        services.outing_save(outing=city, user=cast.district)
    city.refresh_from_db()
    assert (city.capacity, city.region.name) == (10, "市直")
    own = _hosted("广陵区", "东关街")
    own.region = f.region("市直")  # nor hand one of its own to the city
    with pytest.raises(ValidationError, match="不在您的数据权限范围内"):
        services.outing_save(outing=own, user=cast.district)


def test_every_admin_door_of_a_city_outing_for_district_staff(client, cast):
    city, other = _hosted("市直", "跨江融合看南京", days=-2), _hosted("邗江区", "茱萸湾秋游")
    mine, theirs = _person(), _person(region="邗江区")
    mine.name, theirs.name = "周德明", "吴振华"
    mine.save()
    theirs.save()
    signup = _sign(city, mine, day=TODAY - datetime.timedelta(days=5))
    their_signup = _sign(city, theirs, day=TODAY - datetime.timedelta(days=5))
    client.force_login(cast.district)

    changelist = client.get("/admin/care/outing/").content.decode()
    assert "跨江融合看南京" in changelist and "茱萸湾秋游" not in changelist

    # The change page: read-only, his region's sign-ups only; a change is refused.
    page = client.get(f"/admin/care/outing/{city.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200 and 'name="title"' not in body and 'name="_save"' not in body
    assert "周德明" in body and "吴振华" not in body
    data = {"title": "改了", "region": city.region_id, "starts_on": city.starts_on.isoformat(), "place": "南京"}
    assert client.post(f"/admin/care/outing/{city.pk}/change/", {**data, "capacity": 99}).status_code == 403
    assert client.get(f"/admin/care/outing/{city.pk}/delete/").status_code == 403
    empty = _hosted("市直", "古运河夜游")  # no sign-ups: nothing protects it but the scope
    bulk = {"action": "delete_selected", "_selected_action": [empty.pk], "post": "yes"}
    assert client.post("/admin/care/outing/", bulk).status_code == 403
    assert Outing.objects.filter(pk=empty.pk).exists()
    city.refresh_from_db()
    assert (city.title, city.capacity) == ("跨江融合看南京", 10)
    assert client.get(f"/admin/care/outing/{city.pk}/history/").status_code == 200
    assert client.get(f"/admin/care/outing/{other.pk}/change/").status_code == 404

    # The autocomplete of a sign-up's outing: the city's and his own, not another district's.
    found = client.get(
        "/admin/autocomplete/", {"app_label": "care", "model_name": "outingsignup", "field_name": "outing", "term": ""}
    ).json()["results"]
    assert {r["id"] for r in found} == {str(city.pk), str(empty.pk)}

    # The sign-up list and its export: his cadres only.
    signups = client.get("/admin/care/outingsignup/").content.decode()
    assert "周德明" in signups and "吴振华" not in signups
    assert [r[2] for r in SignUpResource(user=cast.district).export()] == ["周德明"]
    from apps.care.resources import OutingResource

    assert {r[0] for r in OutingResource(user=cast.district).export()} == {"跨江融合看南京", "古运河夜游"}

    # Attendance of his cadre, recorded on the sign-up (the outing took place).
    page = client.post(
        f"/admin/care/outingsignup/{signup.pk}/change/", {"health_note": "", "attended": "true", "feedback": "很好"}
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    signup.refresh_from_db()
    assert signup.attended is True and signup.feedback == "很好"
    # Another district's cadre on the same outing is not his to check in.
    assert client.get(f"/admin/care/outingsignup/{their_signup.pk}/change/").status_code == 404
    data = {"health_note": "", "attended": "true", "feedback": ""}
    assert client.post(f"/admin/care/outingsignup/{their_signup.pk}/change/", data).status_code == 404
    their_signup.refresh_from_db()
    assert their_signup.attended is None


def test_a_district_signs_its_cadre_up_to_a_city_outing_in_the_admin(client, cast):
    city = _hosted("市直", "跨江融合看南京")
    mine = _person()
    client.force_login(cast.district)
    form = client.get(f"/admin/care/outingsignup/add/?outing={city.pk}").content.decode()
    assert "跨江融合看南京" in form
    fields = {"signed_up_on": TODAY.isoformat(), "health_declared": "on", "health_note": "", "feedback": ""}
    page = client.post("/admin/care/outingsignup/add/", {"outing": city.pk, "person": mine.pk, **fields})
    assert page.status_code == 302, page.content.decode()[:2000]
    assert [s.person for s in city.signups.all()] == [mine]
    other = _hosted("邗江区", "茱萸湾秋游")
    page = client.post("/admin/care/outingsignup/add/", {"outing": other.pk, "person": _person().pk, **fields})
    assert page.status_code == 200 and not other.signups.exists()
