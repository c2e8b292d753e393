from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "apps.workspace"
    verbose_name = "工作台"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.core.models import Notice

        # The landing page keeps the user's unread notices in the cache: these writes
        # retire them (each brand retires its own part: apps.party.apps for 银发先锋).
        post_save.connect(_forget_notices, sender=Notice, dispatch_uid="workspace_forget_notices_save")
        post_delete.connect(_forget_notices, sender=Notice, dispatch_uid="workspace_forget_notices_delete")


def _forget_notices(sender, instance, **kwargs):
    from apps.core.models import notices_changed

    notices_changed([instance.user_id])
