from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "apps.workspace"
    verbose_name = "书记工作台与审核"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apps.core.models import Notice
        from apps.party.models import ActivityLog

        # The secretary's home page is cached (apps.workspace.views.home): these writes
        # retire what it shows.
        post_save.connect(_forget_branch_home, sender=ActivityLog, dispatch_uid="workspace_forget_home_save")
        post_delete.connect(_forget_branch_home, sender=ActivityLog, dispatch_uid="workspace_forget_home_delete")
        post_save.connect(_forget_notices, sender=Notice, dispatch_uid="workspace_forget_notices_save")
        post_delete.connect(_forget_notices, sender=Notice, dispatch_uid="workspace_forget_notices_delete")


def _forget_branch_home(sender, instance, **kwargs):
    """A log was written: its branch's part of the home page is rebuilt at the next visit."""
    from apps.core import generations
    from apps.workspace.selectors import BRANCH_GENERATION

    generations.bump(BRANCH_GENERATION.format(instance.organisation_id))


def _forget_notices(sender, instance, **kwargs):
    from apps.core.models import notices_changed

    notices_changed([instance.user_id])
