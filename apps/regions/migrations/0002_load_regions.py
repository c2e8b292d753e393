from pathlib import Path

from django.core.management import call_command
from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "regions.json"


def load(apps, schema_editor):
    call_command("loaddata", str(FIXTURE), verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
