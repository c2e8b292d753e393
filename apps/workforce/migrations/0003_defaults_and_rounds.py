"""The thresholds and deadlines the bureau starts with (edited later in the back
office), and a round for each existing item's free-text source so no item is orphaned.

The one source of these defaults: after a flush (``seed_demo --flush``, transactional tests)
``load_requirements`` and ``load_policies`` run again when their table is found empty
(``apps.core.reference.restore_when_empty``, registered in ``apps/workforce/apps.py``)."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

REQUIREMENTS = [
    ("township", 1, Decimal("90"), Decimal("12"), "干部教育培训工作条例第十四条：乡科级及以下每年不少于12天或90学时"),
    ("county", 5, Decimal("550"), Decimal("90"), "干部教育培训工作条例第十四条：县处级及以上每5年不少于3个月或550学时"),
]
POLICIES = [("immediate", 10), ("deadline", 60), ("long_term", 250)]


def _with_history(apps, model_name, obj):
    """The row's first history entry, as simple-history writes it for a save."""
    historical = apps.get_model("workforce", f"Historical{model_name}")
    fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    historical.objects.create(
        **fields, history_date=timezone.now(), history_type="+", history_change_reason="初始数据"
    )


def load_requirements(apps, schema_editor):
    """Art. 14's thresholds per rank band; a band already set (edited or not) is left alone."""
    TrainingRequirement = apps.get_model("workforce", "TrainingRequirement")
    for band, years, hours, days, note in REQUIREMENTS:
        row, made = TrainingRequirement.objects.get_or_create(
            rank_band=band, defaults={"period_years": years, "min_hours": hours, "min_days": days, "note": note}
        )
        if made:
            _with_history(apps, "TrainingRequirement", row)


def load_policies(apps, schema_editor):
    """The default deadline of each rectification class; a class already set is left alone."""
    RectificationPolicy = apps.get_model("workforce", "RectificationPolicy")
    for rect_class, working_days in POLICIES:
        row, made = RectificationPolicy.objects.get_or_create(
            rect_class=rect_class, defaults={"deadline_working_days": working_days}
        )
        if made:
            _with_history(apps, "RectificationPolicy", row)


def forwards(apps, schema_editor):
    load_requirements(apps, schema_editor)
    load_policies(apps, schema_editor)
    RectificationItem = apps.get_model("workforce", "RectificationItem")
    RectificationRound = apps.get_model("workforce", "RectificationRound")
    rounds = {}
    for item in RectificationItem.objects.filter(round__isnull=True).order_by("pk"):
        key = (item.source, item.region_id)
        if key not in rounds:
            rounds[key] = RectificationRound.objects.create(name=item.source, region_id=item.region_id)
            _with_history(apps, "RectificationRound", rounds[key])
        item.round = rounds[key]
        item.save(update_fields=["round"])


def backwards(apps, schema_editor):
    apps.get_model("workforce", "RectificationItem").objects.update(round=None)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_roster_training_ledger_rules_contacts_research")]

    operations = [migrations.RunPython(forwards, backwards)]
