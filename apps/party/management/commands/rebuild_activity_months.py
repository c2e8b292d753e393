"""``manage.py rebuild_activity_months [--check]``: recount the monthly activity figures.

The counts are kept by database triggers, so this is for repair only: after restoring an
old dump, or to prove nothing drifted (``--check`` exits 1 and lists the cells that differ).
"""

from django.core.management.base import BaseCommand, CommandError

from apps.party import rollups


class Command(BaseCommand):
    help = "按组织生活记录重新统计“组织生活月度统计”（--check 只核对，不修改）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对，发现不一致时列出并以状态 1 退出")

    def handle(self, *args, check: bool = False, **options):
        problems = rollups.drift()
        if check:
            for organisation, year, month, activity_type, stored, counted in problems[:50]:
                self.stdout.write(
                    f"组织 {organisation} {year}年{month}月 {activity_type}：统计表 {stored}，按记录应为 {counted}"
                )
            if problems:
                raise CommandError(
                    f"月度统计与组织生活记录有 {len(problems)} 处不一致，请运行本命令（不带 --check）重建。"
                )
            self.stdout.write(self.style.SUCCESS("月度统计与组织生活记录一致。"))
            return
        rows = rollups.rebuild()
        self.stdout.write(self.style.SUCCESS(f"已重建月度统计：{rows} 行（重建前不一致 {len(problems)} 处）。"))
