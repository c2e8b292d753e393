"""Every model of the back office declares how it is scoped; a model that does not is
refused to scoped roles (district staff, secretaries, team leaders), never shown whole."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission

from apps.accounts.choices import ROLE_SCOPE, Role, ScopeKind
from apps.assessment.choices import RunStatus, SchemeStatus, UnitKind
from apps.assessment.models import Scheme, TallyRun
from apps.core.scoping import ScopedAdminMixin, scoped

pytestmark = pytest.mark.django_db

FOR_USER = "for_user"  # the model's queryset narrows rows to the user's scope
CITY_WIDE = "city_wide"  # reviewed: city-wide reference data, read-only for scoped roles
NOT_FOR_SCOPED_ROLES = "not for scoped roles"  # no scoped role holds a permission on it

# The reviewed answer for every registered admin. A new admin fails the test until it is
# added here; CITY_WIDE needs a reason a reviewer accepts (the data is the same for the
# whole city and carries no personal data).
EXPECTED = {
    "accounts.User": NOT_FOR_SCOPED_ROLES,
    "accounts.OTPEnrolmentCode": NOT_FOR_SCOPED_ROLES,
    "auth.Group": NOT_FOR_SCOPED_ROLES,
    "axes.AccessAttempt": NOT_FOR_SCOPED_ROLES,
    "otp_totp.TOTPDevice": NOT_FOR_SCOPED_ROLES,
    "audit.AuditEvent": NOT_FOR_SCOPED_ROLES,
    "django_celery_beat.ClockedSchedule": NOT_FOR_SCOPED_ROLES,
    "django_celery_beat.CrontabSchedule": NOT_FOR_SCOPED_ROLES,
    "django_celery_beat.IntervalSchedule": NOT_FOR_SCOPED_ROLES,
    "django_celery_beat.PeriodicTask": NOT_FOR_SCOPED_ROLES,
    "django_celery_beat.SolarSchedule": NOT_FOR_SCOPED_ROLES,
    # The ten divisions of Yangzhou: names everybody may read.
    "regions.Region": CITY_WIDE,
    # 三会一课 rules: one set for the whole city, changed by the bureau only.
    "party.ComplianceRule": CITY_WIDE,
    # The working-day calendar: the State Council's holidays, the same for everyone.
    "core.CalendarDay": CITY_WIDE,
    # The year's summary wording: the bureau's text around figures, no personal data.
    "summary.SummaryTemplate": CITY_WIDE,
    # Assessment schemes (indicators, grade rules): the bureau's, the same for every unit.
    "assessment.Scheme": CITY_WIDE,
    # 四单: the service menu and the steps' working-day deadlines, one set for the city.
    "orders.ServiceCategory": CITY_WIDE,
    "orders.StepDeadline": CITY_WIDE,
    "orders.ServiceOrder": FOR_USER,
    # 草根内参: the report categories and the feedback deadline, one set for the city.
    "insights.InsightCategory": CITY_WIDE,
    "insights.FeedbackRule": CITY_WIDE,
    "insights.Informant": FOR_USER,
    "insights.Report": FOR_USER,
    "assessment.TallyRun": FOR_USER,
    # 牵手夕阳: the bureau's rules and catalogues (deadlines, ability scale, festivals, aid
    # reasons, treatment items, the 民发〔2020〕86号 list) — no personal data.
    "care.CareRule": CITY_WIDE,
    "care.AbilityGrade": CITY_WIDE,
    "care.Festival": CITY_WIDE,
    "care.AidReason": CITY_WIDE,
    "care.TreatmentItem": CITY_WIDE,
    "care.ModificationItem": CITY_WIDE,
    "care.ModificationPlan": FOR_USER,
    "care.CareProfile": FOR_USER,
    "care.HospitalStay": FOR_USER,
    "care.VisitTask": FOR_USER,
    "care.Visit": FOR_USER,
    "care.TreatmentRecord": FOR_USER,
    "care.AidApplication": FOR_USER,
    "care.ModificationCase": FOR_USER,
    "care.CarePlan": FOR_USER,
    "care.CareVisitLog": FOR_USER,
    "care.Outing": FOR_USER,
    "care.OutingSignUp": FOR_USER,
    "care.ServicePoint": FOR_USER,
    "assessment.ManualScore": FOR_USER,
    "assessment.Appeal": FOR_USER,
    "party.Organisation": FOR_USER,
    "party.Membership": FOR_USER,
    "party.ActivityLog": FOR_USER,
    "party.TrainingClass": FOR_USER,
    "party.TrainingAttendance": FOR_USER,
    "party.StandardisationReview": FOR_USER,
    "party.DemonstrationPoint": FOR_USER,
    "party.EducationBase": FOR_USER,
    "party.EducationSession": FOR_USER,
    "party.FundingEntry": FOR_USER,
    "party.PartyProject": FOR_USER,
    "people.Person": FOR_USER,
    "volunteers.Team": FOR_USER,
    "volunteers.TeamMember": FOR_USER,
    # 丹心向党: art. 14's thresholds, the deadlines per rectification class and the research
    # quota are the city's rules, edited by the bureau only; no personal data.
    "workforce.TrainingRequirement": CITY_WIDE,
    "workforce.RectificationPolicy": CITY_WIDE,
    "workforce.ResearchQuota": CITY_WIDE,
    "workforce.StaffMember": FOR_USER,
    "workforce.TrainingClass": FOR_USER,
    "workforce.Enrolment": FOR_USER,
    "workforce.OutsideTraining": FOR_USER,
    "workforce.RectificationRound": FOR_USER,
    # 绿扬霞光's service menu and star thresholds: the bureau's, the same for every team.
    "volunteers.ServiceCategory": CITY_WIDE,
    "volunteers.StarLevel": CITY_WIDE,
    "volunteers.ServiceProject": FOR_USER,
    "volunteers.Activity": FOR_USER,
    "volunteers.SignUp": FOR_USER,
    "volunteers.ServiceRecord": FOR_USER,
    "volunteers.Certificate": FOR_USER,
    "volunteers.Honour": FOR_USER,
    "volunteers.MediaItem": FOR_USER,
    "volunteers.StarAward": FOR_USER,
    # 绿扬霞光's deadlines (correction requests, certificate notice): the bureau's rules.
    "volunteers.RecordRule": CITY_WIDE,
    "volunteers.TrainingRecord": FOR_USER,
    "volunteers.EvaluationRecord": FOR_USER,
    "volunteers.AllianceMember": FOR_USER,
    "volunteers.JointMeeting": FOR_USER,
    "volunteers.Campaign": FOR_USER,
    "volunteers.CorrectionRequest": FOR_USER,
    "volunteers.CertificateObjection": FOR_USER,
    "workforce.RectificationItem": FOR_USER,
    "workforce.RectificationRecheck": FOR_USER,
    "workforce.Rule": FOR_USER,
    "workforce.ContactPoint": FOR_USER,
    "workforce.ContactVisit": FOR_USER,
    "workforce.ContactIssue": FOR_USER,
    "workforce.ResearchVisit": FOR_USER,
    "workforce.ResearchReport": FOR_USER,
    # 牵手夕阳 · 老年教育: terms (windows, rules, the published seed) and the plan's
    # coverage targets are the bureau's, the same for the whole city, with no personal data.
    "education.Term": CITY_WIDE,
    "education.CoverageTarget": CITY_WIDE,
    "education.Venue": FOR_USER,
    "education.DistrictBase": FOR_USER,
    "education.Course": FOR_USER,
    "education.Enrolment": FOR_USER,
    "education.Guardian": FOR_USER,
    "education.Lesson": FOR_USER,
}

SCOPED_ROLES = [
    role for role, kind in ROLE_SCOPE.items() if kind in (ScopeKind.REGION, ScopeKind.ORGANISATION, ScopeKind.TEAM)
]


def _scoped_role_permissions(model) -> set[str]:
    groups = Group.objects.filter(name__in=[Role(r).label for r in SCOPED_ROLES])
    perms = Permission.objects.filter(group__in=groups, content_type__app_label=model._meta.app_label)
    return {p.codename for p in perms if p.content_type.model_class() is model}


def _rule(model) -> str:
    queryset = model._default_manager.all()
    if not hasattr(queryset, "for_user"):
        return NOT_FOR_SCOPED_ROLES
    return CITY_WIDE if getattr(queryset, "city_wide", False) else FOR_USER


def test_every_registered_admin_declares_its_scope_rule():
    registered = {model._meta.label: (model, model_admin) for model, model_admin in admin.site._registry.items()}
    assert set(registered) == set(EXPECTED), "a new admin needs its scope rule reviewed in EXPECTED"
    for label, (model, model_admin) in sorted(registered.items()):
        rule, perms = _rule(model), _scoped_role_permissions(model)
        assert rule == EXPECTED[label], label
        if rule == NOT_FOR_SCOPED_ROLES:
            assert not perms, f"{label} has no scope rule, yet scoped roles hold {sorted(perms)}"
            continue
        assert isinstance(model_admin, ScopedAdminMixin), f"{label}: the admin does not apply the scope"
        if rule == CITY_WIDE:
            assert all(p.startswith("view_") for p in perms), f"{label} is city-wide reference data: read-only"


def test_a_model_without_a_scope_rule_is_refused_to_scoped_roles(cast):
    queryset = Group.objects.all()
    assert not hasattr(queryset, "for_user")
    total = Group.objects.count()
    assert total
    for name in ("district", "secretary", "team_leader", "sysadmin"):
        assert list(scoped(queryset, getattr(cast, name))) == [], name
    assert scoped(queryset, cast.staff).count() == total
    assert scoped(queryset, cast.leader).count() == total


def test_city_wide_reference_data_is_read_by_every_scoped_role(cast):
    scheme = Scheme.objects.create(year=2025, unit_kind=UnitKind.REGION, name="2025年度考评")
    for name in ("district", "secretary", "staff"):
        assert list(scoped(Scheme.objects.all(), getattr(cast, name))) == [scheme], name


def test_scoped_roles_see_only_the_current_run_of_a_published_scheme(cast):
    draft = Scheme.objects.create(year=2025, unit_kind=UnitKind.REGION, name="2025年度考评")
    published = Scheme.objects.create(
        year=2024, unit_kind=UnitKind.REGION, name="2024年度考评", status=SchemeStatus.PUBLISHED
    )
    locked = Scheme.objects.create(
        year=2023, unit_kind=UnitKind.REGION, name="2023年度考评", status=SchemeStatus.LOCKED
    )
    draft_run = TallyRun.objects.create(scheme=draft, status=RunStatus.COMPLETED, is_current=True)
    old_run = TallyRun.objects.create(scheme=published, status=RunStatus.COMPLETED)
    current = TallyRun.objects.create(scheme=published, status=RunStatus.COMPLETED, is_current=True)
    locked_run = TallyRun.objects.create(scheme=locked, status=RunStatus.COMPLETED, is_current=True)

    for name in ("district", "secretary", "team_leader"):
        assert set(scoped(TallyRun.objects.all(), getattr(cast, name))) == {current, locked_run}, name
    assert set(scoped(TallyRun.objects.all(), cast.staff)) == {draft_run, old_run, current, locked_run}
    assert list(scoped(TallyRun.objects.all(), cast.sysadmin)) == []


def test_district_staff_see_the_rules_read_only_in_the_back_office(client, cast):
    client.force_login(cast.district)
    response = client.get("/admin/party/compliancerule/")
    assert response.status_code == 200
    assert "三会一课规则" in response.content.decode()
    assert client.get("/admin/party/compliancerule/add/").status_code == 403
