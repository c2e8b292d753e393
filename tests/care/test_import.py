"""The visit import: all-or-nothing, per-row Chinese errors, tasks completed."""

import datetime

import pytest

from apps.care import services
from apps.care.choices import TaskStatus
from apps.care.models import HospitalStay, Visit, VisitTask
from apps.care.resources import VisitResource
from apps.core.excel.formats import XLSX, write_rows

pytestmark = pytest.mark.django_db


def _import(user, rows):
    dataset = XLSX().create_dataset(write_rows(VisitResource.headers(), rows, title="走访慰问记录"))
    return VisitResource(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )


def _row(person, vtype="日常走访", day="2026-03-02"):
    return [person.id_number, person.name, vtype, day, "家中", "张科长", "水果", "良好"]


def test_it_imports_visits_and_completes_the_hospital_task(cast, lixiu):
    stay = services.stay_save(
        stay=HospitalStay(person=lixiu, hospital="苏北人民医院", admitted_on=datetime.date(2026, 3, 2))
    )
    result = _import(cast.district, [_row(lixiu), _row(lixiu, "住院看望", "2026-03-03")])
    assert not result.has_validation_errors() and result.totals["new"] == 2
    hospital = Visit.objects.get(visit_type="hospital")
    assert hospital.stay == stay
    task = VisitTask.objects.get(stay=stay)
    assert task.status == TaskStatus.DONE and task.done_on == datetime.date(2026, 3, 3)
    assert hospital.history.count() == 1


def test_bad_rows_are_reported_and_nothing_is_written(cast, lixiu, other_lixiu):
    services.stay_save(stay=HospitalStay(person=lixiu, hospital="苏北人民医院", admitted_on=datetime.date(2026, 3, 2)))
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    result = _import(
        cast.district,
        [
            _row(lixiu),
            _row(lixiu, "住院看望", "2026-03-01"),  # before the admission
            _row(lixiu, day=future),
            _row(other_lixiu),  # outside 广陵区
        ],
    )
    assert result.has_validation_errors()
    errors = {
        row.number: " ".join(str(e) for errs in row.error_dict.values() for e in errs) for row in result.invalid_rows
    }
    assert "住院日期" in errors[3] and "晚于今天" in errors[4] and "数据权限" in errors[5]
    assert not Visit.objects.exists()
    assert VisitTask.objects.get().status == TaskStatus.OPEN


def test_rows_after_a_death_are_refused_except_condolences(cast, lixiu):
    services.death_record(person=lixiu, died_on=datetime.date(2026, 3, 1))
    result = _import(cast.staff, [_row(lixiu, day="2026-03-05"), _row(lixiu, "吊唁慰问", "2026-03-03")])
    assert [row.number for row in result.invalid_rows] == [2]


def test_the_export_masks_id_numbers(cast, lixiu):
    _import(cast.staff, [_row(lixiu)])
    rows = list(VisitResource(user=cast.leader).export().dict)
    assert rows[0]["身份证号"] != lixiu.id_number and rows[0]["身份证号"].count("*") == 8
