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
