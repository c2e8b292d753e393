import json
from pathlib import Path

from django.apps import AppConfig

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "regions.json"


class RegionsConfig(AppConfig):
    name = "apps.regions"
    verbose_name = "行政区划"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_restore_regions, sender=self)


def load_regions(region_model, using="default") -> int:
    """Insert the ten divisions from ``fixtures/regions.json`` if the table is empty."""
    if region_model.objects.using(using).exists():
        return 0
    rows = [
        region_model(pk=item["pk"], **item["fields"])
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if item["model"] == "regions.region"
    ]
    region_model.objects.using(using).bulk_create(rows)
    return len(rows)


def _restore_regions(sender, using="default", apps=None, **kwargs):
    # A flush (transactional tests, ``seed_demo --flush``) empties every table and sends
    # post_migrate again; the regions are reference data every record hangs on.
    from django.apps import apps as global_apps
    from django.db import connections

    apps = apps or global_apps
    try:
        region_model = apps.get_model("regions", "Region")
    except LookupError:
        return
    if region_model._meta.db_table not in connections[using].introspection.table_names():
        return
    load_regions(region_model, using)
