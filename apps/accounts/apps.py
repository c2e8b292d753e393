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
        _connect_lockout()


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
