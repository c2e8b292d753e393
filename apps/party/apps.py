from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "apps.party"
    verbose_name = "银发先锋 · 党建"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from apps.party.models import ActivityLog

        post_migrate.connect(_restore_reference_data, sender=self)
        # The branch's part of its secretary's landing page is cached
        # (apps.party.workspace.views.home): a write of one of its logs retires it.
        post_save.connect(_forget_branch_home, sender=ActivityLog, dispatch_uid="workspace_forget_home_save")
        post_delete.connect(_forget_branch_home, sender=ActivityLog, dispatch_uid="workspace_forget_home_delete")
        # Its logs retire the dashboard's figures narrowly (its section's narrow_models).
        from apps.party import signals

        signals.connect()


def _forget_branch_home(sender, instance, **kwargs):
    """A log was written: its branch's part of the home page is rebuilt at the next visit."""
    from apps.core import generations
    from apps.party.workspace.selectors import BRANCH_GENERATION

    generations.bump(BRANCH_GENERATION.format(instance.organisation_id))


def _restore_reference_data(sender, using, apps=None, **kwargs):
    """Put back the default 三会一课 rules after a migrate or a database flush
    (``seed_demo --flush``, transactional tests), like the roles are (the schedules come
    back through :mod:`apps.core.schedules`).

    A flush empties every table and sends ``post_migrate`` again. Existing rules (edited
    ones) are left alone, as :func:`~apps.party.services.compliance_rules_ensure_defaults` does.
    """
    from django.apps import apps as global_apps

    from apps.party.services import DEFAULT_COMPLIANCE_RULES

    apps = apps or global_apps  # ``flush`` sends the signal without the migration state

    try:
        Rule = apps.get_model("party", "ComplianceRule")
    except LookupError:  # migrated back past the rules
        return
    rules = Rule.objects.using(using)
    for activity_type, period, count, note in DEFAULT_COMPLIANCE_RULES:
        if not rules.filter(activity_type=activity_type, period=period, org_kind="branch").exists():
            rules.create(activity_type=activity_type, period=period, org_kind="branch", required_count=count, note=note)
