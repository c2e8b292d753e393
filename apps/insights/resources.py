"""The 草根内参 ledger export; an anonymous report's author is never exported."""

from apps.core.excel.resources import Column, ExcelResource
from apps.insights.choices import ReportStatus
from apps.insights.models import Report


class ReportResource(ExcelResource):
    title = "草根内参登记表"
    importable = False

    number = Column("number", "登记编号")
    title_ = Column("title", "标题", width=30)
    category = Column("category", "类别")
    author = Column("author", "作者")
    region = Column("region", "所属区域")
    place = Column("place", "反映地点")
    submitted_on = Column("submitted_on", "报送日期", kind="date")
    status = Column("status", "状态", kind="choice", choices=ReportStatus)
    adopted = Column("adopted", "已采用")
    department = Column("department", "转办部门")
    forwarded_on = Column("forwarded_on", "转办日期", kind="date")
    feedback_due = Column("feedback_due", "反馈期限", kind="date")
    instructed_on = Column("instructed_on", "批示日期", kind="date")
    fed_back_on = Column("fed_back_on", "反馈日期", kind="date")

    class Meta:
        model = Report
        fields = (
            "number",
            "title_",
            "category",
            "author",
            "region",
            "place",
            "submitted_on",
            "status",
            "adopted",
            "department",
            "forwarded_on",
            "feedback_due",
            "instructed_on",
            "fed_back_on",
        )

    def export_rows(self, queryset):
        labels = dict(ReportStatus.choices)
        for r in queryset.values_list(
            "number",
            "title",
            "category__name",
            "anonymous",
            "informant__name",
            "region__name",
            "place",
            "submitted_on",
            "status",
            "adopted",
            "department",
            "forwarded_on",
            "feedback_due",
            "instructed_on",
            "fed_back_on",
        ).iterator(chunk_size=2000):
            yield [
                r[0] or "",
                r[1],
                r[2],
                "匿名" if r[3] else r[4],
                r[5],
                r[6],
                r[7],
                labels.get(r[8], r[8]),
                "是" if r[9] else "否",
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
            ]
