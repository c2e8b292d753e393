"""Excel exports of 牵手夕阳 · 老年教育 on the one Excel base (``apps.core.excel``): the venue
network and the enrolment lists (no ID numbers, phones or addresses in either)."""

from apps.core.excel.lookups import flag_duplicates
from apps.core.excel.resources import Column, ExcelResource, bulk_insert
from apps.education.choices import (
    Channel,
    Demonstration,
    EnrolmentStatus,
    PaymentStatus,
    VenueKind,
    VenueLevel,
)
from apps.education.models import Enrolment, Venue


def _labels(choices):
    return dict(choices.choices)


def _capacity(row, value):
    """可容纳学员数: empty is 0; otherwise a whole number from 0 (Excel gives floats)."""
    if value in (None, ""):
        return 0
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.5
    if number < 0 or not number.is_integer():
        row.error("可容纳学员数", f"“{value}”不是 0 或正整数")
        return None
    return int(number)


# The network's levels from the top: a venue's parent is at a higher level than itself.
LEVEL_RANK = {VenueLevel.CITY: 0, VenueLevel.DISTRICT: 1, VenueLevel.STREET: 2, VenueLevel.COMMUNITY: 3}


class VenueResource(ExcelResource):
    """The four-level network (市—县（区）—街道（乡镇）—社区（村）): import and export.

    A row adds one venue in a region the user may write to; its parent (上级办学点) is
    named, and must already exist in the user's scope (one name, one venue) or come in an
    earlier row of the file, at a higher level. All-or-nothing, like every import."""

    title = "老年教育办学网络"

    name = Column("name", "名称", required=True, max_length=100, example="广陵区东关街道老年学校")
    level = Column("level", "层级", kind="choice", choices=VenueLevel, required=True, example="街道（乡镇）级")
    kind = Column("kind", "类型", kind="choice", choices=VenueKind, required=True, example="分校")
    region = Column("region", "所属区域", required=True, max_length=40, example="广陵区")
    parent = Column(
        "parent",
        "上级办学点",
        max_length=100,
        example="广陵区老年大学",
        note="须已存在，或在本文件中更靠前的行；层级须高于本办学点。",
    )
    address = Column("address", "地址", width=32, max_length=200, example="广陵区东关街 100 号")
    capacity = Column("capacity", "可容纳学员数", example=120, note="0 或正整数。")
    demonstration = Column(
        "demonstration", "示范校（点）", kind="choice", choices=Demonstration, example="市级示范", note="不填为非示范。"
    )
    opening_hours = Column("opening_hours", "开放时间", max_length=100, example="周一至周五 8:30—17:00")
    opened_on = Column("opened_on", "启用日期", kind="date", example="2019-09-01", note="不填视为平台建档前已启用。")
    closed_on = Column("closed_on", "停用日期", kind="date", note="停止办学的第一天；不填为在用。须晚于启用日期。")

    class Meta:
        model = Venue
        fields = (
            "name",
            "level",
            "kind",
            "region",
            "parent",
            "address",
            "capacity",
            "demonstration",
            "opening_hours",
            "opened_on",
            "closed_on",
        )

    def prepare(self, rows):
        from apps.core.excel.lookups import RegionLookup

        regions = RegionLookup(self.user)
        parent_names = {r.values["parent"] for r in rows if r.values["parent"]}
        existing_parents: dict[str, list] = {}
        for venue in Venue.objects.for_user(self.user).filter(name__in=parent_names).only("pk", "name", "level"):
            existing_parents.setdefault(venue.name, []).append(venue)
        existing = set(Venue.objects.filter(name__in={r.values["name"] for r in rows}).values_list("name", "region_id"))
        in_file: dict[str, Venue] = {}
        for row in rows:
            v = row.values
            region_id = regions.resolve(row, v["region"], "所属区域")
            if region_id and (v["name"], region_id) in existing:
                row.error("名称", "该区域已有同名办学点，请勿重复导入")
            capacity = _capacity(row, v["capacity"])
            parent = None
            if v["parent"]:
                if v["parent"] in in_file:
                    parent = in_file[v["parent"]]
                else:
                    found = existing_parents.get(v["parent"], [])
                    if not found:
                        row.error(
                            "上级办学点", f"“{v['parent']}”不存在或不在您的数据权限范围内（也不在本文件更靠前的行）"
                        )
                    elif len(found) > 1:
                        row.error("上级办学点", f"有 {len(found)} 个名为“{v['parent']}”的办学点，请先在系统中改名区分")
                    else:
                        parent = found[0]
            if parent is not None and v["level"] and LEVEL_RANK[parent.level] >= LEVEL_RANK[v["level"]]:
                row.error(
                    "上级办学点",
                    f"上级办学点“{parent.name}”是{VenueLevel(parent.level).label}，须高于本办学点的层级"
                    f"（{VenueLevel(v['level']).label}）",
                )
            if v["opened_on"] and v["closed_on"] and v["closed_on"] <= v["opened_on"]:
                row.error("停用日期", f"停用日期 {v['closed_on']:%Y-%m-%d} 须晚于启用日期 {v['opened_on']:%Y-%m-%d}")
            venue = Venue(
                name=v["name"],
                level=v["level"] or "",
                kind=v["kind"] or "",
                region_id=region_id,
                address=v["address"],
                capacity=capacity or 0,
                demonstration=v["demonstration"] or Demonstration.NONE,
                opening_hours=v["opening_hours"],
                opened_on=v["opened_on"],
                closed_on=v["closed_on"],
            )
            venue._import_parent = parent
            row.objects["instance"] = venue
            if v["name"]:
                in_file.setdefault(v["name"], venue)
        flag_duplicates(
            rows, lambda r: (r.values["name"], r.values["region"]), "名称", "与第 {first} 行重复（同区域同名）"
        )

    def save(self, rows):
        pending = [r.objects["instance"] for r in rows]
        # Parents first: each pass creates the venues whose parent now has an id.
        while pending:
            ready = [o for o in pending if o._import_parent is None or o._import_parent.pk]
            for venue in ready:
                venue.parent = venue._import_parent
            bulk_insert(Venue, ready, user=self.user)
            pending = [o for o in pending if not o.pk]

    def export_rows(self, queryset):
        level, kind, demo = _labels(VenueLevel), _labels(VenueKind), _labels(Demonstration)
        for r in queryset.values_list(
            "name",
            "level",
            "kind",
            "region__name",
            "parent__name",
            "address",
            "capacity",
            "demonstration",
            "opening_hours",
            "opened_on",
            "closed_on",
        ).iterator(chunk_size=5000):
            yield [
                r[0],
                level.get(r[1], r[1]),
                kind.get(r[2], r[2]),
                r[3],
                r[4] or "",
                r[5],
                r[6],
                demo.get(r[7], r[7]),
                r[8],
                r[9],
                r[10],
            ]


class EnrolmentResource(ExcelResource):
    title = "报名与录取名单"
    importable = False

    person = Column("person", "学员")
    course = Column("course", "课程")
    venue = Column("venue", "上课地点")
    status = Column("status", "状态", kind="choice", choices=EnrolmentStatus)
    queue_position = Column("queue_position", "候补序号")
    lottery_rank = Column("lottery_rank", "签位")
    channel = Column("channel", "报名方式", kind="choice", choices=Channel)
    returning = Column("returning", "老学员续报")
    fee = Column("fee", "应缴学费（元）")
    payment_status = Column("payment_status", "缴费状态", kind="choice", choices=PaymentStatus)

    class Meta:
        model = Enrolment
        fields = (
            "person",
            "course",
            "venue",
            "status",
            "queue_position",
            "lottery_rank",
            "channel",
            "returning",
            "fee",
            "payment_status",
        )

    def export_rows(self, queryset):
        status, channel, paid = _labels(EnrolmentStatus), _labels(Channel), _labels(PaymentStatus)
        for r in queryset.values_list(
            "person__name",
            "course__name",
            "course__venue__name",
            "status",
            "queue_position",
            "lottery_rank",
            "channel",
            "returning",
            "fee",
            "payment_status",
        ).iterator(chunk_size=5000):
            yield [
                r[0],
                r[1],
                r[2],
                status.get(r[3], r[3]),
                r[4],
                r[5],
                channel.get(r[6], r[6]),
                "是" if r[7] else "否",
                r[8],
                paid.get(r[9], r[9]),
            ]
