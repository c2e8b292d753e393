"""Reminders and the escalation ladder of 丹心向党, run daily by Celery beat (brand.py).

- an open item ``remind_days_before`` working days before its deadline: its owner;
- an overdue item climbs a ladder, in working days overdue: the owner (from the first
  day), the leader in charge (``escalate_leader_after``), the bureau head
  (``escalate_head_after``) — days from the item's class's policy;
- a 回头看 due within a week, a rule whose review is due within 30 days or past, a contact
  point whose visit is overdue: the person responsible.

Each goes out as an in-app notice and, when the user has an address and a mail server is
configured, an e-mail. A notice's ``dedupe_key`` makes a rerun on the same day, or the
next day at the same rung, send nothing again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse

from apps.core.models import Notice
from apps.core.workdays import WorkingCalendar
from apps.workforce import choices as c
from apps.workforce.models import (
    OPEN_STATUSES,
    ContactPoint,
    RectificationItem,
    RectificationPolicy,
    RectificationRecheck,
    Rule,
    StaffMember,
)

RECHECK_NOTICE_DAYS = 7
RULE_NOTICE_DAYS = 30
LADDER = {1: "责任人", 2: "责任领导", 3: "局主要负责人"}


@dataclass
class Message:
    key: str
    user: object
    title: str
    body: str
    link: str


def _item_link(item_id: int) -> str:
    return reverse("admin:workforce_rectificationitem_change", args=[item_id])


def _heads(region_id: int, heads: list[StaffMember]) -> list[StaffMember]:
    """The bureau head(s) over an item: those of its region, else the city bureau's."""
    local = [h for h in heads if h.region_id == region_id]
    return local or [h for h in heads if h.region.kind == "city"]


def rectification_messages(on: datetime.date) -> tuple[list[Message], dict[int, int]]:
    """The reminders and escalations due ``on``, and each escalated item's new rung."""
    policies = {p.rect_class: p for p in RectificationPolicy.objects.all()}
    items = list(
        RectificationItem.objects.filter(status__in=OPEN_STATUSES)
        .select_related("owner_staff__user", "leader__user")
        .order_by("deadline", "pk")
    )
    heads = list(StaffMember.objects.filter(is_bureau_head=True, left_on__isnull=True).select_related("user", "region"))
    if not items:
        return [], {}
    cal = WorkingCalendar(
        min(min(i.deadline for i in items), on) - datetime.timedelta(days=1), on + datetime.timedelta(days=60)
    )
    messages, rungs = [], {}
    for item in items:
        policy = policies.get(item.rect_class)
        if policy is None:
            continue
        link = _item_link(item.pk)
        if item.deadline >= on:
            left = cal.working_days_between(on, item.deadline)
            if left <= policy.remind_days_before and item.owner_staff and item.owner_staff.user:
                messages.append(
                    Message(
                        f"wf:remind:{item.pk}:{item.deadline}",
                        item.owner_staff.user,
                        f"整改事项将于{item.deadline:%Y-%m-%d}到期",
                        f"“{item}”距整改时限还有{left}个工作日，请抓紧推进并上传佐证材料。",
                        link,
                    )
                )
            continue
        late = cal.working_days_between(item.deadline, on)
        rung = 1
        if late >= policy.escalate_leader_after:
            rung = 2
        if late >= policy.escalate_head_after:
            rung = 3
        recipients = {1: [item.owner_staff], 2: [item.leader], 3: _heads(item.region_id, heads)}
        for level in range(1, rung + 1):
            for staff in recipients[level]:
                if staff is None or staff.user is None:
                    continue
                messages.append(
                    Message(
                        f"wf:overdue:{item.pk}:{item.deadline}:{level}:{staff.user.pk}",
                        staff.user,
                        f"整改事项已逾期{late}个工作日（提醒{LADDER[level]}）",
                        f"“{item}”的整改时限为{item.deadline:%Y-%m-%d}，已逾期{late}个工作日，"
                        f"责任人：{item.owner_display or '未指定'}。请督促尽快整改到位。",
                        link,
                    )
                )
        if rung > item.escalation_level:
            rungs[item.pk] = rung
    return messages, rungs


def other_messages(on: datetime.date) -> list[Message]:
    messages = []
    rechecks = RectificationRecheck.objects.filter(
        result=c.RecheckResult.SCHEDULED, due_on__lte=on + datetime.timedelta(days=RECHECK_NOTICE_DAYS)
    ).select_related("item__owner_staff__user", "item__leader__user")
    for recheck in rechecks:
        for staff in (recheck.item.owner_staff, recheck.item.leader):
            if staff and staff.user:
                messages.append(
                    Message(
                        f"wf:recheck:{recheck.pk}:{staff.user.pk}",
                        staff.user,
                        f"整改事项回头看将于{recheck.due_on:%Y-%m-%d}到期",
                        f"已销号事项“{recheck.item}”需开展回头看，请核查整改成效是否巩固。",
                        reverse("admin:workforce_rectificationrecheck_change", args=[recheck.pk]),
                    )
                )
    rules = Rule.objects.filter(
        superseded_by__isnull=True, review_due__lte=on + datetime.timedelta(days=RULE_NOTICE_DAYS)
    ).select_related("owner__user")
    for rule in rules:
        if rule.owner and rule.owner.user:
            state = "已超过评估日期" if rule.review_due < on else "即将到评估日期"
            messages.append(
                Message(
                    f"wf:rule:{rule.pk}:{rule.review_due}",
                    rule.owner.user,
                    f"内控制度{state}",
                    f"《{rule.title}》（{rule.number}）的评估日期为{rule.review_due:%Y-%m-%d}，请组织评估。",
                    reverse("admin:workforce_rule_change", args=[rule.pk]),
                )
            )
    for point in overdue_points(on):
        if point.leader.user:
            messages.append(
                Message(
                    f"wf:contact:{point.pk}:{point.next_due}",
                    point.leader.user,
                    "联系点走访已逾期",
                    f"联系点“{point.name}”应于{point.next_due:%Y-%m-%d}前走访，请尽快安排。",
                    reverse("admin:workforce_contactpoint_change", args=[point.pk]),
                )
            )
    return messages


def point_status(on: datetime.date) -> list[ContactPoint]:
    """Every active contact point with ``last_visit`` (up to ``on``) and ``next_due``: the
    last visit, or the start, plus the cadence (one query)."""
    from apps.workforce.services import _add_months

    points = list(
        ContactPoint.objects.filter(active=True)
        .annotate(last_visit=Max("visits__visited_on", filter=Q(visits__visited_on__lte=on)))
        .select_related("leader__user", "region")
        .order_by("pk")
    )
    for point in points:
        point.next_due = _add_months(point.last_visit or point.since, point.visit_every_months)
    return points


def overdue_points(on: datetime.date) -> list[ContactPoint]:
    """Active contact points whose next visit is past."""
    return [point for point in point_status(on) if point.next_due < on]


@transaction.atomic
def reminders_send(*, on: datetime.date) -> int:
    """Send what is due ``on``; returns how many notices went out."""
    messages, rungs = rectification_messages(on)
    messages += other_messages(on)
    keyed = {m.key: m for m in messages}
    already = set(Notice.objects.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    fresh = [m for k, m in keyed.items() if k not in already]
    Notice.objects.bulk_create(
        [Notice(user=m.user, title=m.title, body=m.body, link=m.link, dedupe_key=m.key) for m in fresh],
        ignore_conflicts=True,
    )
    for rung in set(rungs.values()):
        RectificationItem.objects.filter(pk__in=[pk for pk, r in rungs.items() if r == rung]).update(
            escalation_level=rung
        )
    if settings.EMAIL_HOST:
        for m in fresh:
            if m.user.email:
                transaction.on_commit(
                    lambda m=m: send_mail(
                        subject=f"【老干部工作信息平台】{m.title}",
                        message=f"{m.user}同志：\n\n{m.body}\n\n扬州市委老干部局",
                        from_email=None,
                        recipient_list=[m.user.email],
                        fail_silently=True,
                    )
                )
    return len(fresh)
