"""Role × URL rows for 绿扬霞光: the back office of every volunteers model, the team
leader's workspace, the printable certificate and the public verification page."""

import datetime
from decimal import Decimal

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page, outcome
from tests.access.table_excel import process_import_page

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}
LEADER = {"team_leader"}
DAY = datetime.date(2026, 3, 2)


def admin_page(ok: set, path) -> Page:
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        expect[role] = 302 if role not in STAFF_ROLES else (200 if role in ok else 403)
    return Page(path, expect)


def _hj():
    return f.region("邗江区")


def _member(team, region=None):
    return f.TeamMemberFactory(team=team, person=f.PersonFactory(region=region or team.region))


def _category():
    from apps.volunteers.models import ServiceCategory

    return ServiceCategory.objects.get(name="政策宣讲")


def _new_category():
    from apps.volunteers.models import ServiceCategory

    return ServiceCategory.objects.create(name="助老陪伴")


def _star():
    from apps.volunteers.models import StarLevel

    return StarLevel.objects.create(stars=6, name="六星志愿者", min_hours=2000)


def _activity(team):
    from apps.volunteers.models import Activity
    from apps.volunteers.services import activity_save

    return activity_save(
        activity=Activity(
            team=team,
            title="政策宣讲进社区",
            date=DAY,
            place="东关社区",
            content="宣讲",
            risk_notice="注意安全",
            category=_category(),
        )
    )


def _record(team):
    from apps.volunteers.services import HoursEntry, records_enter

    (record,) = records_enter(activity=_activity(team), entries=[HoursEntry(member=_member(team), hours=Decimal(2))])
    return record


def _signup(team):
    from apps.volunteers.models import SignUp

    return SignUp.objects.create(activity=_activity(team), member=_member(team))


def _certificate(team, *, issued=False):
    from apps.volunteers import services

    record = _record(team)
    cert = services.certificate_request(member=record.member, period_start=DAY, period_end=DAY)
    if issued:
        services.records_confirm(records=[record], user=None)
        cert = services.certificate_accept(certificate=cert, user=None)
        cert = services.certificate_issue(
            certificate=cert, person_in_charge="王局长", handler="李经办", contact="", user=None
        )
    return cert


def _project(team):
    from apps.volunteers.models import ServiceProject

    return ServiceProject.objects.create(team=team, name=f"{team.name}宣讲", category=_category())


def _honour(team):
    from apps.volunteers.models import Honour

    return Honour.objects.create(
        name="最美志愿服务团队", level="city", awarded_on=DAY, awarding_body="市文明办", team=team
    )


def _media(team):
    from apps.volunteers.models import MediaItem

    return MediaItem.objects.create(
        outlet="《银潮》", level="provincial", published_on=DAY, title="银龄风采", team=team
    )


def _position(team):
    from apps.volunteers.models import Position

    return Position.objects.create(activity=_activity(team), name="引导员", required=2)


def _star_award(team):
    from apps.volunteers.models import StarAward, StarLevel

    return StarAward.objects.create(
        member=_member(team), level=StarLevel.objects.get(stars=1), hours=Decimal(120), notice_start=DAY, notice_end=DAY
    )


def _training(team):
    from apps.volunteers.services import training_record

    return training_record(
        member=_member(team), name="骨干培训", content="应急救护", hours=Decimal(2), organiser="市委老干部局", date=DAY
    )


def _evaluation(team):
    from apps.volunteers.services import evaluation_record

    return evaluation_record(
        member=_member(team), kind="evaluation", evaluator="服务对象", date=DAY, content="热情", rating="good"
    )


def _region_of(team):
    # Alliance members, meetings and campaigns belong to a region (or to the whole city).
    return team.region


def _alliance(team):
    from apps.volunteers.models import AllianceMember
    from apps.volunteers.services import alliance_member_save

    n = AllianceMember.objects.count() + 1
    return alliance_member_save(
        member=AllianceMember(
            name=f"{team.region.name}老年协会{n}",
            kind="association",
            region=_region_of(team),
            contact_person="王主任",
            contact_phone="13812345678",
            joined_on=DAY,
        )
    )


def _meeting(team):
    from apps.volunteers.models import FollowUpItem, JointMeeting
    from apps.volunteers.services import follow_up_save, meeting_save

    meeting = meeting_save(
        meeting=JointMeeting(
            title="联席会议", held_on=DAY, place="老干部局", region=_region_of(team), topics="议题", decisions="事项"
        ),
        alliance_attendees=[_alliance(team)],
    )
    follow_up_save(item=FollowUpItem(meeting=meeting, task="报送方案", owner="老年协会", working_days=5))
    return meeting


def _campaign(team):
    from apps.volunteers.models import Campaign

    n = Campaign.objects.count() + 1
    return Campaign.objects.create(name=f"{team.region.name}专项行动{n}", region=_region_of(team))


def _correction(team):
    from apps.volunteers.services import correction_request

    return correction_request(record=_record(team), channel="self", description="时长有误")


def _omission(team):
    """A missing record asked for: an activity of the team, a volunteer with no record of it."""
    from apps.volunteers.services import omission_request

    return omission_request(
        member=_member(team),
        activity=_activity(team),
        hours=Decimal(2),
        channel="self",
        description="漏记",
        today=DAY + datetime.timedelta(days=3),
    )


def _objection(team):
    from apps.volunteers.services import certificate_object

    return certificate_object(certificate=_certificate(team, issued=True), raised_by="队员", content="时长偏多")


def _rule():
    from apps.volunteers.models import RecordRule

    rule = RecordRule.objects.get(kind="correction")
    rule.save()  # loaded by the migration without history: one version to open
    return rule


def _scoped(make):
    """``obj`` in cast.team (广陵区), ``outside`` in cast.other_team (邗江区)."""
    return {"obj": lambda cast: make(cast.team), "outside": lambda cast: make(cast.other_team)}


def _obj_page(label, suffix, ok, make):
    return admin_page(ok, lambda cast: f"/admin/volunteers/{label}/{make(cast.team).pk}/{suffix}/")


ADMIN = {
    "volunteers.team": AdminModel(
        obj=lambda cast: cast.team, outside=lambda cast: cast.other_team, view=VIEW, add=EDIT, change=EDIT, delete=EDIT
    ),
    "volunteers.teammember": AdminModel(
        obj=lambda cast: _member(cast.team),
        outside=lambda cast: _member(cast.other_team, _hj()),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={
            "process_import": process_import_page("volunteers_teammember", EDIT),
            "pause_action": _obj_page("teammember", "pause", EDIT, _member),
            "resume_action": _obj_page("teammember", "resume", EDIT, _member),
            "leave_action": _obj_page("teammember", "leave", EDIT, _member),
        },
    ),
    "volunteers.servicecategory": AdminModel(
        obj=lambda cast: _new_category(),
        unscoped="the service menu is the bureau's reference list, the same for every team",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "volunteers.starlevel": AdminModel(
        obj=lambda cast: _star(),
        unscoped="star thresholds are the bureau's reference data, the same for every team",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
    "volunteers.serviceproject": AdminModel(**_scoped(_project), view=VIEW, add=EDIT, change=EDIT, delete=EDIT),
    "volunteers.activity": AdminModel(**_scoped(_activity), view=VIEW, add=EDIT, change=EDIT, delete=EDIT),
    "volunteers.signup": AdminModel(**_scoped(_signup), view=VIEW, add=EDIT, change=EDIT, delete=EDIT),
    "volunteers.servicerecord": AdminModel(
        **_scoped(_record),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("volunteers_servicerecord", EDIT)},
    ),
    "volunteers.certificate": AdminModel(
        **_scoped(_certificate),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={
            "accept_action": _obj_page("certificate", "accept", EDIT, _certificate),
            "issue_action": _obj_page("certificate", "issue", EDIT, _certificate),
            "revoke_action": _obj_page("certificate", "revoke", EDIT, _certificate),
            "object_action": _obj_page("certificate", "object", EDIT, _certificate),
        },
    ),
    "volunteers.recordrule": AdminModel(
        obj=lambda cast: _rule(),
        unscoped="the deadlines of corrections and certificate notices are the bureau's rules for the city",
        view=VIEW,
        add=set(),
        change={"staff"},
        delete={"staff"},
    ),
    "volunteers.trainingrecord": AdminModel(
        **_scoped(_training),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("volunteers_trainingrecord", EDIT)},
    ),
    "volunteers.evaluationrecord": AdminModel(
        **_scoped(_evaluation), view=VIEW, add=EDIT, change=EDIT, delete=EDIT, exp=VIEW
    ),
    "volunteers.alliancemember": AdminModel(
        **_scoped(_alliance),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("volunteers_alliancemember", EDIT)},
    ),
    "volunteers.jointmeeting": AdminModel(**_scoped(_meeting), view=VIEW, add=EDIT, change=EDIT, delete=EDIT, exp=VIEW),
    "volunteers.campaign": AdminModel(
        **_scoped(_campaign),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={"figures_action": _obj_page("campaign", "figures", VIEW, _campaign)},
    ),
    "volunteers.correctionrequest": AdminModel(
        **_scoped(_correction),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        extra={
            "accept_action": _obj_page("correctionrequest", "accept", EDIT, _correction),
            "refuse_action": _obj_page("correctionrequest", "refuse", EDIT, _correction),
        },
    ),
    # Objections are raised from the certificate on notice, never added here.
    "volunteers.certificateobjection": AdminModel(
        **_scoped(_objection),
        view=VIEW,
        add=set(),
        change=EDIT,
        delete=EDIT,
        extra={"resolve_action": _obj_page("certificateobjection", "resolve", EDIT, _objection)},
    ),
    # Star notices are opened from confirmed hours, never added by hand.
    "volunteers.staraward": AdminModel(**_scoped(_star_award), view=VIEW, add=set(), change=EDIT, delete=EDIT),
    "volunteers.honour": AdminModel(**_scoped(_honour), view=VIEW, add=EDIT, change=EDIT, delete=EDIT),
    "volunteers.mediaitem": AdminModel(**_scoped(_media), view=VIEW, add=EDIT, change=EDIT, delete=EDIT),
}

# Staff and the leadership see certificates in their scope; the team leader his team's.
CERT_READERS = {"leader", "staff", "district", "team_leader"}

PAGES = {
    # The former addresses of the team leader's pages: 308 to the workspace, for anyone
    # (the page there checks who is asking).
    "volunteers:team_moved": Page("/volunteers/team/hours/", {role: 308 for role in ["anonymous", *ALL_SIGNED_IN]}),
    "workspace:team_activity_new": Page("/workspace/team/activities/new/", outcome(LEADER)),
    "workspace:team_activity_hours": Page(
        lambda cast: f"/workspace/team/activities/{_activity(cast.team).pk}/hours/", outcome(LEADER)
    ),
    "workspace:team_activity_detail": Page(
        lambda cast: f"/workspace/team/activities/{_activity(cast.team).pk}/", outcome(LEADER)
    ),
    "workspace:team_pending_hours": Page("/workspace/team/hours/", outcome(LEADER)),
    "workspace:team_volunteer_list": Page("/workspace/team/volunteers/", outcome(LEADER)),
    "workspace:team_volunteer_record": Page(
        lambda cast: f"/workspace/team/volunteers/{_member(cast.team).pk}/", outcome(LEADER)
    ),
    # POST with nothing ticked: back to the list with a message.
    "workspace:team_hours_confirm": Page(
        "/workspace/team/hours/confirm/", outcome(LEADER, ok_status=302), method="post", data={}
    ),
    "workspace:team_hours_return": Page(
        lambda cast: f"/workspace/team/hours/{_record(cast.team).pk}/return/", outcome(LEADER)
    ),
    "volunteers:certificate_print": Page(
        lambda cast: f"/volunteers/certificates/{_certificate(cast.team, issued=True).pk}/print/",
        outcome(CERT_READERS),
    ),
    # Public: anyone, signed in or not.
    "volunteers:verify": Page("/volunteers/verify/", {role: 200 for role in ["anonymous", *ALL_SIGNED_IN]}),
    # Published inside the unit: whoever may read certificates, in his scope.
    "volunteers:certificate_notice": Page("/volunteers/certificates/notice/", outcome(CERT_READERS)),
    # Correction requests in the team leader's workspace; the former addresses 308 there.
    "volunteers:corrections_moved": Page(
        "/volunteers/corrections/12/", {role: 308 for role in ["anonymous", *ALL_SIGNED_IN]}
    ),
    "workspace:team_corrections": Page("/workspace/team/corrections/", outcome(LEADER)),
    "workspace:team_correction_new": Page(
        lambda cast: f"/workspace/team/corrections/new/{_member(cast.team).pk}/", outcome(LEADER)
    ),
    "workspace:team_correction_handle": Page(
        lambda cast: f"/workspace/team/corrections/{_correction(cast.team).pk}/", outcome(LEADER)
    ),
    "workspace:team_correction_handle (missing record)": Page(
        lambda cast: f"/workspace/team/corrections/{_omission(cast.team).pk}/", outcome(LEADER)
    ),
    # 我的志愿服务: a volunteer's own account (no role; tests/volunteers/test_mine.py signs
    # one in). Nobody of the cast is a volunteer himself: 403, whatever record is asked for.
    "volunteers:mine": Page("/volunteers/mine/", outcome(set())),
    "volunteers:mine_record_correction": Page(
        lambda cast: f"/volunteers/mine/records/{_record(cast.team).pk}/correction/", outcome(set())
    ),
    "volunteers:mine_omission": Page("/volunteers/mine/omitted/", outcome(set())),
}

# Out-of-scope objects of the portal pages: a 404 for the team leader and the district.
OUTSIDE_PAGES = {
    "volunteer_record": lambda cast: f"/workspace/team/volunteers/{_member(cast.other_team, _hj()).pk}/",
    "activity_hours": lambda cast: f"/workspace/team/activities/{_activity(cast.other_team).pk}/hours/",
    "activity_detail": lambda cast: f"/workspace/team/activities/{_activity(cast.other_team).pk}/",
    "hours_return": lambda cast: f"/workspace/team/hours/{_record(cast.other_team).pk}/return/",
    "certificate_print": lambda cast: (
        f"/volunteers/certificates/{_certificate(cast.other_team, issued=True).pk}/print/"
    ),
    "correction_new": lambda cast: f"/workspace/team/corrections/new/{_member(cast.other_team, _hj()).pk}/",
    "correction_handle": lambda cast: f"/workspace/team/corrections/{_correction(cast.other_team).pk}/",
    "omission_handle": lambda cast: f"/workspace/team/corrections/{_omission(cast.other_team).pk}/",
}
