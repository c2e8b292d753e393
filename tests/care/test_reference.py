"""牵手夕阳's seeded tables: one source (the data migration's loaders), back after a flush,
and a table staff have edited left alone."""

import pytest
from django.core.management.sql import emit_post_migrate_signal

from apps.care.models import AbilityGrade, AidReason, CareRule, ModificationItem, TreatmentItem
from apps.care.reference import ABILITY_GRADES, AID_REASONS, MODIFICATION_ITEMS, TREATMENT_ITEMS

pytestmark = pytest.mark.django_db


def test_emptied_care_tables_are_filled_again_after_migrate():
    for model in (AidReason, TreatmentItem, ModificationItem, CareRule):
        model.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert AidReason.objects.count() == len(AID_REASONS)
    assert TreatmentItem.objects.count() == len(TREATMENT_ITEMS)
    assert ModificationItem.objects.filter(basic=True).count() == 7
    assert ModificationItem.objects.count() == len(MODIFICATION_ITEMS) == 30
    assert CareRule.objects.count() == 1
    assert AbilityGrade.objects.count() == len(ABILITY_GRADES)


def test_a_reason_staff_deleted_does_not_come_back():
    AidReason.objects.filter(name="自然灾害").delete()
    AidReason.objects.filter(name="其他").update(name="其他原因")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not AidReason.objects.filter(name__in=["自然灾害", "其他"]).exists()
    assert AidReason.objects.filter(name="其他原因").exists()
