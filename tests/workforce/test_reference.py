"""丹心向党's thresholds and deadlines: one source (data migration 0003), back after a flush,
a table staff edited left alone."""

from decimal import Decimal

import pytest
from django.core.management.sql import emit_post_migrate_signal

from apps.workforce import services
from apps.workforce.models import RectificationPolicy, TrainingRequirement

pytestmark = pytest.mark.django_db


def _migrate():
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def test_emptied_thresholds_and_deadlines_come_back_from_the_migration():
    TrainingRequirement.objects.all().delete()
    RectificationPolicy.objects.all().delete()
    _migrate()
    township = TrainingRequirement.objects.get(rank_band="township")
    county = TrainingRequirement.objects.get(rank_band="county")
    assert (township.period_years, township.min_hours, township.min_days) == (1, Decimal("90"), Decimal("12"))
    assert (county.period_years, county.min_hours, county.min_days) == (5, Decimal("550"), Decimal("90"))
    assert dict(RectificationPolicy.objects.values_list("rect_class", "deadline_working_days")) == {
        "immediate": 10,
        "deadline": 60,
        "long_term": 250,
    }
    assert township.history.first().history_change_reason == "初始数据"


def test_each_table_is_restored_only_when_empty_and_edits_survive():
    TrainingRequirement.objects.filter(rank_band="township").update(min_hours=Decimal("60"))
    TrainingRequirement.objects.filter(rank_band="county").delete()
    RectificationPolicy.objects.all().delete()
    _migrate()
    assert TrainingRequirement.objects.get().min_hours == Decimal("60")  # staff's table: left as they left it
    assert RectificationPolicy.objects.count() == 3  # an emptied table: filled again


def test_the_services_hold_no_copy_of_the_defaults():
    assert not [name for name in vars(services) if name.startswith("DEFAULT_") or name == "ensure_defaults"]
