"""The seeded reference tables of 牵手夕阳 (rules, ability grades, aid reasons, treatment
items, the 民发〔2020〕86号 modification catalogue): one source, ``apps.care.reference``.
The loaders below are also run by ``restore_when_empty`` for a table found empty after a
flush (see ``CareConfig.ready``)."""

from django.db import migrations

from apps.care.reference import (
    load_aid_reasons,
    load_all,
    load_grades,
    load_modification_items,
    load_rule,
    load_treatment_items,
)

__all__ = [
    "load_aid_reasons",
    "load_grades",
    "load_modification_items",
    "load_rule",
    "load_treatment_items",
]


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(load_all, migrations.RunPython.noop)]
