"""Factories of 丹心向党 records (the records that have a workflow go through services)."""

import datetime
from decimal import Decimal

import factory

from tests.factories import region


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.StaffMember"

    name = factory.Sequence(lambda n: f"干部{n:03d}")
    region = factory.LazyFunction(lambda: region("广陵区"))
    unit = "广陵区委老干部局"
    post = "科员"
    rank_band = "township"
    joined_on = datetime.date(2015, 3, 1)


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.TrainingClass"

    name = factory.Sequence(lambda n: f"双讲双升专题培训班第{n}期")
    training_type = "theory"
    organiser = "市委老干部局"
    region = factory.LazyFunction(lambda: region("广陵区"))
    starts_on = datetime.date(2026, 5, 11)
    ends_on = datetime.date(2026, 5, 15)
    hours_offline = Decimal("35")
    hours_online = Decimal("0")
    full_time = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from apps.workforce.services import training_class_save

        return training_class_save(training_class=model_class(*args, **kwargs))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.RectificationRound"

    name = "市委第三巡察组巡察反馈"
    region = factory.LazyFunction(lambda: region("广陵区"))
    feedback_on = datetime.date(2026, 3, 1)


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.Rule"

    area = "budget"
    number = factory.Sequence(lambda n: f"扬老干〔2026〕{n}号")
    title = "预算业务管理办法"
    region = factory.LazyFunction(lambda: region("广陵区"))
    issued_on = datetime.date(2025, 1, 10)
    owner_unit = "办公室"
    review_due = datetime.date(2026, 1, 10)


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.ContactPoint"

    leader = factory.SubFactory(StaffFactory, is_leader=True, rank_band="county")
    name = "东关街道离退休干部党支部"
    kind = "branch"
    region = factory.LazyFunction(lambda: region("广陵区"))
    since = datetime.date(2026, 1, 1)


class ResearchVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.ResearchVisit"

    leader = factory.SubFactory(StaffFactory, is_leader=True, rank_band="county")
    region = factory.LazyFunction(lambda: region("广陵区"))
    started_on = datetime.date(2026, 4, 1)
    days = Decimal("2")
    place = "东关街道"
    topic = "离退休干部党组织建设"


class ResearchReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.ResearchReport"

    leader = factory.SubFactory(StaffFactory, is_leader=True, rank_band="county")
    region = factory.LazyFunction(lambda: region("广陵区"))
    title = "关于加强离退休干部党建工作的调研报告"
    submitted_on = datetime.date(2026, 6, 1)


def item(**kwargs):
    """A rectification item made by the service (deadline defaults as data)."""
    from apps.workforce.services import rectification_create

    kwargs.setdefault("region", region("广陵区"))
    kwargs.setdefault("problem", "组织生活台账不完整")
    kwargs.setdefault("source", "局党组专项检查")
    return rectification_create(**kwargs)
