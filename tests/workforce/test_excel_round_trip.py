"""What 丹心向党 exports imports again: the exported classes, sign-in sheet and round's list,
re-imported after their records are removed, give the same records back (the columns of the
export, the template and the import are the same)."""

import datetime
from decimal import Decimal

import pytest

from apps.workforce import services
from apps.workforce.models import Enrolment, RectificationItem, TrainingClass
from apps.workforce.resources import EnrolmentResource, RectificationItemResource, TrainingClassResource
from tests.workforce.factories import RoundFactory, StaffFactory, TrainingClassFactory, item

pytestmark = pytest.mark.django_db


def _round_trip(resource_class, user, queryset, fields):
    resource = resource_class(user=user)
    dataset = resource.export(queryset)
    assert dataset.headers == resource_class.headers()
    before = sorted(queryset.values_list(*fields))
    queryset.delete()
    result = resource_class(user=user).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=user
    )
    assert not result.has_errors() and not result.has_validation_errors(), [
        row.error_dict for row in result.invalid_rows
    ]
    return before, sorted(queryset.model.objects.values_list(*fields))


def test_classes_come_back_as_exported(cast):
    TrainingClassFactory(name="双讲双升专题培训班")
    TrainingClassFactory(name="网络专题班", full_time=False, hours_offline=Decimal("0"), hours_online=Decimal("8.5"))
    before, after = _round_trip(
        TrainingClassResource,
        cast.district,
        TrainingClass.objects.all(),
        [
            "name",
            "training_type",
            "region",
            "starts_on",
            "ends_on",
            "hours_offline",
            "hours_online",
            "full_time",
            "days",
        ],
    )
    assert before == after


def test_a_sign_in_sheet_comes_back_as_exported(cast):
    cls = TrainingClassFactory(name="双讲双升专题培训班")
    for name in ("王建国", "李秀英"):
        enrolment = services.enrolment_create(training_class=cls, staff=StaffFactory(name=name))
        services.enrolment_sign_in(enrolment=enrolment, at=datetime.datetime(2026, 5, 11, 8, 30).astimezone())
    services.leave_record(enrolment=enrolment, on=cls.starts_on, hours=Decimal("2"), reason="病假")
    services.enrolment_sign_out(enrolment=enrolment, at=datetime.datetime(2026, 5, 15, 17, 0).astimezone())
    before, after = _round_trip(
        EnrolmentResource,
        cast.district,
        Enrolment.objects.all(),
        ["staff__name", "status", "signed_in_at", "signed_out_at", "leave_hours", "credited_hours", "credited_days"],
    )
    assert before == after


def test_a_rounds_list_comes_back_as_exported(cast):
    round_ = RoundFactory()
    owner, leader = StaffFactory(name="王科长"), StaffFactory(name="李局长", is_leader=True)
    for problem in ("台账不完整", "经费凭证不全"):
        item(round=round_, problem=problem, owner_staff=owner, leader=leader, deadline=datetime.date(2026, 9, 30))
    before, after = _round_trip(
        RectificationItemResource,
        cast.district,
        RectificationItem.objects.all(),
        ["round", "problem", "region", "owner_staff", "leader", "rect_class", "deadline", "status"],
    )
    assert before == after
