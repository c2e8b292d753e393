"""Excel import/export of 走访慰问 (visits): staff keep their visit lists in spreadsheets.

The import finds each person by ID number (keyed hash) in the user's scope, refuses the
rules' bad input row by row (a future date, a date after the death, a hospital visit with
no admission before it), links hospital visits to their stay and completes the matching
open tasks — all in a fixed number of queries, rows written with ``RowWriter``.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.care.choices import AFTER_DEATH_TYPES, PointKind, TaskStatus, VisitType
from apps.care.models import CareProfile, HospitalStay, Outing, OutingSignUp, ServicePoint, Visit, VisitTask
from apps.core import crypto
from apps.core.excel.resources import Column, ExcelResource, RowWriter, bulk_insert
from apps.core.masking import can_view_sensitive, mask_id_number
from apps.core.validators import validate_id_number
from apps.people.models import Person

COLUMNS = [
    "person_id",
    "visit_type",
    "visited_on",
    "place",
    "visitors",
    "gifts",
    "feedback",
    "photo",
    "stay_id",
    "task_id",
]


class VisitResource(ExcelResource):
    title = "走访慰问记录"

    id_number = Column("id_number", "身份证号", kind="id_number", required=True, example="321002193003101234", width=22)
    name = Column("name", "姓名", required=True, max_length=40, example="张建国")
    visit_type = Column("visit_type", "看望类型", kind="choice", choices=VisitType, required=True, example="日常走访")
    visited_on = Column("visited_on", "看望日期", kind="date", required=True, example="2026-03-02")
    place = Column("place", "地点", max_length=80, example="家中")
    visitors = Column("visitors", "看望人员", required=True, max_length=200, example="老干部处张科长")
    gifts = Column("gifts", "慰问品（金）", max_length=200, example="水果一篮")
    feedback = Column("feedback", "反馈信息", max_length=2000, example="老人精神状态良好")

    class Meta:
        model = Visit
        fields = ("id_number", "name", "visit_type", "visited_on", "place", "visitors", "gifts", "feedback")

    def prepare(self, rows):
        today = timezone.localdate()
        hashes, checked = {}, {}
        for row in rows:
            number = row.values["id_number"]
            if not number:
                continue
            if number not in checked:  # a visit list names the same people many times
                try:
                    validate_id_number(number)
                    checked[number] = (crypto.search_hash(number), None)
                except ValidationError as exc:
                    checked[number] = (None, exc.messages[0])
            digest, message = checked[number]
            if message:
                row.error("身份证号", message)
                continue
            hashes[row.number] = digest
        people = dict(
            Person.objects.for_user(self.user)
            .filter(id_number_hash__in=set(hashes.values()))
            .values_list("id_number_hash", "pk")
        )
        names = dict(Person.objects.filter(pk__in=people.values()).values_list("pk", "name"))
        deaths = dict(
            CareProfile.objects.filter(person__in=people.values(), died_on__isnull=False).values_list(
                "person_id", "died_on"
            )
        )
        stays: dict[int, list] = {}
        for stay_id, person_id, admitted in (
            HospitalStay.objects.filter(person__in=people.values())
            .order_by("admitted_on")
            .values_list("pk", "person_id", "admitted_on")
        ):
            stays.setdefault(person_id, []).append((admitted, stay_id))
        tasks: dict[tuple, list] = {}
        for task_id, person_id, vtype, stay_id, due in (
            VisitTask.objects.filter(person__in=people.values(), status=TaskStatus.OPEN)
            .order_by("due_on", "pk")
            .values_list("pk", "person_id", "visit_type", "stay_id", "due_on")
        ):
            tasks.setdefault((person_id, vtype), []).append([task_id, stay_id, due])
        for row in rows:
            v = row.values
            person_id = people.get(hashes.get(row.number))
            if row.number in hashes and person_id is None:
                row.error("身份证号", "未找到该身份证号的老干部，或不在您的数据权限范围内")
                continue
            if person_id is None:
                continue
            if names[person_id] != v["name"]:
                row.error("姓名", "姓名与身份证号登记的不一致")
            day, vtype = v["visited_on"], v["visit_type"]
            if day is None or not vtype:
                continue
            if day > today:
                row.error("看望日期", "看望日期不能晚于今天")
            death = deaths.get(person_id)
            if death and day > death and vtype not in AFTER_DEATH_TYPES:
                row.error("看望日期", f"该老干部已于{death:%Y年%m月%d日}去世，不能登记此后日期的走访慰问")
            stay_id = None
            if vtype == VisitType.HOSPITAL:
                before = [s for admitted, s in stays.get(person_id, []) if admitted <= day]
                if not before:
                    row.error("看望日期", "该日期之前没有住院登记：住院看望不能早于住院日期")
                    continue
                stay_id = before[-1]
            task_id = None
            for task in tasks.get((person_id, vtype), []):
                if task[0] is not None and (stay_id is None or task[1] == stay_id):
                    task_id, task[0] = task[0], None  # one visit completes one task
                    break
            row.objects["values"] = (
                person_id,
                vtype,
                day,
                v["place"],
                v["visitors"],
                v["gifts"],
                v["feedback"],
                "",
                stay_id,
                task_id,
            )

    def save(self, rows):
        values = [row.objects["values"] for row in rows]
        with RowWriter(user=self.user, rows=len(values)) as writer:
            ids = writer.insert(Visit, COLUMNS, values)
        done = [VisitTask(pk=v[9], status=TaskStatus.DONE, done_on=v[2]) for v in values if v[9] is not None]
        VisitTask.objects.bulk_update(done, ["status", "done_on"], batch_size=2000)
        for row, pk in zip(rows, ids, strict=True):
            row.objects["id"] = pk

    def saved_instance(self, row):
        v = row.objects["values"]
        return Visit(pk=row.objects["id"], person_id=v[0], visit_type=v[1], visited_on=v[2])

    def export_queryset(self, queryset=None):
        return super().export_queryset(queryset).order_by("-visited_on", "-pk")

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        labels = dict(VisitType.choices)
        for r in queryset.values_list(
            "person__id_number_encrypted",
            "person__name",
            "visit_type",
            "visited_on",
            "place",
            "visitors",
            "gifts",
            "feedback",
        ).iterator(chunk_size=5000):
            number = crypto.decrypt(r[0])
            yield [number if sensitive else mask_id_number(number), r[1], labels.get(r[2], r[2]), *r[3:]]


# ---------------------------------------------------------------------------
# 四就近 service points: import and export
# ---------------------------------------------------------------------------
class ServicePointResource(ExcelResource):
    title = "四就近服务点"

    region = Column("region", "区域", required=True, max_length=40, example="广陵区")
    name = Column("name", "服务点名称", required=True, max_length=80, example="东关街道老干部活动室")
    address = Column("address", "地址", required=True, max_length=200, example="广陵区东关街88号")
    kind = Column("kind", "类型", kind="choice", choices=PointKind, required=True, example="就近活动")
    offers = Column("offers", "服务内容", required=True, max_length=300, example="读书读报、棋牌、健身")
    opening_hours = Column("opening_hours", "开放时间", max_length=80, example="周一至周五 8:30-17:00")
    contact = Column("contact", "联系人（片区包干人）", max_length=40, example="王芳")
    contact_phone = Column("contact_phone", "联系电话", max_length=20, example="0514-87654321")

    class Meta:
        model = ServicePoint
        fields = ("region", "name", "address", "kind", "offers", "opening_hours", "contact", "contact_phone")

    def prepare(self, rows):
        from apps.core.scoping import writable
        from apps.core.validators import normalize_phone, validate_phone
        from apps.regions.models import Region

        regions = {r.name: r for r in writable(Region.objects.all(), self.user)} if self.user else {}
        if self.user is None:
            regions = {r.name: r for r in Region.objects.all()}
        existing = set(ServicePoint.objects.values_list("region__name", "name"))
        seen = {}
        for row in rows:
            v = row.values
            region = regions.get(v["region"])
            if v["region"] and region is None:
                row.error("区域", f"“{v['region']}”不是区域名称，或不在您的数据权限范围内")
            key = (v["region"], v["name"])
            if v["name"] and key in existing:
                row.error("服务点名称", "该区域已有同名服务点")
            elif v["name"] and key in seen:
                row.error("服务点名称", f"与第{seen[key]}行重复")
            seen.setdefault(key, row.number)
            phone = normalize_phone(v["contact_phone"])
            if phone:
                try:
                    validate_phone(phone)
                except ValidationError as exc:
                    row.error("联系电话", exc.messages[0])
            if row.ok:
                row.objects["instance"] = ServicePoint(
                    region=region,
                    name=v["name"],
                    address=v["address"],
                    kind=v["kind"],
                    offers=v["offers"],
                    opening_hours=v["opening_hours"],
                    contact=v["contact"],
                    contact_phone=phone,
                )

    def save(self, rows):
        bulk_insert(ServicePoint, [row.objects["instance"] for row in rows], user=self.user)

    def export_queryset(self, queryset=None):
        return super().export_queryset(queryset).select_related("region").order_by("region__sort_order", "name", "pk")

    def export_rows(self, queryset):
        labels = dict(PointKind.choices)
        for p in queryset:
            yield [
                p.region.name,
                p.name,
                p.address,
                labels.get(p.kind, p.kind),
                p.offers,
                p.opening_hours,
                p.contact,
                p.contact_phone,
            ]


# ---------------------------------------------------------------------------
# Outings and their participants: export
# ---------------------------------------------------------------------------
class OutingResource(ExcelResource):
    title = "组织活动"
    importable = False

    title_ = Column("title", "活动名称")
    region = Column("region", "主办区域")
    starts_on = Column("starts_on", "活动日期", kind="date")
    place = Column("place", "地点")
    organiser = Column("organiser", "组织单位")
    capacity = Column("capacity", "名额")
    signed = Column("signed", "报名人数")
    attended = Column("attended", "实到人数")
    insured = Column("insured", "已购买意外保险")

    class Meta:
        model = Outing
        fields = ("title_", "region", "starts_on", "place", "organiser", "capacity", "signed", "attended", "insured")

    def export_queryset(self, queryset=None):
        from django.db.models import Count, Q

        return (
            super()
            .export_queryset(queryset)
            .select_related("region")
            .annotate(n_signed=Count("signups"), n_attended=Count("signups", filter=Q(signups__attended=True)))
            .order_by("-starts_on", "-pk")
        )

    def export_rows(self, queryset):
        for o in queryset:
            yield [
                o.title,
                o.region.name,
                o.starts_on,
                o.place,
                o.organiser,
                o.capacity,
                o.n_signed,
                o.n_attended,
                "是" if o.insured else "否",
            ]


class SignUpResource(ExcelResource):
    """The participants of outings (names and attendance; no health data)."""

    title = "活动报名与签到"
    importable = False

    outing = Column("outing", "活动")
    starts_on = Column("starts_on", "活动日期", kind="date")
    name = Column("name", "姓名")
    region = Column("region", "区域")
    signed_up_on = Column("signed_up_on", "报名日期", kind="date")
    health_declared = Column("health_declared", "已签署健康声明")
    warning = Column("warning", "适宜性提示")
    attended = Column("attended", "实到")
    feedback = Column("feedback", "活动反馈")

    class Meta:
        model = OutingSignUp
        fields = (
            "outing",
            "starts_on",
            "name",
            "region",
            "signed_up_on",
            "health_declared",
            "warning",
            "attended",
            "feedback",
        )

    def export_rows(self, queryset):
        shown = {True: "是", False: "否", None: "未登记"}
        for r in queryset.order_by("-outing__starts_on", "outing", "pk").values_list(
            "outing__title",
            "outing__starts_on",
            "person__name",
            "person__region__name",
            "signed_up_on",
            "health_declared",
            "fit_warning",
            "attended",
            "feedback",
        ):
            yield [r[0], r[1], r[2], r[3], r[4], shown[r[5]], "有" if r[6] else "", shown[r[7]], r[8]]
