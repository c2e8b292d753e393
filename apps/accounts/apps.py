from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_roles_after_migrate, sender=self)


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    # Permissions are created by post_migrate too, app by app; this handler may run before
    # later apps' turn, so create them all first, then give every role its share.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from apps.accounts.roles import sync_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()
