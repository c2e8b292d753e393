"""The State Council's holiday arrangements for 2024–2026 (国办发明电〔2023〕7号、
〔2024〕12号、〔2025〕7号), frozen here; later years are entered in 后台 → 工作日历."""

import datetime

from django.db import migrations

# (name, holiday ranges, make-up working days)
ARRANGEMENTS = [
    ("元旦", [("2024-01-01", "2024-01-01")], []),
    ("春节", [("2024-02-10", "2024-02-17")], ["2024-02-04", "2024-02-18"]),
    ("清明节", [("2024-04-04", "2024-04-06")], ["2024-04-07"]),
    ("劳动节", [("2024-05-01", "2024-05-05")], ["2024-04-28", "2024-05-11"]),
    ("端午节", [("2024-06-10", "2024-06-10")], []),
    ("中秋节", [("2024-09-15", "2024-09-17")], ["2024-09-14"]),
    ("国庆节", [("2024-10-01", "2024-10-07")], ["2024-09-29", "2024-10-12"]),
    ("元旦", [("2025-01-01", "2025-01-01")], []),
    ("春节", [("2025-01-28", "2025-02-04")], ["2025-01-26", "2025-02-08"]),
    ("清明节", [("2025-04-04", "2025-04-06")], []),
    ("劳动节", [("2025-05-01", "2025-05-05")], ["2025-04-27"]),
    ("端午节", [("2025-05-31", "2025-06-02")], []),
    ("国庆节、中秋节", [("2025-10-01", "2025-10-08")], ["2025-09-28", "2025-10-11"]),
    ("元旦", [("2026-01-01", "2026-01-03")], ["2026-01-04"]),
    ("春节", [("2026-02-15", "2026-02-23")], ["2026-02-14", "2026-02-28"]),
    ("清明节", [("2026-04-04", "2026-04-06")], []),
    ("劳动节", [("2026-05-01", "2026-05-05")], ["2026-05-09"]),
    ("端午节", [("2026-06-19", "2026-06-21")], []),
    ("中秋节", [("2026-09-25", "2026-09-27")], []),
    ("国庆节", [("2026-10-01", "2026-10-07")], ["2026-09-20", "2026-10-10"]),
]


def days():
    for name, ranges, workdays in ARRANGEMENTS:
        for first, last in ranges:
            day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            while day <= end:
                yield day, "holiday", name
                day += datetime.timedelta(days=1)
        for workday in workdays:
            yield datetime.date.fromisoformat(workday), "workday", f"{name}调休"


def load(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    for day, kind, name in days():
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})


def unload(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, _, _ in days()]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendarday")]

    operations = [migrations.RunPython(load, unload)]
