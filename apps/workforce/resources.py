"""Excel import/export of 丹心向党 lists, on the one Excel base (``apps.core.excel``)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.excel.lookups import RegionLookup, flag_duplicates
from apps.core.excel.resources import Column, ExcelResource, bulk_insert
from apps.core.workdays import WorkingCalendar
from apps.regions.models import Region
from apps.workforce.choices import EnrolmentStatus, RankBand, RectificationClass, TrainingType
from apps.workforce.models import (
    Enrolment,
    LeaveRecord,
    RectificationItem,
    RectificationPolicy,
    RectificationRound,
    StaffMember,
    TrainingClass,
)
from apps.workforce.services import LEAVE_SHARE_LIMIT, WITHDRAWN_NOTE, class_days


class StaffResource(ExcelResource):
    """The roster the bureaus keep: one row per staff member; all-or-nothing."""

    title = "工作人员名册"

    name = Column("name", "姓名", required=True, max_length=40, example="王建国")
    region = Column("region", "所属区域", required=True, max_length=40, example="市直")
    unit = Column("unit", "单位", required=True, max_length=100, example="市委老干部局")
    post = Column("post", "职务", max_length=60, example="四级主任科员")
    rank_band = Column("rank_band", "职级类别", kind="choice", choices=RankBand, required=True, example="乡科级及以下")
    joined_on = Column("joined_on", "入职日期", kind="date", example="2015-03-01")
    left_on = Column("left_on", "离职日期", kind="date", example="")

    class Meta:
        model = StaffMember
        fields = ("name", "region", "unit", "post", "rank_band", "joined_on", "left_on")

    def prepare(self, rows):
        regions = RegionLookup(self.user)
        names = {r.values["name"] for r in rows}
        existing = set(StaffMember.objects.filter(name__in=names).values_list("name", "unit"))
        for row in rows:
            v = row.values
            region_id = regions.resolve(row, v["region"], "所属区域")
            if (v["name"], v["unit"]) in existing:
                row.error("姓名", "该单位已有同名工作人员，请勿重复导入")
            staff = StaffMember(
                name=v["name"],
                region_id=region_id,
                unit=v["unit"],
                post=v["post"],
                rank_band=v["rank_band"] or RankBand.TOWNSHIP,
                joined_on=v["joined_on"],
                left_on=v["left_on"],
            )
            try:
                staff.clean()
            except ValidationError as exc:
                for message in exc.messages:
                    row.error("离职日期", message)
            row.objects["instance"] = staff
        flag_duplicates(
            rows, lambda r: (r.values["name"], r.values["unit"]), "姓名", "与第 {first} 行重复（同单位同名）"
        )

    def save(self, rows):
        bulk_insert(StaffMember, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        bands = dict(RankBand.choices)
        for r in queryset.values_list("name", "region__name", "unit", "post", "rank_band", "joined_on", "left_on"):
            yield [r[0], r[1], r[2], r[3], bands.get(r[4], r[4]), r[5], r[6]]


# ---------------------------------------------------------------------------
# Cells the base has no parser for: hours and sign-in times
# ---------------------------------------------------------------------------
def _hours(row, value: str, header: str) -> Decimal | None:
    """A number of class hours (one decimal), or an error on ``row``; blank is 0."""
    if value in ("", None):
        return Decimal(0)
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        row.error(header, f"“{value}”不是数字，请填写学时数，如 7 或 3.5")
        return None
    if hours < 0 or hours != hours.quantize(Decimal("0.1")) or hours >= 10000:
        row.error(header, "学时须为不小于0、最多一位小数的数字")
        return None
    return hours


_TIME_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s+(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?$"
)


def _moment(row, value, header: str) -> datetime.datetime | None:
    """A sign-in/out time: an Excel date-time, or text like 2026-05-11 08:30."""
    if value in ("", None):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        match = _TIME_RE.match(str(value).strip())
        try:
            moment = datetime.datetime(*(int(g) for g in match.groups())) if match else None
        except ValueError:
            moment = None
        if moment is None:
            row.error(header, f"时间“{value}”无法识别，请填写如 2026-05-11 08:30 的日期和时间")
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _moment_text(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


# ---------------------------------------------------------------------------
# Training classes
# ---------------------------------------------------------------------------
class TrainingClassResource(ExcelResource):
    """The year's class plan as the bureau keeps it: one row per class; all-or-nothing."""

    title = "培训班"

    name = Column("name", "班次名称", required=True, max_length=100, example="“双讲双升”专题培训班（第1期）")
    training_type = Column(
        "training_type", "培训类型", kind="choice", choices=TrainingType, required=True, example="集中轮训"
    )
    organiser = Column("organiser", "主办单位", required=True, max_length=100, example="市委老干部局")
    region = Column("region", "所属区域", required=True, max_length=40, example="市直")
    starts_on = Column("starts_on", "开班日期", kind="date", required=True, example="2026-05-11")
    ends_on = Column("ends_on", "结业日期", kind="date", required=True, example="2026-05-15")
    hours_offline = Column("hours_offline", "线下学时", example="35", note="线上、线下学时至少填写一项。")
    hours_online = Column("hours_online", "线上学时", example="0")
    full_time = Column("full_time", "脱产培训", kind="bool", example="是", note="填“是”或“否”，不填按脱产培训。")

    class Meta:
        model = TrainingClass
        fields = (
            "name",
            "training_type",
            "organiser",
            "region",
            "starts_on",
            "ends_on",
            "hours_offline",
            "hours_online",
            "full_time",
        )

    def prepare(self, rows):
        regions = RegionLookup(self.user)
        names = {r.values["name"] for r in rows}
        existing = set(TrainingClass.objects.filter(name__in=names).values_list("name", "starts_on"))
        for row in rows:
            v = row.values
            region_id = regions.resolve(row, v["region"], "所属区域")
            offline = _hours(row, v["hours_offline"], "线下学时")
            online = _hours(row, v["hours_online"], "线上学时")
            if offline is not None and online is not None and offline + online <= 0:
                row.error("线下学时", "线上、线下学时至少填写一项")
            if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
                row.error("结业日期", "结业日期不能早于开班日期")
            if (v["name"], v["starts_on"]) in existing:
                row.error("班次名称", "同名班次在同一开班日期已登记，请勿重复导入")
            full_time = True if v["full_time"] is None else v["full_time"]
            if not row.ok:
                continue
            row.objects["instance"] = TrainingClass(
                name=v["name"],
                training_type=v["training_type"],
                organiser=v["organiser"],
                region_id=region_id,
                starts_on=v["starts_on"],
                ends_on=v["ends_on"],
                hours_offline=offline,
                hours_online=online,
                full_time=full_time,
                days=class_days(starts_on=v["starts_on"], ends_on=v["ends_on"], full_time=full_time),
            )
        flag_duplicates(
            rows, lambda r: (r.values["name"], r.values["starts_on"]), "班次名称", "与第 {first} 行重复（同名同日开班）"
        )

    def save(self, rows):
        bulk_insert(TrainingClass, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        types = dict(TrainingType.choices)
        for r in queryset.values_list(
            "name",
            "training_type",
            "organiser",
            "region__name",
            "starts_on",
            "ends_on",
            "hours_offline",
            "hours_online",
            "full_time",
        ):
            yield [r[0], types.get(r[1], r[1]), r[2], r[3], r[4], r[5], r[6], r[7], "是" if r[8] else "否"]


# ---------------------------------------------------------------------------
# Enrolments with sign-in, sign-out and leave (the class's sign-in sheet)
# ---------------------------------------------------------------------------
class EnrolmentResource(ExcelResource):
    """A class's sign-in sheet: one row per trainee. Signed out = completed (the class's
    hours less leave credited); leave over 1/7 of a full-time class's hours withdraws the
    trainee (art. 15); leave beyond the class's hours is refused. All-or-nothing."""

    title = "参训记录"

    class_name = Column(
        "class_name", "班次名称", required=True, max_length=100, example="“双讲双升”专题培训班（第1期）"
    )
    class_starts_on = Column("class_starts_on", "开班日期", kind="date", required=True, example="2026-05-11")
    staff_name = Column("staff_name", "姓名", required=True, max_length=40, example="王建国")
    staff_unit = Column("staff_unit", "单位", required=True, max_length=100, example="广陵区委老干部局")
    signed_in_at = Column("signed_in_at", "签到时间", example="2026-05-11 08:30", note="如 2026-05-11 08:30。")
    signed_out_at = Column(
        "signed_out_at", "签退时间", example="2026-05-15 17:00", note="填写即视为结业，按总学时扣除请假学时认定学时。"
    )
    leave_hours = Column("leave_hours", "请假学时", example="0")
    leave_on = Column("leave_on", "请假日期", kind="date", example="", note="不填按开班日期登记。")
    leave_reason = Column("leave_reason", "请假事由", max_length=200, example="")

    class Meta:
        model = Enrolment
        fields = (
            "class_name",
            "class_starts_on",
            "staff_name",
            "staff_unit",
            "signed_in_at",
            "signed_out_at",
            "leave_hours",
            "leave_on",
            "leave_reason",
        )

    def prepare(self, rows):
        regions = set(Region.objects.workable_for(self.user).values_list("pk", flat=True))
        class_names = {r.values["class_name"] for r in rows}
        classes = {
            (k.name, k.starts_on): k
            for k in TrainingClass.objects.filter(name__in=class_names).select_related("region")
        }
        staff_names = {r.values["staff_name"] for r in rows}
        staff = {}
        for s in StaffMember.objects.filter(name__in=staff_names):
            staff.setdefault((s.name, s.unit), []).append(s)
        enrolled = set(
            Enrolment.objects.filter(training_class__in=list(classes.values())).values_list(
                "training_class_id", "staff_id"
            )
        )
        for row in rows:
            v = row.values
            cls = classes.get((v["class_name"], v["class_starts_on"]))
            if v["class_name"] and v["class_starts_on"] and cls is None:
                row.error("班次名称", "该班次（名称和开班日期）未登记，请先导入或新增培训班")
            elif cls is not None and cls.region_id not in regions:
                row.error("班次名称", f"该班次属于{cls.region.name}，不在您的数据权限范围内")
            people = staff.get((v["staff_name"], v["staff_unit"]), [])
            person = people[0] if len(people) == 1 else None
            if v["staff_name"] and not people:
                row.error("姓名", "工作人员名册中没有该单位的此人，请先在名册中登记")
            elif len(people) > 1:
                row.error("姓名", "该单位有同名工作人员，无法区分，请在后台逐条登记")
            elif person.region_id not in regions:
                row.error("姓名", f"{person.name}（{person.unit}）不在您的数据权限范围内")
                person = None
            signed_in = _moment(row, v["signed_in_at"], "签到时间")
            signed_out = _moment(row, v["signed_out_at"], "签退时间")
            leave = _hours(row, v["leave_hours"], "请假学时")
            if signed_out and not signed_in:
                row.error("签退时间", "尚未签到，不能签退")
            if signed_in and signed_out and signed_out < signed_in:
                row.error("签退时间", "签退时间不能早于签到时间")
            if cls is None or person is None or not row.ok:
                continue
            if (cls.pk, person.pk) in enrolled:
                row.error("姓名", f"{person.name}已报名本班，不能重复报名")
            if person.left_on and person.left_on < cls.starts_on:
                row.error("姓名", f"{person.name}已于{person.left_on:%Y年%-m月%-d日}离职，不能报名")
            if leave > cls.total_hours:
                row.error("请假学时", f"请假学时{leave}超过本班总学时{cls.total_hours}，请核对后重新填写")
            leave_on = v["leave_on"] or cls.starts_on
            if leave and not (cls.starts_on <= leave_on <= cls.ends_on):
                row.error("请假日期", "请假日期须在培训期间内")
            if not row.ok:
                continue
            enrolment = Enrolment(
                training_class=cls, staff=person, signed_in_at=signed_in, signed_out_at=signed_out, leave_hours=leave
            )
            if cls.full_time and leave > cls.total_hours * LEAVE_SHARE_LIMIT:
                enrolment.status = EnrolmentStatus.WITHDRAWN
                enrolment.signed_out_at = None
                enrolment.note = WITHDRAWN_NOTE
            elif signed_out:
                enrolment.status = EnrolmentStatus.COMPLETED
                enrolment.credited_hours = cls.total_hours - leave
                enrolment.credited_days = cls.days
            row.objects["instance"] = enrolment
            if leave:
                row.objects["leave"] = LeaveRecord(on=leave_on, hours=leave, reason=v["leave_reason"] or "请假")
        flag_duplicates(
            rows,
            lambda r: (
                r.values["class_name"],
                r.values["class_starts_on"],
                r.values["staff_name"],
                r.values["staff_unit"],
            ),
            "姓名",
            "与第 {first} 行重复（同一班次同一学员）",
        )

    def save(self, rows):
        enrolments = bulk_insert(Enrolment, [r.objects["instance"] for r in rows], user=self.user)
        leaves = []
        for row, enrolment in zip(rows, enrolments, strict=True):
            if "leave" in row.objects:
                leave = row.objects["leave"]
                leave.enrolment_id = enrolment.pk
                leaves.append(leave)
        bulk_insert(LeaveRecord, leaves, user=self.user)

    def export_rows(self, queryset):
        for e in queryset.select_related("training_class", "staff").order_by("training_class__starts_on", "pk"):
            yield [
                e.training_class.name,
                e.training_class.starts_on,
                e.staff.name,
                e.staff.unit,
                _moment_text(e.signed_in_at),
                _moment_text(e.signed_out_at),
                e.leave_hours,
                "",
                "",
            ]


# ---------------------------------------------------------------------------
# Rectification items: an inspection round's list
# ---------------------------------------------------------------------------
class RectificationItemResource(ExcelResource):
    """An inspection round's list of problems, from the template: one row per item, each
    new (待整改); a blank deadline is the class's default in working days from today."""

    title = "巡察整改清单"

    round = Column(
        "round",
        "巡察轮次",
        required=True,
        max_length=100,
        example="市委第三巡察组巡察反馈",
        note="须为已登记的巡察轮次名称。",
    )
    problem = Column("problem", "问题描述", required=True, example="部分支部组织生活记录不规范。", width=40)
    task = Column("task", "整改任务", example="规范组织生活记录模板", width=30)
    region = Column("region", "责任区域", required=True, max_length=40, example="市直")
    responsible_unit = Column("responsible_unit", "责任单位", max_length=100, example="组织处")
    owner = Column(
        "owner", "责任人", required=True, max_length=40, example="王建国", note="须为该区域工作人员名册中的人员。"
    )
    leader = Column("leader", "责任领导", max_length=40, example="李局长", note="须为该区域工作人员名册中的人员。")
    measures = Column("measures", "整改措施", example="开展台账专项检查", width=30)
    rect_class = Column(
        "rect_class", "整改类别", kind="choice", choices=RectificationClass, required=True, example="限期整改"
    )
    deadline = Column(
        "deadline", "整改时限", kind="date", example="", note="不填则按整改类别的默认期限（工作日）自动计算。"
    )

    class Meta:
        model = RectificationItem
        fields = (
            "round",
            "problem",
            "task",
            "region",
            "responsible_unit",
            "owner",
            "leader",
            "measures",
            "rect_class",
            "deadline",
        )

    def prepare(self, rows):
        regions = RegionLookup(self.user)
        rounds = {}
        for r in RectificationRound.objects.filter(name__in={row.values["round"] for row in rows}).select_related(
            "region"
        ):
            rounds.setdefault(r.name, []).append(r)
        names = {row.values["owner"] for row in rows} | {row.values["leader"] for row in rows}
        staff = {}
        for s in StaffMember.objects.filter(name__in=names - {""}):
            staff.setdefault((s.region_id, s.name), []).append(s)
        policies = dict(RectificationPolicy.objects.values_list("rect_class", "deadline_working_days"))
        existing = set(
            RectificationItem.objects.filter(round__in=[r for rs in rounds.values() for r in rs]).values_list(
                "round_id", "problem"
            )
        )
        today = timezone.localdate()
        calendar = WorkingCalendar(today, today + datetime.timedelta(days=800))
        now = timezone.now()
        for row in rows:
            v = row.values
            region_id = regions.resolve(row, v["region"], "责任区域")
            found = rounds.get(v["round"], [])
            round_ = found[0] if len(found) == 1 else None
            if v["round"] and not found:
                row.error("巡察轮次", "该巡察轮次未登记，请先在“巡察轮次”中新增")
            elif len(found) > 1:
                row.error("巡察轮次", "有多个同名巡察轮次，无法区分，请先在后台修改轮次名称")
            elif round_.region_id not in regions.workable:
                row.error("巡察轮次", f"该巡察轮次属于{round_.region.name}，不在您的数据权限范围内")
                round_ = None
            people = {}
            for header, key in (("责任人", "owner"), ("责任领导", "leader")):
                if not v[key] or region_id is None:
                    continue
                matches = staff.get((region_id, v[key]), [])
                if not matches:
                    row.error(header, f"“{v[key]}”不在{v['region']}的工作人员名册中，请先在名册中登记")
                elif len(matches) > 1:
                    row.error(header, f"{v['region']}有多名“{v[key]}”，无法区分，请在后台逐条登记")
                else:
                    people[key] = matches[0]
            deadline = v["deadline"]
            if v["rect_class"] and not deadline:
                if v["rect_class"] not in policies:
                    row.error("整改类别", "尚未设置该整改类别的时限规则，请先在“整改时限规则”中设置")
                else:
                    deadline = calendar.add_working_days(today, policies[v["rect_class"]])
            if round_ and round_.feedback_on and deadline and deadline < round_.feedback_on:
                row.error("整改时限", "整改时限不能早于巡察反馈日期")
            if round_ and (round_.pk, v["problem"]) in existing:
                row.error("问题描述", "该轮次已有相同问题，请勿重复导入")
            if not row.ok:
                continue
            owner = people["owner"]
            row.objects["instance"] = RectificationItem(
                round=round_,
                source=round_.name,
                problem=v["problem"],
                task=v["task"],
                region_id=region_id,
                responsible_unit=v["responsible_unit"],
                owner_staff=owner,
                owner=owner.name,
                leader=people.get("leader"),
                measures=v["measures"],
                rect_class=v["rect_class"],
                deadline=deadline,
                created_at=now,
            )
        flag_duplicates(
            rows,
            lambda r: (r.values["round"], r.values["problem"]),
            "问题描述",
            "与第 {first} 行重复（同一轮次同一问题）",
        )

    def save(self, rows):
        bulk_insert(RectificationItem, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        classes = dict(RectificationClass.choices)
        for i in queryset.select_related("round", "region", "owner_staff", "leader").order_by("round__name", "pk"):
            yield [
                i.round.name if i.round_id else i.source,
                i.problem,
                i.task,
                i.region.name,
                i.responsible_unit,
                i.owner_display,
                i.leader.name if i.leader_id else "",
                i.measures,
                classes.get(i.rect_class, i.rect_class),
                i.deadline,
            ]
