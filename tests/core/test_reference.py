"""Reference data from data migrations comes back after a flush, and only then."""

import datetime

import pytest
from django.core.management.sql import emit_post_migrate_signal

from apps.core.models import CalendarDay
from apps.summary.models import SummaryTemplate
from apps.volunteers.models import ServiceCategory

pytestmark = pytest.mark.django_db


def test_emptied_reference_tables_are_filled_again_after_migrate():
    CalendarDay.objects.all().delete()
    ServiceCategory.objects.all().delete()
    SummaryTemplate.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert CalendarDay.objects.filter(date=datetime.date(2026, 2, 16), kind="holiday").exists()
    assert ServiceCategory.objects.filter(name="政策宣讲").exists()
    assert SummaryTemplate.objects.filter(part="vanguard").exists()


def test_a_table_staff_have_edited_is_left_alone():
    CalendarDay.objects.filter(date=datetime.date(2026, 2, 16)).update(name="员工改过的名称")
    CalendarDay.objects.filter(date=datetime.date(2026, 2, 17)).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert CalendarDay.objects.get(date=datetime.date(2026, 2, 16)).name == "员工改过的名称"
    assert not CalendarDay.objects.filter(date=datetime.date(2026, 2, 17)).exists()
