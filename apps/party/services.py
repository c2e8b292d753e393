"""Writes to Party-building records. Views, admin, imports and tasks call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from apps.core.scoping import check_writable
from apps.party.choices import (
    ActivityType,
    LogStatus,
    MembershipStatus,
    OrgKind,
    OrgStatus,
    Period,
    PostKind,
    ReviewItemKind,
    ReviewResult,
)
from apps.party.models import (
    ActivityLog,
    ComplianceRule,
    Membership,
    Organisation,
    OrganisationPost,
    ReviewItem,
    StandardisationReview,
    TrainingAttendance,
    TrainingClass,
    rule_in_force_q,
)

PATH_STEP = 8  # each level of the tree path: 7 zero-padded digits and a dot


# The tree's levels: a parent must sit strictly above its children.
KIND_RANK = {
    OrgKind.WORKING_COMMITTEE: 0,
    OrgKind.COMMITTEE: 1,
    OrgKind.GENERAL_BRANCH: 2,
    OrgKind.BRANCH: 3,
    OrgKind.GROUP: 4,
}


def _segment(pk: int) -> str:
    return f"{pk:07d}."


def organisation_check_parent(*, kind: str, parent: Organisation | None) -> None:
    """Refuse a parent that does not sit above ``kind`` in the tree."""
    if parent is not None and KIND_RANK[parent.kind] >= KIND_RANK[kind]:
        raise ValidationError({"parent": f"{OrgKind(parent.kind).label}不能作为{OrgKind(kind).label}的上级党组织。"})


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
@transaction.atomic
def organisation_create(
    *, name: str, kind: str, region, parent: Organisation | None = None, user=None, **fields
) -> Organisation:
    """Create an organisation under ``parent``. ``user`` is who asks: region and parent
    must be within his scope (``None``: the system)."""
    check_writable(user, region=region, parent=parent)
    organisation_check_parent(kind=kind, parent=parent)
    org = Organisation(name=name, kind=kind, region=region, parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    organisation_set_path(org)
    return org


# The place in the tree and its derived columns: written by create and move only.
TREE_FIELDS = {"parent", "kind", "path", "depth"}


@transaction.atomic
def organisation_update(*, organisation: Organisation, user=None, **fields) -> Organisation:
    """Change an organisation's own details (name, region, status, contact …).

    Refuses the tree fields (``organisation_move`` owns them) and writes only the fields
    given, so a stale copy — an old history version, say — never overwrites the path.
    ``user`` is who asks: the organisation and a new region must be within his scope.
    """
    tree = TREE_FIELDS & set(fields)
    if tree:
        raise ValidationError({name: "隶属关系只能通过“调整隶属关系”修改。" for name in sorted(tree)})
    check_writable(user, organisation=organisation, region=fields.get("region"))
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean(exclude=["path"])
    organisation.save(update_fields=[*fields, "updated_at"])
    return organisation


def organisation_set_path(org: Organisation) -> None:
    """Set ``path``/``depth`` of a freshly saved organisation from its parent."""
    parent_path = org.parent.path if org.parent_id else ""
    org.path = parent_path + _segment(org.pk)
    org.depth = org.path.count(".") - 1
    Organisation.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)


@transaction.atomic
def organisation_move(*, organisation: Organisation, new_parent: Organisation | None, user=None) -> Organisation:
    """Move an organisation (and its subtree) under ``new_parent``; history is kept.
    ``user`` is who asks: both must be within his scope (``None``: the system)."""
    check_writable(user, organisation=organisation, new_parent=new_parent)
    if new_parent is not None and new_parent.path.startswith(organisation.path):
        raise ValidationError({"parent": "不能把党组织移动到其自身或其下级之下。"})
    organisation_check_parent(kind=organisation.kind, parent=new_parent)
    old_path = organisation.path
    new_path = (new_parent.path if new_parent else "") + _segment(organisation.pk)
    organisation.parent = new_parent
    organisation.full_clean(exclude=["path"])
    organisation.save()
    # Rewrite the prefix of every path in the subtree in one statement.
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
    )
    depth_shift = new_path.count(".") - old_path.count(".")
    if depth_shift:
        Organisation.objects.filter(path__startswith=new_path).update(depth=F("depth") + depth_shift)
    organisation.refresh_from_db()
    return organisation


# ---------------------------------------------------------------------------
# Posts: secretary and committee, with terms
# ---------------------------------------------------------------------------
# Posts one person holds at a time; appointing a new holder ends the previous term.
SINGLE_HOLDER_POSTS = {
    PostKind.SECRETARY,
    PostKind.ORGANISATION,
    PostKind.PUBLICITY,
    PostKind.DISCIPLINE,
    PostKind.GROUP_LEADER,
}


@transaction.atomic
def post_appoint(*, organisation: Organisation, person, post: str, started_on: datetime.date) -> OrganisationPost:
    """Appoint ``person`` to ``post``; for a single-holder post the current holder's term
    ends the day before, so the history of who held it stays continuous."""
    if organisation.status != OrgStatus.ACTIVE:
        raise ValidationError("该党组织已撤销，不能任命班子成员。")
    if post in SINGLE_HOLDER_POSTS:
        current = list(
            OrganisationPost.objects.select_for_update().filter(organisation=organisation, post=post).current()
        )
        for old in current:
            if old.started_on >= started_on:
                raise ValidationError(
                    {"started_on": f"任职时间须晚于现任{old.get_post_display()}的任职时间（{old.started_on}）。"}
                )
            post_end(post=old, ended_on=started_on - datetime.timedelta(days=1))
    new = OrganisationPost(organisation=organisation, person=person, post=post, started_on=started_on)
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def post_end(*, post: OrganisationPost, ended_on: datetime.date) -> OrganisationPost:
    """End a term of office."""
    if post.ended_on is not None:
        raise ValidationError("该任职已结束。")
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": "离任时间不能早于任职时间。"})
    post.ended_on = ended_on
    post.full_clean()
    post.save()
    return post


# ---------------------------------------------------------------------------
# Membership: join, transfer, leave — one current membership, a complete history
# ---------------------------------------------------------------------------
def _check_receiving(organisation: Organisation) -> None:
    if organisation.status != OrgStatus.ACTIVE:
        raise ValidationError({"organisation": "该党组织已撤销，不能接收党员。"})
    if organisation.kind not in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE):
        raise ValidationError(
            {"organisation": "党员组织关系应隶属于党支部（党总支、党委），不能直接编入工委或党小组。"}
        )


def membership_check_join(
    *, person, organisation: Organisation, joined_on: datetime.date, joined_party_on: datetime.date | None = None
) -> None:
    """The rules for opening a membership, shared by the service and the admin form."""
    from apps.core.validators import validate_joined_party_on

    try:
        validate_joined_party_on(joined_party_on, birth_date=getattr(person, "birth_date", None))
    except ValidationError as exc:
        raise ValidationError({"joined_party_on": exc.messages}) from exc
    _check_receiving(organisation)
    if Membership.objects.filter(person=person).current().exists():
        raise ValidationError("该党员已有在册的组织关系，请先办理转出。")
    if joined_party_on and joined_on and joined_party_on > joined_on:
        raise ValidationError({"joined_party_on": "入党时间不能晚于转入本支部时间。"})


@transaction.atomic
def membership_join(
    *,
    person,
    organisation: Organisation,
    joined_on: datetime.date,
    joined_party_on: datetime.date | None = None,
    counterpart: str = "",
    note: str = "",
    user=None,
) -> Membership:
    """Open ``person``'s membership of ``organisation``. With ``counterpart`` (where the
    relation came from, outside this system) the status is 转入, otherwise 正常. ``user`` is
    who asks: person and organisation must be within his scope (``None``: the system)."""
    check_writable(user, person=person, organisation=organisation)
    # Lock the person's memberships so two concurrent joins cannot both pass the check
    # (the partial unique constraint is the last line of defence).
    list(Membership.objects.select_for_update().filter(person=person))
    membership_check_join(
        person=person, organisation=organisation, joined_on=joined_on, joined_party_on=joined_party_on
    )
    membership = Membership(
        person=person,
        organisation=organisation,
        joined_on=joined_on,
        joined_party_on=joined_party_on,
        counterpart=counterpart,
        note=note,
        status=MembershipStatus.TRANSFERRED_IN if counterpart else MembershipStatus.NORMAL,
    )
    membership.full_clean()
    membership.save()
    return membership


def _close(membership: Membership, *, on: datetime.date, status: str, counterpart: str = "") -> Membership:
    if membership.left_on is not None:
        raise ValidationError("该组织关系已不在册，不能重复办理。")
    if on < membership.joined_on:
        raise ValidationError({"left_on": f"转出（离开）时间不能早于转入本支部时间（{membership.joined_on}）。"})
    membership.left_on = on
    membership.status = status
    membership.counterpart = counterpart or membership.counterpart
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_transfer(
    *,
    membership: Membership,
    on: datetime.date,
    to_organisation: Organisation | None = None,
    counterpart: str = "",
    user=None,
) -> Membership:
    """Transfer a member on ``on``: to ``to_organisation`` in this system (the current
    membership is closed as 转出 and a 转入 membership opened there, so the branch history is
    complete), or out of the system to ``counterpart`` (closed only).

    Returns the new membership, or the closed one for a transfer out of the system.
    ``user`` is who asks: the membership and the receiving organisation must be within his
    scope (``None``: the system).
    """
    check_writable(user, membership=membership, to_organisation=to_organisation)
    if (to_organisation is None) == (not counterpart):
        raise ValidationError("请选择转入的党组织，或填写系统外的转入单位（二者选一）。")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if to_organisation is not None and to_organisation.pk == membership.organisation_id:
        raise ValidationError({"organisation": "转入的党组织与当前所在党组织相同。"})
    if to_organisation is None:
        return _close(membership, on=on, status=MembershipStatus.TRANSFERRED_OUT, counterpart=counterpart)
    _check_receiving(to_organisation)
    source = membership.organisation
    _close(membership, on=on, status=MembershipStatus.TRANSFERRED_OUT, counterpart=to_organisation.name)
    new = Membership(
        person_id=membership.person_id,
        organisation=to_organisation,
        joined_party_on=membership.joined_party_on,
        joined_on=on,
        status=MembershipStatus.TRANSFERRED_IN,
        counterpart=source.name,
    )
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def membership_mark_deceased(*, membership: Membership, on: datetime.date) -> Membership:
    """Close the membership of a member who died on ``on``, and record the death on the
    person (through the people service)."""
    from apps.people.choices import PersonStatus
    from apps.people.services import person_update

    membership = Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    _close(membership, on=on, status=MembershipStatus.DECEASED)
    if membership.person.status != PersonStatus.DECEASED:
        person_update(person=membership.person, status=PersonStatus.DECEASED)
    return membership


# ---------------------------------------------------------------------------
# 领头雁 training: enrolment within the seats
# ---------------------------------------------------------------------------
@transaction.atomic
def training_enrol(
    *, training_class: TrainingClass, person, organisation: Organisation | None = None, attended: bool = True
) -> TrainingAttendance:
    """Enrol ``person`` in ``training_class`` if a seat is left.

    The class row is locked (``SELECT … FOR UPDATE``) while seats are counted, so two
    people enrolling at once cannot both take the last seat.
    """
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    taken = TrainingAttendance.objects.filter(training_class=locked).count()
    if TrainingAttendance.objects.filter(training_class=locked, person=person).exists():
        raise ValidationError("该学员已报名本培训班。")
    if taken >= locked.capacity:
        raise ValidationError(f"培训班名额已满（共 {locked.capacity} 个名额）。")
    attendance = TrainingAttendance(training_class=locked, person=person, organisation=organisation, attended=attended)
    attendance.full_clean()
    attendance.save()
    TrainingClass.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    return attendance


# ---------------------------------------------------------------------------
# 六有一提升 reviews
# ---------------------------------------------------------------------------
@transaction.atomic
def review_create(
    *,
    organisation: Organisation,
    year: int,
    result: str,
    reviewer: str = "",
    reviewed_on: datetime.date | None = None,
    items: dict[str, tuple[bool, str]] | None = None,
    note: str = "",
) -> StandardisationReview:
    """A review of ``organisation`` for ``year`` with all seven checklist items
    (``items`` maps an item kind to ``(passed, evidence)``; missing ones start unchecked).
    A review cannot pass while an item fails."""
    items = items or {}
    unknown = set(items) - set(ReviewItemKind.values)
    if unknown:
        raise ValidationError(f"未知的检查项：{'、'.join(sorted(unknown))}")
    review = StandardisationReview(
        organisation=organisation, year=year, result=result, reviewer=reviewer, reviewed_on=reviewed_on, note=note
    )
    review.full_clean()
    review_check_result(result=result, passed=[items.get(k, (False, ""))[0] for k in ReviewItemKind.values])
    review.save()
    ReviewItem.objects.bulk_create(
        ReviewItem(
            review=review, item=kind, passed=items.get(kind, (False, ""))[0], evidence=items.get(kind, (False, ""))[1]
        )
        for kind in ReviewItemKind.values
    )
    return review


def review_check_result(*, result: str, passed: list[bool]) -> None:
    """通过 needs every checklist item met."""
    if result == ReviewResult.PASSED and not all(passed):
        raise ValidationError({"result": "仍有检查项未达标，结论不能为“通过”，请选择“整改”或“未通过”。"})


# ---------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------
# A thematic Party day counts as logged once the secretary has submitted it; a draft or a
# log sent back for changes does not.
THEME_DAY_LOGGED_STATUSES = (LogStatus.SUBMITTED, LogStatus.APPROVED)


def theme_day_reminder_key(*, organisation_id: int, year: int, month: int, user_id: int) -> str:
    return f"theme_day:{organisation_id}:{year:04d}-{month:02d}:{user_id}"


def theme_day_reminders_send(*, on: datetime.date) -> int:
    """Notify each serving secretary whose branch has not logged this month's thematic
    Party day (submitted or approved) by ``on``: an in-app notice, and an e-mail when the
    user has an address and a mail server is configured. A notice's ``dedupe_key`` (branch,
    month, user) makes a second run in the same month send nothing. Returns how many were
    notified. Does nothing when no active monthly rule asks for a thematic Party day.
    """
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from apps.accounts.choices import Role
    from apps.accounts.models import User
    from apps.core.models import Notice

    # The version in force on the month's first day decides (as apps.party.compliance does).
    if not ComplianceRule.objects.filter(
        rule_in_force_q(on.replace(day=1)),
        active=True,
        activity_type=ActivityType.THEME_DAY,
        period=Period.MONTH,
        org_kind=OrgKind.BRANCH,
    ).exists():
        return 0
    logged = ActivityLog.objects.filter(
        activity_type=ActivityType.THEME_DAY,
        status__in=THEME_DAY_LOGGED_STATUSES,
        held_on__year=on.year,
        held_on__month=on.month,
    ).values("organisation_id")
    secretaries = list(
        User.objects.filter(
            role=Role.SECRETARY,
            is_active=True,
            scope_organisation__kind=OrgKind.BRANCH,
            scope_organisation__status=OrgStatus.ACTIVE,
        )
        .exclude(scope_organisation__in=logged)
        .select_related("scope_organisation")
        .order_by("pk")
    )
    keyed = {
        theme_day_reminder_key(
            organisation_id=user.scope_organisation_id, year=on.year, month=on.month, user_id=user.pk
        ): user
        for user in secretaries
    }
    already = set(Notice.objects.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    fresh = {key: user for key, user in keyed.items() if key not in already}
    if not fresh:
        return 0
    title = f"请及时开展{on.month}月主题党日"
    link = reverse("workspace:home")
    Notice.objects.bulk_create(
        [
            Notice(
                user=user,
                title=title,
                body=(
                    f"{user.scope_organisation.name}本月（{on.year}年{on.month}月）尚未填报主题党日活动。"
                    "请在月底前组织开展，并在工作台填报、提交审核。"
                ),
                link=link,
                dedupe_key=key,
            )
            for key, user in fresh.items()
        ],
        ignore_conflicts=True,  # a concurrent run may have got there first
    )
    if settings.EMAIL_HOST:
        for user in fresh.values():
            if user.email:
                send_mail(
                    subject=f"【老干部工作信息平台】{title}",
                    message=(
                        f"{user}同志：\n\n{user.scope_organisation.name}本月（{on.year}年{on.month}月）"
                        "尚未填报主题党日活动。请在月底前组织开展，并登录平台工作台填报、提交审核。\n\n"
                        "扬州市委老干部局"
                    ),
                    from_email=None,
                    recipient_list=[user.email],
                    fail_silently=True,
                )
    return len(fresh)


# ---------------------------------------------------------------------------
# 三会一课 rules
# ---------------------------------------------------------------------------
# The obligations every branch starts with (migration 0002 installs the same); bureau
# staff may edit them afterwards in the back office.
DEFAULT_COMPLIANCE_RULES = [
    (ActivityType.THEME_DAY, Period.MONTH, 1, "主题党日每月一次"),
    (ActivityType.COMMITTEE_MEETING, Period.MONTH, 1, "支委会每月一次"),
    (ActivityType.GROUP_MEETING, Period.MONTH, 1, "党小组会每月一次"),
    (ActivityType.MEMBER_MEETING, Period.QUARTER, 1, "支部党员大会每季度一次"),
    (ActivityType.LECTURE, Period.QUARTER, 1, "党课每季度一次"),
]


def compliance_rules_ensure_defaults() -> int:
    """Create the default rules that are missing (after a database flush, say), valid from
    the beginning; rules that exist, in any version, are left alone. Returns how many were
    created."""
    created = 0
    for activity_type, period, count, note in DEFAULT_COMPLIANCE_RULES:
        key = {"activity_type": activity_type, "period": period, "org_kind": OrgKind.BRANCH}
        if not ComplianceRule.objects.filter(**key).exists():
            ComplianceRule.objects.create(**key, required_count=count, note=note)
            created += 1
    return created


def _check_rule_date(day: datetime.date, *, label: str) -> None:
    # Periods already begun keep the rule they began under: a change applies from today on.
    if day < timezone.localdate():
        raise ValidationError({label: "规则调整只能自今日或以后生效；已经过去的时段仍按当时有效的规则计算。"})


def compliance_rule_check_create(*, activity_type: str, period: str, org_kind: str, valid_from: datetime.date) -> None:
    """The rules for adding a rule, shared by the service and the admin form: from today
    on, and no version of the same activity type, period and kind in force then or later."""
    _check_rule_date(valid_from, label="valid_from")
    # The partial unique constraint (one open version) backs this up under concurrency.
    overlapping = ComplianceRule.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from),
        activity_type=activity_type,
        period=period,
        org_kind=org_kind,
    )
    if overlapping.exists():
        raise ValidationError(
            "该活动类型、周期和适用组织已有在该日期有效的规则；如需调整，请在原规则上使用“修订规则”。"
        )


@transaction.atomic
def compliance_rule_create(
    *,
    activity_type: str,
    period: str,
    required_count: int,
    org_kind: str = OrgKind.BRANCH,
    valid_from: datetime.date | None = None,
    note: str = "",
) -> ComplianceRule:
    """Add a rule for an activity type, period and kind of organisation that has no
    version in force from ``valid_from`` (default today) on. To change a rule that exists,
    revise it (:func:`compliance_rule_revise`)."""
    valid_from = valid_from or timezone.localdate()
    compliance_rule_check_create(activity_type=activity_type, period=period, org_kind=org_kind, valid_from=valid_from)
    rule = ComplianceRule(
        activity_type=activity_type,
        period=period,
        required_count=required_count,
        org_kind=org_kind,
        valid_from=valid_from,
        note=note,
    )
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def compliance_rule_revise(
    *, rule: ComplianceRule, valid_from: datetime.date, required_count: int, note: str | None = None
) -> ComplianceRule:
    """Change a rule from ``valid_from`` on: the version in force is closed the day before
    and a new version with ``required_count`` added, so periods begun earlier keep the
    old rule (and locked tally results their figures). Returns the new version."""
    rule = ComplianceRule.objects.select_for_update().get(pk=rule.pk)
    if rule.valid_to is not None:
        raise ValidationError("该规则版本已停止执行，不能再修订；请修订现行有效的版本。")
    _check_rule_date(valid_from, label="valid_from")
    if valid_from <= rule.valid_from:
        raise ValidationError({"valid_from": f"新版本的生效日期须晚于原版本的生效日期（{rule.valid_from}）。"})
    if required_count == rule.required_count and (note is None or note == rule.note):
        raise ValidationError("新版本与现行规则相同，无需修订。")
    rule.valid_to = valid_from - datetime.timedelta(days=1)
    rule.full_clean()
    rule.save()
    new = ComplianceRule(
        activity_type=rule.activity_type,
        period=rule.period,
        org_kind=rule.org_kind,
        required_count=required_count,
        valid_from=valid_from,
        note=rule.note if note is None else note,
    )
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def compliance_rule_close(*, rule: ComplianceRule, valid_to: datetime.date) -> ComplianceRule:
    """Stop a rule after ``valid_to`` (its last day in force): periods beginning later owe
    nothing under it; the periods before keep it."""
    rule = ComplianceRule.objects.select_for_update().get(pk=rule.pk)
    if rule.valid_to is not None:
        raise ValidationError("该规则版本已停止执行。")
    _check_rule_date(valid_to, label="valid_to")
    if valid_to < rule.valid_from:
        raise ValidationError({"valid_to": "失效日期不能早于生效日期。"})
    rule.valid_to = valid_to
    rule.full_clean()
    rule.save()
    return rule
