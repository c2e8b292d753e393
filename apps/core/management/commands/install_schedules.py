from django.core.management.base import BaseCommand

from apps.core.schedules import install_schedules


class Command(BaseCommand):
    help = "安装各品牌和公共模块声明的定时任务（已存在的保持不变；--reset 恢复为声明的时间和参数）。"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="把已存在的定时任务恢复为声明的设置")

    def handle(self, *args, reset=False, **options):
        counts = install_schedules(reset=reset)
        self.stdout.write(f"新建 {counts['created']} 个定时任务，恢复 {counts['reset']} 个。")
