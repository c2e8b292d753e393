"""A result item's run is its result's run: drop the copy (its foreign key was checked
and its index written once per item, thousands of times per tally)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_periodic_tallies"),
    ]

    operations = [
        migrations.RemoveField(model_name="resultitem", name="run"),
    ]
