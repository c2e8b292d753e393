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
from apps.volunteers.choices import HealthDeclaration, RecordSource, RecordStatus
from apps.volunteers.models import Activity, ServiceRecord, Team, TeamMember


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
