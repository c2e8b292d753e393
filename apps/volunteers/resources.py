"""Excel import/export of 绿扬霞光 lists, on the one Excel base (``apps.core.excel``).

- 志愿者名册: a row registers a person already in the registry (by ID number) as a
  volunteer of a team, with the consent the team recorded (67号令 art. 6).
- 服务时长: a row is one volunteer's hours at one activity, found by team, title and date;
  the volunteer by his volunteer number (not the ID number). The checks of
  ``services.records_enter`` apply to every row; any failing row writes nothing.
"""

from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone

from apps.core import crypto
from apps.core.excel.lookups import flag_duplicates
from apps.core.excel.resources import Column, ExcelResource, ImportRow, RowWriter, bulk_insert
from apps.core.masking import can_view_sensitive, mask_id_number
from apps.people.models import Person
from apps.volunteers.choices import AllianceKind, HealthDeclaration, RecordSource, RecordStatus
from apps.volunteers.models import (
    Activity,
    AllianceMember,
    EvaluationRecord,
    JointMeeting,
    ServiceRecord,
    Team,
    TeamMember,
    TrainingRecord,
)


def _teams(user, names) -> dict:
    return {t.name: t for t in Team.objects.for_user(user).filter(name__in=names).only("pk", "name")}


class VolunteerResource(ExcelResource):
    title = "志愿者名册"

    team = Column("team", "所在团队", required=True, max_length=100, example="红马甲义工队")
    id_number = Column("id_number", "身份证号", kind="id_number", required=True, example="321002195005171234", width=22)
    name = Column("name", "姓名", max_length=40, example="张建国", note="仅供核对，以身份证号为准。")
    joined_on = Column("joined_on", "加入时间", kind="date", required=True, example="2024-03-01")
    skills = Column("skills", "专业技能", max_length=200, example="法律、书法")
    service_types = Column("service_types", "服务类别", max_length=200, example="政策宣讲、法律服务")
    availability = Column("availability", "可服务时间", max_length=100, example="工作日上午")
    health_declaration = Column(
        "health_declaration", "健康自述", kind="choice", choices=HealthDeclaration, example="身体良好，可参加各类服务"
    )
    consent_note = Column(
        "consent_note", "同意方式", required=True, max_length=100, example="本人签字同意", note="67号令第6条。"
    )

    class Meta:
        model = TeamMember
        fields = (
            "team",
            "id_number",
            "name",
            "joined_on",
            "skills",
            "service_types",
            "availability",
            "health_declaration",
            "consent_note",
        )

    def prepare(self, rows):
        from apps.core.validators import validate_id_number, validate_not_future

        teams = _teams(self.user, {r.values["team"] for r in rows})
        today = timezone.localdate()
        hashes = {}
        for row in rows:
            number = row.values["id_number"]
            if not number:
                continue
            try:
                validate_id_number(number)
            except ValidationError as exc:
                row.error("身份证号", "；".join(exc.messages))
                continue
            hashes[row.number] = crypto.search_hash(number)
        people = dict(
            Person.objects.for_user(self.user)
            .filter(id_number_hash__in=set(hashes.values()))
            .values_list("id_number_hash", "pk")
        )
        existing = set(
            TeamMember.objects.filter(person_id__in=people.values(), team__in=teams.values()).values_list(
                "team_id", "person_id"
            )
        )
        for row in rows:
            v = row.values
            team = teams.get(v["team"])
            if v["team"] and team is None:
                row.error("所在团队", f"团队“{v['team']}”不存在或不在您的数据权限范围内")
            person_id = people.get(hashes.get(row.number))
            if row.number in hashes and person_id is None:
                row.error("身份证号", "人员库中没有此身份证号（或不在您的数据权限范围内），请先录入人员")
            try:
                validate_not_future(v["joined_on"], label="加入时间", today=today)
            except ValidationError as exc:
                row.error("加入时间", "；".join(exc.messages))
            if team and person_id and (team.pk, person_id) in existing:
                row.error("身份证号", "该志愿者已在此团队登记，请勿重复导入")
            row.objects["instance"] = TeamMember(
                team=team,
                person_id=person_id,
                joined_on=v["joined_on"],
                skills=v["skills"],
                service_types=v["service_types"],
                availability=v["availability"],
                health_declaration=v["health_declaration"] or HealthDeclaration.GOOD,
                consent_note=v["consent_note"],
            )

        def key(row):
            m = row.objects["instance"]
            return (m.team_id, m.person_id) if m.team_id and m.person_id else None

        flag_duplicates(rows, key, "身份证号", "与第 {first} 行重复（同一团队同一志愿者）")

    def save(self, rows):
        now = timezone.now()
        members = [r.objects["instance"] for r in rows]
        by_year: dict[int, list] = {}
        for m in members:
            m.consent_at, m.consent_by = now, self.user
            by_year.setdefault(m.joined_on.year, []).append(m)
        for year, group in by_year.items():
            prefix = f"ZY{year}"
            last = TeamMember.objects.filter(volunteer_number__startswith=prefix).aggregate(m=Max("volunteer_number"))[
                "m"
            ]
            start = int(last[len(prefix) :]) + 1 if last else 1
            for i, m in enumerate(group):
                m.volunteer_number = f"{prefix}{start + i:06d}"
        bulk_insert(TeamMember, members, user=self.user)

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        labels = dict(HealthDeclaration.choices)
        for r in queryset.values_list(
            "team__name",
            "person__id_number_encrypted",
            "person__name",
            "joined_on",
            "skills",
            "service_types",
            "availability",
            "health_declaration",
            "consent_note",
        ).iterator(chunk_size=5000):
            id_number = crypto.decrypt(r[1])
            yield [
                r[0],
                id_number if sensitive else mask_id_number(id_number),
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                labels.get(r[7], r[7]),
                r[8],
            ]


def parse_hours(value, column):
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value).strip()).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ValueError(f"“{value}”不是有效的小时数，请填写如 2.5 的数字") from None
    return hours


class ServiceHoursResource(ExcelResource):
    title = "服务时长"

    team = Column("team", "团队", required=True, max_length=100, example="红马甲义工队")
    activity = Column("activity", "活动名称", required=True, max_length=100, example="东关街文明劝导")
    date = Column("date", "活动日期", kind="date", required=True, example="2026-05-10")
    volunteer_number = Column("volunteer_number", "志愿者编号", required=True, max_length=20, example="ZY2024000001")
    name = Column("name", "姓名", max_length=40, example="张建国", note="仅供核对，以志愿者编号为准。")
    hours = Column("hours", "服务时长（小时）", required=True, example="2.5")

    class Meta:
        model = ServiceRecord
        fields = ("team", "activity", "date", "volunteer_number", "name", "hours")

    def parse_rows(self, dataset):
        """The base's parsing, column by column, each distinct cell value parsed once: a
        60,000-row file holds a few hundred distinct teams, titles, dates, numbers and
        hours, so parsing costs per distinct value, not per cell. Same checks, same
        messages, same values as the base (and the hours read as a number)."""
        headers = list(dataset.headers or [])
        present = [(c, headers.index(c.header)) for c in self.columns() if c.header in headers]
        absent = {c.attribute: c.empty for c in self.columns() if c.header not in headers}
        numbers = getattr(dataset, "excel_rows", None)
        raws = [list(r._row) if type(r) is tablib.core.Row else list(r) for r in dataset._data]
        parsed_columns, problems = [], {}  # problems: row index → [(header, message)]
        for column, position in present:
            cells = [raw[position] for raw in raws]
            # Keyed by type too: 1, 1.0 and True are equal keys but not the same cell.
            keys = list(zip(map(type, cells), cells, strict=True))
            table = {}
            for key in set(keys):
                value = key[1]
                try:
                    parsed = column.parser(value, column)
                    if column.attribute == "hours":
                        # Text first (length, NUL), as the base checks every text cell.
                        parsed = parse_hours(parsed, column)
                except ValueError as exc:
                    table[key] = (None if column.attribute == "hours" else column.empty, str(exc))
                    continue
                empty = column.required and parsed in (None, "")
                table[key] = (parsed, "必填，不能为空" if empty else None)
            found = [table[key] for key in keys]
            parsed_columns.append([value for value, _ in found])
            bad = {key for key, (_, problem) in table.items() if problem is not None}
            if bad:
                for index, key in enumerate(keys):
                    if key in bad:
                        problems.setdefault(index, []).append((column.header, table[key][1]))
        attributes = [c.attribute for c, _ in present]
        rows = []
        for index, (raw, cells) in enumerate(zip(raws, zip(*parsed_columns, strict=True), strict=True)):
            row = ImportRow(numbers[index] if numbers else index + 2, raw)
            row.values = dict(zip(attributes, cells, strict=True))
            if absent:
                row.values.update(absent)
            for header, message in problems.get(index, ()):
                row.error(header, message)
            rows.append(row)
        return rows

    def prepare(self, rows):
        today = timezone.localdate()
        teams = _teams(self.user, {r.values["team"] for r in rows})
        team_ids = [t.pk for t in teams.values()]
        dates = {r.values["date"] for r in rows if r.values["date"]}
        activities = {
            (a[1], a[2], a[3]): a[0]
            for a in Activity.objects.filter(team_id__in=team_ids, date__in=dates).values_list(
                "pk", "team_id", "title", "date"
            )
        }
        members = {
            m[0]: m[1:]
            for m in TeamMember.objects.filter(
                team_id__in=team_ids, volunteer_number__in={r.values["volunteer_number"] for r in rows}
            ).values_list("volunteer_number", "pk", "team_id", "joined_on", "left_on")
        }
        member_ids = [m[0] for m in members.values()]
        existing = set(
            ServiceRecord.objects.filter(
                activity_id__in=set(activities.values()), member_id__in=member_ids
            ).values_list("activity_id", "member_id")
        )
        day_hours = {
            (r["member_id"], r["date"]): r["s"]
            for r in ServiceRecord.objects.filter(member_id__in=member_ids, date__in=dates)
            .values("member_id", "date")
            .annotate(s=Sum("hours"))
        }
        for row in rows:
            v = row.values
            team = teams.get(v["team"])
            if v["team"] and team is None:
                row.error("团队", f"团队“{v['team']}”不存在或不在您的数据权限范围内")
                continue
            day = v["date"]
            if day and day > today:
                row.error("活动日期", "活动日期在今天之后，不能登记服务时长")
                continue
            activity_id = activities.get((team.pk, v["activity"], day)) if team and day else None
            if team and day and activity_id is None:
                row.error("活动名称", f"该团队在 {day:%Y-%m-%d} 没有名为“{v['activity']}”的活动，请先登记活动")
            member = members.get(v["volunteer_number"])
            if v["volunteer_number"] and (member is None or (team and member[1] != team.pk)):
                row.error("志愿者编号", f"“{v['volunteer_number']}”不是该团队的志愿者")
                member = None
            hours = v["hours"]
            if hours is not None and (hours <= 0 or hours > 24):
                row.error("服务时长（小时）", f"服务时长 {hours} 小时，须大于 0 且一天不超过 24 小时")
                hours = None
            if member and day:
                member_id, _, joined_on, left_on = member
                if left_on and day >= left_on:
                    row.error("活动日期", f"该志愿者已于 {left_on:%Y-%m-%d} 离队，不能登记离队之后的服务")
                elif day < joined_on:
                    row.error("活动日期", f"该志愿者于 {joined_on:%Y-%m-%d} 加入团队，不能登记加入之前的服务")
                if activity_id and (activity_id, member_id) in existing:
                    row.error("志愿者编号", "该志愿者在此活动已有服务记录，请勿重复导入")
                if hours is not None:
                    total = day_hours.get((member_id, day), Decimal("0")) + hours
                    day_hours[(member_id, day)] = total
                    if total > 24:
                        row.error(
                            "服务时长（小时）", f"该志愿者 {day:%Y-%m-%d} 的服务时长合计 {total} 小时，超过 24 小时"
                        )
            # A value tuple, not a model instance: building 60,000 instances costs more than
            # every check above (RowWriter writes tuples and their history with COPY).
            row.objects["values"] = (activity_id, member[0] if member else None, day, hours)

        def key(row):
            v = row.objects.get("values")
            return (v[0], v[1]) if v and v[0] and v[1] else None

        flag_duplicates(rows, key, "志愿者编号", "与第 {first} 行重复（同一活动同一志愿者）")

    COLUMNS = ["activity_id", "member_id", "date", "hours", "source", "status"]
    CHUNK = 10000

    def save(self, rows):
        values = [(*r.objects["values"], RecordSource.IMPORT.value, RecordStatus.PENDING.value) for r in rows]
        with RowWriter(user=self.user, rows=len(values)) as writer:
            writer.reserve(ServiceRecord, len(values))
            for start in range(0, len(values), self.CHUNK):
                writer.insert(ServiceRecord, self.COLUMNS, values[start : start + self.CHUNK])
        now = timezone.now()
        Activity.objects.filter(pk__in={v[0] for v in values}, records_done_at__isnull=True).update(records_done_at=now)

    def export_rows(self, queryset):
        labels = dict(RecordStatus.choices)
        for r in queryset.values_list(
            "activity__team__name",
            "activity__title",
            "date",
            "member__volunteer_number",
            "member__person__name",
            "hours",
            "status",
        ).iterator(chunk_size=5000):
            yield [r[0], r[1], r[2], r[3] or "", r[4], r[5], labels.get(r[6], r[6])]


# ---------------------------------------------------------------------------
# Training records (67号令 art. 8), evaluations, the alliance and its meetings
# ---------------------------------------------------------------------------
class TrainingResource(ExcelResource):
    """培训记录: a row is one volunteer's training, found by his volunteer number. Every row
    is checked by ``services.training_checked``, the checks of ``services.training_record``;
    any failing row writes nothing and each is reported with its reasons."""

    title = "培训记录"

    volunteer_number = Column("volunteer_number", "志愿者编号", required=True, max_length=20, example="ZY2024000001")
    name = Column("member_name", "姓名", max_length=40, example="张建国", note="仅供核对，以志愿者编号为准。")
    training = Column("name", "培训名称", required=True, max_length=100, example="志愿服务骨干培训")
    content = Column("content", "主要内容", required=True, example="《志愿服务条例》、应急救护")
    hours = Column("hours", "学习时长（小时）", required=True, example="3")
    organiser = Column("organiser", "举办单位", required=True, max_length=100, example="扬州市委老干部局")
    date = Column("date", "培训日期", kind="date", required=True, example="2026-04-08")

    class Meta:
        model = TrainingRecord
        fields = ("volunteer_number", "name", "training", "content", "hours", "organiser", "date")

    def parse_rows(self, dataset):
        rows = super().parse_rows(dataset)
        for row in rows:
            if row.values.get("hours") in (None, ""):
                continue
            try:
                row.values["hours"] = parse_hours(row.values["hours"], None)
            except ValueError as exc:
                row.error("学习时长（小时）", str(exc))
                row.values["hours"] = None
        return rows

    # Where a refusal of ``services.training_checked`` is shown on the row.
    HEADERS = {
        "date": "培训日期",
        "hours": "学习时长（小时）",
        "name": "培训名称",
        "content": "主要内容",
        "organiser": "举办单位",
    }

    def prepare(self, rows):
        from apps.core.validators import row_message
        from apps.volunteers.services import training_checked

        today = timezone.localdate()
        members = {
            m.volunteer_number: m
            for m in TeamMember.objects.for_user(self.user)
            .filter(volunteer_number__in={r.values["volunteer_number"] for r in rows})
            .select_related("person")
            .only("pk", "volunteer_number", "left_on", "person__name")
        }
        for row in rows:
            v = row.values
            member = members.get(v["volunteer_number"])
            if v["volunteer_number"] and member is None:
                row.error("志愿者编号", f"“{v['volunteer_number']}”不存在或不在您的数据权限范围内")
            elif member and v["member_name"] and v["member_name"] != member.person.name:
                row.error("姓名", f"志愿者编号 {v['volunteer_number']} 登记的姓名不是“{v['member_name']}”")
            if member is None or v["date"] is None or v["hours"] is None:
                continue  # what is missing or unreadable is already reported on the row
            try:
                row.objects["instance"] = training_checked(
                    member=member,
                    name=v["name"],
                    content=v["content"],
                    hours=v["hours"],
                    organiser=v["organiser"],
                    date=v["date"],
                    today=today,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    header = self.HEADERS.get(field, "志愿者编号")
                    for message in row_message(ValidationError(messages)):
                        row.error(header, message)

    def save(self, rows):
        bulk_insert(TrainingRecord, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        for r in queryset.values_list(
            "member__volunteer_number", "member__person__name", "name", "content", "hours", "organiser", "date"
        ).iterator(chunk_size=5000):
            yield [r[0] or "", *r[1:]]


class EvaluationResource(ExcelResource):
    title = "评价与投诉记录"
    importable = False

    volunteer_number = Column("volunteer_number", "志愿者编号")
    member_name = Column("member_name", "姓名")
    team = Column("team", "团队")
    kind = Column("kind", "类型")
    evaluator = Column("evaluator", "评价人/投诉人")
    date = Column("date", "评价日期", kind="date")
    rating = Column("rating", "服务质量评价")
    content = Column("content", "评价内容/投诉事由")
    result = Column("result", "处理结果")

    class Meta:
        model = EvaluationRecord
        fields = ("volunteer_number", "member_name", "team", "kind", "evaluator", "date", "rating", "content", "result")

    def export_rows(self, queryset):
        from apps.volunteers.choices import EvaluationKind, EvaluationRating

        kinds, ratings = dict(EvaluationKind.choices), dict(EvaluationRating.choices)
        for r in queryset.values_list(
            "member__volunteer_number",
            "member__person__name",
            "member__team__name",
            "kind",
            "evaluator",
            "date",
            "rating",
            "content",
            "result",
        ).iterator(chunk_size=5000):
            yield [r[0] or "", r[1], r[2], kinds.get(r[3], r[3]), r[4], r[5], ratings.get(r[6], ""), r[7], r[8]]


class AllianceMemberResource(ExcelResource):
    """涉老社团联盟成员名册: a district imports its own region's members only."""

    title = "涉老社团联盟成员"

    name = Column("name", "组织名称", required=True, max_length=100, example="扬州市老年人体育协会")
    kind = Column("kind", "组织类别", kind="choice", required=True, choices=AllianceKind, example="社会团体")
    region = Column("region", "所属区域", max_length=20, example="", note="不填为市级。")
    contact_person = Column("contact_person", "联系人", required=True, max_length=40, example="王主任")
    contact_phone = Column("contact_phone", "联系电话", max_length=30, example="0514-87360000")
    joined_on = Column("joined_on", "加入联盟时间", kind="date", required=True, example="2021-05-01")
    left_on = Column("left_on", "退出联盟时间", kind="date", example="")
    note = Column("note", "备注", max_length=200, example="")

    class Meta:
        model = AllianceMember
        fields = ("name", "kind", "region", "contact_person", "contact_phone", "joined_on", "left_on", "note")

    def prepare(self, rows):
        from apps.accounts.choices import ScopeKind
        from apps.core.excel.lookups import flag_duplicates
        from apps.core.validators import validate_not_future
        from apps.regions.models import Region

        today = timezone.localdate()
        regions = dict(Region.objects.values_list("name", "pk"))
        existing = set(
            AllianceMember.objects.filter(name__in={r.values["name"] for r in rows}).values_list("name", flat=True)
        )
        city = self.user is None or self.user.scope_kind == ScopeKind.CITY
        for row in rows:
            v = row.values
            region_id = regions.get(v["region"]) if v["region"] else None
            if v["region"] and region_id is None:
                row.error("所属区域", f"没有名为“{v['region']}”的区域")
            elif not city and region_id != getattr(self.user, "scope_region_id", None):
                row.error("所属区域", "只能导入本区域的联盟成员（市级成员由市委老干部局登记）")
            if v["name"] in existing:
                row.error("组织名称", "该组织已是联盟成员，请勿重复导入")
            for field, label in (("joined_on", "加入联盟时间"), ("left_on", "退出联盟时间")):
                try:
                    validate_not_future(v[field], label=label, today=today)
                except ValidationError as exc:
                    row.error(label, "；".join(exc.messages))
            if v["left_on"] and v["joined_on"] and v["left_on"] < v["joined_on"]:
                row.error("退出联盟时间", "退出时间不能早于加入时间")
            row.objects["instance"] = AllianceMember(
                name=v["name"],
                kind=v["kind"],
                region_id=region_id,
                contact_person=v["contact_person"],
                contact_phone=v["contact_phone"],
                joined_on=v["joined_on"],
                left_on=v["left_on"],
                note=v["note"],
            )
        flag_duplicates(rows, lambda r: r.values["name"] or None, "组织名称", "与第 {first} 行重复")

    def save(self, rows):
        bulk_insert(AllianceMember, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        from apps.core.masking import mask_phone

        kinds = dict(AllianceKind.choices)
        sensitive = can_view_sensitive(self.user)
        for r in queryset.values_list(
            "name", "kind", "region__name", "contact_person", "contact_phone", "joined_on", "left_on", "note"
        ).iterator(chunk_size=5000):
            phone = r[4] if sensitive else mask_phone(r[4])
            yield [r[0], kinds.get(r[1], r[1]), r[2] or "市级", r[3], phone, r[5], r[6], r[7]]


class JointMeetingResource(ExcelResource):
    """联席会议纪要 for export: one row a meeting, attendees and follow-up items in text."""

    title = "联席会议纪要"
    importable = False

    held_on = Column("held_on", "会议日期", kind="date")
    meeting_title = Column("title", "会议名称")
    place = Column("place", "会议地点")
    region = Column("region", "所属区域")
    alliance = Column("alliance", "参会联盟成员")
    staff = Column("staff", "参会工作人员")
    other_attendees = Column("other_attendees", "其他参会人员")
    topics = Column("topics", "会议议题")
    decisions = Column("decisions", "议定事项")
    items = Column("items", "落实事项（责任单位，截止日期，办结情况）")

    class Meta:
        model = JointMeeting
        fields = (
            "held_on",
            "meeting_title",
            "place",
            "region",
            "alliance",
            "staff",
            "other_attendees",
            "topics",
            "decisions",
            "items",
        )

    def export_rows(self, queryset):
        from django.db.models import Prefetch

        from apps.volunteers.models import FollowUpItem

        today = timezone.localdate()
        meetings = queryset.select_related("region").prefetch_related(
            "alliance_attendees", "staff_attendees", Prefetch("items", queryset=FollowUpItem.objects.order_by("due_on"))
        )
        for m in meetings:
            items = []
            for i in m.items.all():
                state = f"{i.done_on:%Y-%m-%d}办结" if i.done_on else ("已逾期" if i.overdue_on(today) else "办理中")
                items.append(f"{i.task}（{i.owner}，{i.due_on:%Y-%m-%d}前，{state}）")
            yield [
                m.held_on,
                m.title,
                m.place,
                m.region.name if m.region else "市级",
                "、".join(a.name for a in m.alliance_attendees.all()),
                "、".join(u.get_full_name() or u.username for u in m.staff_attendees.all()),
                m.other_attendees,
                m.topics,
                m.decisions,
                "；".join(items),
            ]
