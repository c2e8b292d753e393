"""Excel exports of 牵手夕阳 · 老年教育 on the one Excel base (``apps.core.excel``): the venue
network and the enrolment lists (no ID numbers, phones or addresses in either)."""

from apps.core.excel.resources import Column, ExcelResource
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


class VenueResource(ExcelResource):
    title = "老年教育办学网络"
    importable = False

    name = Column("name", "名称")
    level = Column("level", "层级", kind="choice", choices=VenueLevel)
    kind = Column("kind", "类型", kind="choice", choices=VenueKind)
    region = Column("region", "所属区域")
    parent = Column("parent", "上级办学点")
    address = Column("address", "地址", width=32)
    capacity = Column("capacity", "可容纳学员数")
    demonstration = Column("demonstration", "示范校（点）", kind="choice", choices=Demonstration)
    opening_hours = Column("opening_hours", "开放时间")

    class Meta:
        model = Venue
        fields = ("name", "level", "kind", "region", "parent", "address", "capacity", "demonstration", "opening_hours")

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
