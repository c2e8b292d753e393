"""Hospital register → visit task → visit; round birthdays, festivals, a death."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.care import services
from apps.care.choices import TaskStatus, VisitType
from apps.care.deadlines import add_working_days
from apps.care.models import CareProfile, CareRule, Festival, HospitalStay, Visit, VisitTask
from apps.people.choices import PersonStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 6)


def _admit(person, day=FRIDAY, user=None):
    return services.stay_save(
        stay=HospitalStay(
            person=person, hospital="苏北人民医院", department="心内科", admitted_on=day, condition="胸闷"
        ),
        user=user,
    )


def _visit(person, day, vtype=VisitType.HOSPITAL, **kw):
    return services.visit_record(
        visit=Visit(person=person, visit_type=vtype, visited_on=day, visitors="老干部处张科长", **kw)
    )


def test_an_admission_opens_a_visit_task_due_in_working_days(lixiu):
    stay = _admit(lixiu)
    task = VisitTask.objects.get(stay=stay)
    assert task.status == TaskStatus.OPEN and task.visit_type == VisitType.HOSPITAL
    # 3 working days after a Friday: the next Wednesday (no weekend counted)
    assert task.due_on == add_working_days(FRIDAY, 3)
    assert task.due_on > FRIDAY + datetime.timedelta(days=3)


def test_the_deadline_follows_the_rule_as_data(lixiu):
    rule = CareRule.current()
    rule.admission_visit_days, rule.admission_working_days = 5, False
    rule.save()
    task = VisitTask.objects.get(stay=_admit(lixiu))
    assert task.due_on == FRIDAY + datetime.timedelta(days=5)


def test_a_visit_on_time_completes_the_task(lixiu):
    stay = _admit(lixiu)
    visit = _visit(lixiu, FRIDAY + datetime.timedelta(days=1))
    task = VisitTask.objects.get(stay=stay)
    assert visit.stay == stay and visit.task == task
    assert task.status == TaskStatus.DONE and task.on_time is True


def test_a_late_visit_is_done_but_not_on_time(lixiu):
    stay = _admit(lixiu)
    _visit(lixiu, FRIDAY + datetime.timedelta(days=12))
    task = VisitTask.objects.get(stay=stay)
    assert task.status == TaskStatus.DONE and task.on_time is False


def test_overdue_open_tasks_are_counted(lixiu, other_lixiu):
    _admit(lixiu)
    _admit(other_lixiu, day=datetime.date.today())
    assert VisitTask.objects.overdue().count() == 1


def test_a_visit_dated_before_the_admission_is_refused(lixiu):
    stay = _admit(lixiu)
    with pytest.raises(ValidationError, match="看望日期早于住院日期"):
        services.visit_record(
            visit=Visit(
                person=lixiu,
                visit_type=VisitType.HOSPITAL,
                visited_on=FRIDAY - datetime.timedelta(days=2),
                visitors="甲",
                stay=stay,
            )
        )
    assert not Visit.objects.exists()
    assert VisitTask.objects.get(stay=stay).status == TaskStatus.OPEN


def test_a_discharge_before_the_admission_is_refused(lixiu):
    stay = _admit(lixiu)
    stay.discharged_on = FRIDAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="出院日期不能早于住院日期"):
        services.stay_save(stay=stay)


def test_a_second_open_stay_is_refused(lixiu):
    _admit(lixiu)
    with pytest.raises(ValidationError, match="尚未出院"):
        _admit(lixiu, day=FRIDAY + datetime.timedelta(days=2))
    assert HospitalStay.objects.count() == 1 and VisitTask.objects.count() == 1


def test_an_admission_outside_the_scope_is_refused(cast, other_lixiu):
    with pytest.raises(ValidationError, match="不在您的数据权限范围内"):
        _admit(other_lixiu, user=cast.district)
    assert not HospitalStay.objects.exists()


def test_a_death_closes_open_tasks_and_opens_condolence_and_survivor_visits(lixiu):
    _admit(lixiu)
    died = FRIDAY + datetime.timedelta(days=2)
    opened = services.death_record(person=lixiu, died_on=died)
    lixiu.refresh_from_db()
    assert lixiu.status == PersonStatus.DECEASED
    assert CareProfile.objects.get(person=lixiu).died_on == died
    hospital = VisitTask.objects.get(visit_type=VisitType.HOSPITAL)
    assert hospital.status == TaskStatus.CLOSED and hospital.closed_reason == "本人去世"
    assert {t.visit_type for t in opened} == {VisitType.CONDOLENCE, VisitType.SURVIVOR}
    assert VisitTask.objects.filter(status=TaskStatus.OPEN).count() == 2


def test_records_dated_after_the_death_are_refused_but_condolences_are_not(lixiu):
    died = FRIDAY
    services.death_record(person=lixiu, died_on=died)
    with pytest.raises(ValidationError, match="去世"):
        _visit(lixiu, died + datetime.timedelta(days=1), vtype=VisitType.DAILY)
    with pytest.raises(ValidationError, match="去世"):
        _admit(lixiu, day=died + datetime.timedelta(days=1))
    visit = _visit(lixiu, died + datetime.timedelta(days=2), vtype=VisitType.CONDOLENCE)
    assert visit.task.visit_type == VisitType.CONDOLENCE and visit.task.status == TaskStatus.DONE


def test_a_death_is_refused_while_later_records_exist(lixiu):
    _visit(lixiu, FRIDAY, vtype=VisitType.DAILY)
    with pytest.raises(ValidationError, match="晚于去世日期"):
        services.death_record(person=lixiu, died_on=FRIDAY - datetime.timedelta(days=1))
    lixiu.refresh_from_db()
    assert lixiu.status == PersonStatus.LIVING


def test_round_birthdays_open_tasks_once(db):
    eighty = f.PersonFactory(birth_date=datetime.date(1946, 2, 28))
    f.PersonFactory(birth_date=datetime.date(1947, 5, 1))  # 79
    hundred = f.PersonFactory(birth_date=datetime.date(1926, 9, 9))
    assert services.birthday_tasks_open(year=2026) == 2
    assert services.birthday_tasks_open(year=2026) == 0  # the schedule may run twice
    tasks = {t.person_id: t for t in VisitTask.objects.filter(visit_type=VisitType.BIRTHDAY)}
    assert tasks[eighty.pk].due_on == datetime.date(2026, 2, 28)
    assert tasks[hundred.pk].reason == "100岁生日看望"


def test_a_festival_opens_tasks_for_living_lixiu_cadres_only(lixiu, other_lixiu):
    f.PersonFactory()  # 退休
    festival = Festival.objects.create(name="春节", date=datetime.date(2027, 2, 6))
    assert services.festival_tasks_open(festival=festival) == 2
    assert services.festival_tasks_open(festival=festival) == 0
    assert set(VisitTask.objects.values_list("person_id", flat=True)) == {lixiu.pk, other_lixiu.pk}


def test_festival_tasks_follow_the_lead_time(lixiu):
    Festival.objects.create(name="重阳节", date=datetime.date(2026, 10, 18), lead_days=7)
    assert services.festival_tasks_due(today=datetime.date(2026, 10, 10)) == 0
    assert services.festival_tasks_due(today=datetime.date(2026, 10, 11)) == 1
