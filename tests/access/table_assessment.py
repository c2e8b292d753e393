"""Rows for 年度综合考评: the portal pages and actions, and the back-office models.

Every object helper is idempotent (the matrix asks for the object once per role). The
objects are an organisation scheme of 2025 tallied over the cast's two branches, so
``cast.branch`` (广陵区) has a current result: inside the district role's and the
secretary's scope. Actions are POSTs that redirect back (302) when permitted, whatever
the service then decides.
"""

from decimal import Decimal

from tests.access.matrix import AdminModel, Page, outcome

VIEWERS = {"leader", "staff", "district", "secretary"}
STAFF = {"staff"}


def _tallied(cast):
    from apps.assessment import services
    from apps.assessment.models import Scheme

    existing = Scheme.objects.filter(year=2025, unit_kind="organisation").first()
    if existing:
        return existing
    scheme = services.scheme_create(year=2025, unit_kind="organisation", name="2025年度党支部综合考评")
    services.indicator_add(
        scheme=scheme,
        code="A1",
        name="主题党日开展率",
        max_score=Decimal("10"),
        kind="automatic",
        formula_key="party.theme_day_compliance",
        params={"method": "linear", "target": 100},
    )
    services.grade_rule_add(scheme=scheme, grade="first", min_score=Decimal("0"), max_share=None)
    scheme = services.scheme_open(scheme=scheme)
    run = services._run_create(scheme=scheme, by=None, trigger="manual")
    services.tally_execute(run_id=run.pk)
    return scheme


def _result(cast):
    from apps.assessment.models import Result

    scheme = _tallied(cast)
    return Result.objects.get(run__scheme=scheme, run__is_current=True, organisation=cast.branch)


def _appeal(cast):
    from apps.assessment.models import Appeal

    result = _result(cast)
    return Appeal.objects.create(
        scheme=result.run.scheme,
        region=result.region,
        organisation=result.organisation,
        unit_name=result.unit_name,
        reason="主题党日记录漏统计",
    )


def _other_result(cast):
    from apps.assessment.models import Result

    scheme = _tallied(cast)
    return Result.objects.get(run__scheme=scheme, run__is_current=True, organisation=cast.other_branch)


def _other_appeal(cast):
    from apps.assessment.models import Appeal

    result = _other_result(cast)
    return Appeal.objects.create(
        scheme=result.run.scheme,
        region=result.region,
        organisation=result.organisation,
        unit_name=result.unit_name,
        reason="主题党日记录漏统计",
    )


def _other_manual(cast):
    from apps.assessment.models import ManualScore

    result = _other_result(cast)
    return ManualScore.objects.get_or_create(
        indicator=result.run.scheme.indicators.get(code="A1"),
        region=result.region,
        organisation=result.organisation,
        defaults={"score": Decimal("6"), "reason": "补录"},
    )[0]


def _draft(cast):
    from apps.assessment import services
    from apps.assessment.models import Scheme

    existing = Scheme.objects.filter(year=2026, unit_kind="region").first()
    return existing or services.scheme_create(year=2026, unit_kind="region", name="2026年度县（市、区）综合考评")


def _run(cast):
    return _tallied(cast).runs.get(is_current=True)


def _manual(cast):
    from apps.assessment.models import ManualScore

    result = _result(cast)
    indicator = result.run.scheme.indicators.get(code="A1")
    return ManualScore.objects.get_or_create(
        indicator=indicator,
        region=result.region,
        organisation=result.organisation,
        defaults={"score": Decimal("8"), "reason": "补录"},
    )[0]


def _post(suffix_of, ok):
    return Page(suffix_of, outcome(ok, ok_status=302), method="post")


PAGES = {
    "assessment:scheme_list": Page("/assessment/", outcome(VIEWERS)),
    "assessment:scheme_detail": Page(lambda c: f"/assessment/{_tallied(c).pk}/", outcome(VIEWERS)),
    "assessment:export": Page(lambda c: f"/assessment/{_tallied(c).pk}/export/", outcome(VIEWERS)),
    "assessment:scorecard": Page(lambda c: f"/assessment/results/{_result(c).pk}/", outcome(VIEWERS)),
    "assessment:scorecard_export": Page(lambda c: f"/assessment/results/{_result(c).pk}/export/", outcome(VIEWERS)),
    "assessment:run_progress": Page(lambda c: f"/assessment/runs/{_run(c).pk}/progress/", outcome({"leader", "staff"})),
    "assessment:scheme_open": _post(lambda c: f"/assessment/{_draft(c).pk}/open/", STAFF),
    "assessment:scheme_copy": _post(lambda c: f"/assessment/{_tallied(c).pk}/copy/", STAFF),
    "assessment:tally_start": _post(lambda c: f"/assessment/{_tallied(c).pk}/tally/", STAFF),
    "assessment:scheme_publish": _post(lambda c: f"/assessment/{_tallied(c).pk}/publish/", STAFF),
    # Bureau staff lock; the bureau head (局领导) may close the appeal window early.
    "assessment:scheme_lock": _post(lambda c: f"/assessment/{_tallied(c).pk}/lock/", STAFF | {"leader"}),
    "assessment:appeal_lodge": _post(
        lambda c: f"/assessment/results/{_result(c).pk}/appeal/", {"staff", "district", "secretary"}
    ),
    "assessment:manual_score": _post(lambda c: f"/assessment/results/{_result(c).pk}/score/", STAFF),
    "assessment:appeal_answer": _post(lambda c: f"/assessment/appeals/{_appeal(c).pk}/answer/", STAFF),
}

ADMIN = {
    "assessment.scheme": AdminModel(
        obj=_draft,
        unscoped="schemes are the bureau's, the same for every unit (CityWideQuerySet)",
        view={"leader", "staff", "district"},
        add=STAFF,
        change=STAFF,
        delete=STAFF,
    ),
    # Written only by the services: read-only in the back office.
    # The run of a scheme not yet published is outside every scope but the city's, and
    # Django's history view looks the object up before it checks the permission: 404.
    "assessment.tallyrun": AdminModel(
        obj=_run,
        outside=_run,
        view={"leader", "staff"},
        extra={
            "history": Page(
                lambda c: f"/admin/assessment/tallyrun/{_run(c).pk}/history/",
                outcome({"leader", "staff"}, denied=404) | {"secretary": 302, "team_leader": 302},
            )
        },
    ),
    "assessment.manualscore": AdminModel(obj=_manual, outside=_other_manual, view={"leader", "staff"}),
    "assessment.appeal": AdminModel(obj=_appeal, outside=_other_appeal, view={"leader", "staff", "district"}),
}
