"""Build the city at full size (or scaled) for benchmarks and load tests.

``python manage.py seed_city --scale 1``: see :mod:`apps.core.city` for what it builds and
how each brand adds its records (``city_steps`` in its ``brand.py``). Deterministic; refuses production
settings and a database that already holds data (``--flush`` empties it first).
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.city import build_city, city_plan


class Command(BaseCommand):
    help = "生成全市规模的基准测试数据（--scale 1 为全市规模：640 个党组织、2 万名党员、约 20 万条组织生活记录）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模倍数，如 0.1、1、5（默认 1）")
        parser.add_argument("--flush", action="store_true", help="先清空数据库再生成")

    def handle(self, *args, scale=1.0, flush=False, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境禁止生成基准测试数据。")
        if scale <= 0:
            raise CommandError("--scale 必须为正数。")
        from apps.people.models import Person

        if flush:
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "regions.json"), verbosity=0)
            call_command("sync_roles", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        if Person.objects.exists():  # every city step builds on the people
            raise CommandError("数据库中已有党组织或人员数据，未生成（如需重建请加 --flush）。")
        plan = city_plan(scale)
        self.stdout.write(
            f"生成全市数据（规模 {scale:g}）：{plan.organisations} 个党组织、{plan.people} 人、"
            f"{plan.teams} 支志愿团队 …"
        )
        started = time.perf_counter()
        with transaction.atomic():
            ctx = build_city(scale, report=self.stdout.write)
        # VACUUM cannot run inside a transaction (a caller's atomic block, a test case).
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh planner statistics (without them, right after a bulk load, PostgreSQL
            # estimates every table as tiny and picks plans that scan 200,000 logs) and the
            # visibility map (index-only scans for counts and the admin's date drill-down),
            # as autovacuum would leave a live database.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：组织生活记录 {ctx.get('activity_logs', 0)} 条、出席记录 {ctx.get('attendance', 0)} 条，"
                f"用时 {time.perf_counter() - started:.1f} 秒。"
            )
        )
