"""The volunteer team leader's 工作台 pages (``Brand.workspace`` in apps/volunteers/brand.py).

``TEAM_GENERATION`` names the cache generation of a team's part of its leader's landing
page; :func:`connect` (called from ``VolunteersConfig.ready``) retires it when a record,
activity, volunteer or correction request of the team is saved or deleted (the pages' own
writes retire it too, as some are bulk updates; an Excel import retires every figure)."""

TEAM_GENERATION = "workspace:team-generation:{}"


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from apps.volunteers.models import Activity, CorrectionRequest, ServiceRecord, TeamMember

    for model in (Activity, ServiceRecord, TeamMember, CorrectionRequest):
        name = model._meta.model_name
        post_save.connect(_retire, sender=model, dispatch_uid=f"team_home_{name}_save")
        post_delete.connect(_retire, sender=model, dispatch_uid=f"team_home_{name}_delete")


def _retire(sender, instance, **kwargs):
    from apps.core import generations
    from apps.volunteers.models import Activity, CorrectionRequest, TeamMember

    team_id = getattr(instance, "team_id", None)
    if team_id is None and isinstance(instance, CorrectionRequest):
        # A correction request counts on its volunteer's team's landing page.
        team_id = TeamMember.objects.filter(pk=instance.member_id).values_list("team_id", flat=True).first()
    if team_id is None and getattr(instance, "activity_id", None):
        cached = instance._state.fields_cache.get("activity")
        team_id = (
            cached.team_id
            if cached is not None
            else Activity.objects.filter(pk=instance.activity_id).values_list("team_id", flat=True).first()
        )
    if team_id:
        generations.bump(TEAM_GENERATION.format(team_id))
