"""The service-order export (the loop's ledger as staff keep it), masked for the user: the
requester's name, phone and address, and the provider (a provider outside the volunteer
teams is often one person, a 家政 worker or a counsellor), as the user may see them."""

from apps.core.excel.resources import Column, ExcelResource
from apps.core.masking import can_view_sensitive, mask_address, mask_name, mask_phone
from apps.orders.choices import OrderOrigin, OrderStatus
from apps.orders.models import ServiceOrder


class ServiceOrderResource(ExcelResource):
    title = "四单服务工单"
    importable = False

    number = Column("number", "工单编号")
    category = Column("category", "服务类别")
    origin = Column("origin", "业务来源", kind="choice", choices=OrderOrigin)
    requester = Column("requester_name", "点单人")
    phone = Column("requester_phone", "联系电话")
    region = Column("region", "所属区域")
    address = Column("address", "服务地点", width=30)
    content = Column("content", "服务需求", width=40)
    wanted_by = Column("wanted_by", "希望完成日期", kind="date")
    status = Column("status", "状态", kind="choice", choices=OrderStatus)
    team = Column("team", "承接团队")
    provider = Column("provider", "承接服务机构")
    step_due_on = Column("step_due_on", "本环节办理期限", kind="date")
    refuse_reason = Column("refuse_reason", "拒单理由")
    served_on = Column("served_on", "服务完成日期", kind="date")
    on_time = Column("on_time", "按时办结")
    satisfaction = Column("satisfaction", "满意度（星）")
    comment = Column("evaluation_comment", "评价意见")

    class Meta:
        model = ServiceOrder
        fields = (
            "number",
            "category",
            "origin",
            "requester",
            "phone",
            "region",
            "address",
            "content",
            "wanted_by",
            "status",
            "team",
            "provider",
            "step_due_on",
            "refuse_reason",
            "served_on",
            "on_time",
            "satisfaction",
            "comment",
        )

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        labels, origins = dict(OrderStatus.choices), dict(OrderOrigin.choices)
        for r in queryset.values_list(
            "number",
            "category__name",
            "requester_person__name",
            "requester_name",
            "requester_phone",
            "region__name",
            "address",
            "content",
            "wanted_by",
            "status",
            "team__name",
            "step_due_on",
            "refuse_reason",
            "served_on",
            "on_time",
            "satisfaction",
            "evaluation_comment",
            "origin",
            "provider",
        ).iterator(chunk_size=2000):
            name, phone, address, provider = r[2] or r[3], r[4], r[6], r[18]
            if not sensitive:
                name, phone, address = mask_name(name), mask_phone(phone), mask_address(address)
                provider = mask_name(provider)
            on_time = {True: "是", False: "否"}.get(r[14], "")
            yield [
                r[0],
                r[1],
                origins.get(r[17], r[17]),
                name,
                phone,
                r[5],
                address,
                r[7],
                r[8],
                labels.get(r[9], r[9]),
                r[10] or "",
                provider,
                r[11],
                r[12],
                r[13],
                on_time,
                r[15],
                r[16],
            ]
