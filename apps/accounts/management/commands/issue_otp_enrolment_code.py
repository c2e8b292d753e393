from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.services import otp_enrolment_code_issue


class Command(BaseCommand):
    help = (
        "为指定用户签发动态口令绑定码（一次性，限时有效）。供首位安全管理员等无人可在后台为其签发时，"
        "由运维人员在服务器上使用；签发记入审计日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在。")
        try:
            code = otp_enrolment_code_issue(user=user, actor=None)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已为 {user.username} 签发绑定码：{code}")
        self.stdout.write("请当面告知本人；只能使用一次，过期作废。")
