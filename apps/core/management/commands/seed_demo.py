"""Build the embedded demo: a realistic, deterministic slice of Yangzhou, one account per role.

Each app declares its steps (``seed(rng, ctx)`` functions) in its ``brand.py``
(``demo_steps``, :mod:`apps.core.brands`); they run in dependency order and share ``rng``
and ``ctx`` (regions, organisations, people …). Running it again
changes nothing: the demo is built once, inside one transaction, and ``--flush`` is the
way to rebuild it (it empties the database first).
"""

import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import User
from apps.core.brands import run_steps

DEMO_SEED = 20211001
DEMO_PASSWORD = "Yangzhou@2026"


class Command(BaseCommand):
    help = "生成演示数据和各角色演示账号（可重复执行；--flush 先清空数据库再重建）。"

    def add_arguments(self, parser):
        parser.add_argument("--flush", action="store_true", help="先清空数据库再生成")
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args, flush=False, quiet_accounts=False, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境禁止生成演示数据和演示账号。")
        if flush:
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "regions.json"), verbosity=0)
            call_command("sync_roles", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        if User.objects.filter(username__startswith="demo_").exists():
            self.stdout.write("演示数据已存在，未重复生成（如需重建请加 --flush）。")
        else:
            self.build()
        if not quiet_accounts:
            self.print_accounts()

    @transaction.atomic
    def build(self):
        rng = random.Random(DEMO_SEED)
        ctx: dict = {"password": DEMO_PASSWORD}
        run_steps("demo_steps", rng, ctx, report=lambda name: self.stdout.write(f"  ✓ {name}"))

    def print_accounts(self):
        from apps.accounts.demo import DEMO_ACCOUNTS

        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
        for username, role_label, _ in DEMO_ACCOUNTS:
            user = users.get(username)
            scope = user.scope_label if user else ""
            self.stdout.write(f"  {role_label:<10} {username:<18} 数据范围：{scope}")
