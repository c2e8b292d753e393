"""Excel import/export of 丹心向党 lists, on the one Excel base (``apps.core.excel``)."""

from django.core.exceptions import ValidationError

from apps.core.excel.lookups import RegionLookup, flag_duplicates
from apps.core.excel.resources import Column, ExcelResource, bulk_insert
from apps.workforce.choices import RankBand
from apps.workforce.models import StaffMember


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
