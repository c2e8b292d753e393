"""The care profile, the alert list, the two-treatment gaps and 三有一落实 coverage."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.assessment.choices import UnitKind
from apps.assessment.indicators import TallyContext
from apps.care import indicators, selectors, services
from apps.care.choices import VisitType
from apps.care.models import AbilityGrade, CareProfile, CareRule, HospitalStay, TreatmentItem, TreatmentRecord, Visit
from apps.people.choices import RetirementType
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _profile(person, **fields):
    return services.profile_save(profile=CareProfile(person=person, **fields))


def _visit(person, day):
    services.visit_record(visit=Visit(person=person, visit_type=VisitType.DAILY, visited_on=day, visitors="甲"))


def _young(**kw):
    return f.PersonFactory(birth_date=datetime.date(1958, 1, 1), **kw)


def test_a_signed_family_doctor_needs_a_name(lixiu):
    with pytest.raises(ValidationError, match="家庭医生姓名"):
        _profile(lixiu, family_doctor_signed=True)


def _old(**kw):
    """An 85-year-old 退休 cadre."""
    return f.PersonFactory(birth_date=datetime.date(TODAY.year - 85, 1, 1), **kw)


def test_the_alert_list_names_each_reason(cast, lixiu):
    _profile(lixiu, lives_alone=True)  # 93, 离休, alone, never visited
    disabled = _old()
    _profile(disabled, ability_grade=AbilityGrade.objects.get(level=3))
    in_hospital = _old()
    _profile(in_hospital)
    HospitalStay.objects.create(person=in_hospital, hospital="苏北人民医院", admitted_on=TODAY)
    fine = _old()
    _profile(fine)  # 85, not alone, able, at home: nothing to flag
    rows = {p.person_id: p for p in selectors.alerts(cast.staff)}
    assert set(rows) == {lixiu.pk, disabled.pk, in_hospital.pk}
    assert rows[lixiu.pk].flag_alone and rows[lixiu.pk].flag_not_visited and not rows[lixiu.pk].flag_disabled
    assert rows[disabled.pk].flag_disabled and not rows[disabled.pk].flag_not_visited
    assert rows[in_hospital.pk].in_hospital and not rows[in_hospital.pk].flag_alone


def test_the_page_says_why_each_person_is_flagged(client, cast, lixiu):
    _profile(lixiu, lives_alone=True, ability_grade=AbilityGrade.objects.get(level=3))
    client.force_login(cast.staff)
    page = client.get("/admin/care/careprofile/alerts/").content.decode()
    assert "高龄独居" in page and "失能残疾（重度失能）" in page and "离休干部从未走访" in page
    assert "住院中</span>" not in page


def test_under_the_age_nobody_is_flagged(cast):
    """Living alone, disabled, in hospital, never visited: at 68 none of it puts a cadre on
    the list (the age is the first condition, the others are alternatives)."""
    young = _young(retirement_type=RetirementType.LIXIU)
    _profile(young, lives_alone=True, disabled=True)
    HospitalStay.objects.create(person=young, hospital="苏北人民医院", admitted_on=TODAY)
    assert list(selectors.alerts(cast.staff)) == []
    rule = CareRule.current()
    rule.high_age = 60
    rule.save()
    [row] = selectors.alerts(cast.staff)
    assert row.flag_alone and row.flag_disabled and row.in_hospital and row.flag_not_visited


def test_not_visited_counts_only_cadres_owed_regular_visits(cast):
    tuixiu = _old()
    _profile(tuixiu)  # 85, 退休, never visited: visited on occasions only, not flagged
    lixiu = _old(retirement_type=RetirementType.LIXIU)
    _profile(lixiu)
    assert [p.person_id for p in selectors.alerts(cast.staff)] == [lixiu.pk]


def test_the_dead_are_never_flagged(cast, lixiu):
    _profile(lixiu, lives_alone=True)
    services.death_record(person=lixiu, died_on=TODAY, user=cast.staff)
    assert list(selectors.alerts(cast.staff)) == []


def test_not_visited_for_n_months_is_data(cast):
    person = f.PersonFactory(retirement_type=RetirementType.LIXIU, birth_date=datetime.date(1940, 1, 1))
    _profile(person)
    _visit(person, TODAY - datetime.timedelta(days=70))
    assert list(selectors.alerts(cast.staff)) == []
    rule = CareRule.current()
    rule.not_visited_months = 2
    rule.save()
    assert [p.person_id for p in selectors.alerts(cast.staff)] == [person.pk]


def test_the_dashboard_counts_the_same_alert_list(cast, lixiu):
    from apps.core.figures import Filters

    _profile(lixiu, lives_alone=True)
    _profile(_young(), lives_alone=True, disabled=True)  # alone and disabled but 68
    data = selectors.section_data(Filters(year=TODAY.year))
    assert data["alerts"] == selectors.alerts(cast.staff).count() == 1


def test_the_alert_list_stays_in_scope(cast, lixiu, other_lixiu):
    _profile(lixiu, lives_alone=True)
    _profile(other_lixiu, lives_alone=True)
    assert [p.person_id for p in selectors.alerts(cast.district)] == [lixiu.pk]


def test_the_alert_page_has_a_constant_query_count(client, cast, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            p = _old()
            _profile(p, disabled=True)
            _visit(p, TODAY - datetime.timedelta(days=200))

    client.force_login(cast.district)
    add(2)
    client.get("/admin/care/careprofile/alerts/")  # warm the session and caches
    with django_assert_num_queries(7) as first:
        assert client.get("/admin/care/careprofile/alerts/").status_code == 200
    add(5)
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get("/admin/care/careprofile/alerts/")
    assert page.content.decode().count("失能残疾") >= 7


def test_a_profile_page_has_a_constant_query_count(client, cast, lixiu, django_assert_num_queries):
    profile = _profile(lixiu)
    client.force_login(cast.district)
    url = f"/admin/care/careprofile/{profile.pk}/change/"
    client.get(url)
    with django_assert_num_queries(11) as first:
        assert client.get(url).status_code == 200
    for _ in range(5):
        _visit(lixiu, TODAY)
        HospitalStay.objects.create(person=lixiu, hospital="苏北人民医院", admitted_on=TODAY, discharged_on=TODAY)
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("日常走访") == 5


def test_gaps_list_the_missing_items_per_district(cast, lixiu, other_lixiu):
    items = list(TreatmentItem.objects.filter(active=True))
    for item in items:
        services.treatment_record(
            record=TreatmentRecord(person=lixiu, item=item, done_on=datetime.date(2025, 3, 1), evidence="签到表")
        )
    services.treatment_record(
        record=TreatmentRecord(person=other_lixiu, item=items[0], done_on=datetime.date(2025, 3, 1), evidence="签到表")
    )
    data = selectors.treatment_gaps(cast.staff, 2025)
    by_region = {r["region"].name: r for r in data["regions"]}
    assert by_region["广陵区"]["gaps"] == 0 and by_region["广陵区"]["complete"] == 1
    assert by_region["邗江区"]["gaps"] == len(items) - 1
    assert [c["person"] for c in data["cadres"]] == [other_lixiu]
    assert selectors.treatment_gaps(cast.staff, 2026)["regions"][0]["done"] == 0


def test_the_ledger_is_for_lixiu_cadres_only(db):
    person = f.PersonFactory(retirement_type=RetirementType.TUIXIU)
    with pytest.raises(ValidationError, match="只登记离休干部"):
        services.treatment_record(
            record=TreatmentRecord(
                person=person, item=TreatmentItem.objects.first(), done_on=datetime.date(2025, 3, 1), evidence="x"
            )
        )


def test_coverage_leaves_long_term_in_patients_out_of_the_doctor_item(cast, lixiu):
    full = dict(
        green_channel_hospital="苏北人民医院",
        family_doctor_signed=True,
        family_doctor="王医生",
        medical_hardship_covered=True,
        medical_policy_done=True,
    )
    _profile(lixiu, **full)
    in_patient = f.PersonFactory(retirement_type=RetirementType.LIXIU, birth_date=datetime.date(1930, 1, 1))
    _profile(in_patient, **(full | {"family_doctor_signed": False, "family_doctor": ""}))
    HospitalStay.objects.create(
        person=in_patient, hospital="苏北人民医院", admitted_on=TODAY - datetime.timedelta(days=200)
    )
    [row] = selectors.sanyou_coverage(cast.staff)
    assert row["cadres"] == 2 and row["doctor"] == 1 and row["doctor_base"] == 1
    # Both have all four (the in-patient's doctor item waived), on the page as in C1's tally.
    assert row["complete"] == 2
    ctx = TallyContext.build(year=TODAY.year, unit_kind=UnitKind.REGION, until=TODAY)
    tallied = indicators.sanyou_coverage(ctx, {})
    assert tallied[lixiu.region_id] == tallied[in_patient.region_id] == 100
