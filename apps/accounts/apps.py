from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        # Every sign-in path (portal, back office, tests' force_login) stamps the session;
        # every sign-out ends all the user's sessions, not only this one.
        user_logged_in.connect(_stamp_session, dispatch_uid="accounts_stamp_session")
        user_logged_out.connect(_end_all_sessions, dispatch_uid="accounts_end_sessions")
        _connect_last_login()
        _connect_lockout()
        _chinese_names_of_security_models()


# django-axes and django-otp name their apps, models and fields in English (django-otp
# outside any catalogue), and the security administrator reads them in the back office.
# Names set at run time change no migration: migrations read a model's declared options
# (``_meta.original_attrs``) and a field's declared ``_verbose_name``.
SECURITY_MODEL_NAMES = {
    "axes": ("登录锁定", {"AccessAttempt": ("登录失败记录", "登录失败记录")}),
    "otp_totp": ("动态口令", {"TOTPDevice": ("动态口令设备", "动态口令设备")}),
}
SECURITY_FIELD_NAMES = {
    "AccessAttempt": {
        "attempt_time": "尝试时间",
        "username": "用户名",
        "ip_address": "IP 地址",
        "user_agent": "浏览器标识",
        "path_info": "访问路径",
        "failures_since_start": "失败次数",
        "http_accept": "浏览器接受类型",
        "get_data": "查询参数",
        "post_data": "提交数据",
    },
    "TOTPDevice": {
        "user": "用户",
        "name": "设备名称",
        "confirmed": "已确认",
        "created_at": "绑定时间",
        "last_used_at": "最近使用时间",
        "throttling_failure_timestamp": "最近验证失败时间",
        "throttling_failure_count": "连续验证失败次数",
    },
}


def _chinese_names_of_security_models():
    from django.apps import apps

    for app_label, (app_name, models) in SECURITY_MODEL_NAMES.items():
        config = apps.get_app_config(app_label)
        config.verbose_name = app_name
        for model_name, (singular, plural) in models.items():
            opts = config.get_model(model_name)._meta
            opts.verbose_name, opts.verbose_name_plural = singular, plural
            for field in opts.fields:
                if field.name in SECURITY_FIELD_NAMES.get(model_name, {}):
                    field.verbose_name = SECURITY_FIELD_NAMES[model_name][field.name]


def _connect_last_login():
    # Django's own receiver saves the user (``save(update_fields=["last_login"])``), which
    # simple-history records as an account edit and the audit log as "修改 用户": a sign-in
    # is its own event (登录), not an edit. Stamp the time without model signals instead.
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(_stamp_last_login, dispatch_uid="accounts_stamp_last_login")


def _stamp_last_login(sender, user, **kwargs):
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


def _connect_lockout():
    from axes.models import AccessAttempt
    from django.db.models.signals import pre_save

    from apps.accounts.lockout import strip_request_data

    pre_save.connect(strip_request_data, sender=AccessAttempt, dispatch_uid="accounts_axes_strip_request_data")


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    # Permissions are created by post_migrate too, app by app; this handler may run before
    # later apps' turn, so create them all first, then give every role its share.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from apps.accounts.roles import sync_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def _stamp_session(sender, request, user, **kwargs):
    from apps.accounts.security import stamp_session

    if request is not None and hasattr(request, "session"):
        stamp_session(request, user)


def _end_all_sessions(sender, request, user, **kwargs):
    from apps.accounts.services import user_end_sessions

    if user is not None and user.pk:
        user_end_sessions(user=user, reason="退出登录", request=request)
