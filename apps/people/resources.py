"""Excel export of the people registry, on the one Excel base (``apps.core.excel``).

People are imported as members (``apps.party.resources.MemberResource``), which creates the
person and their membership together; this resource exports the registry, masked.
"""

from apps.core import crypto
from apps.core.excel.resources import Column, ExcelResource
from apps.core.masking import can_view_sensitive, mask_address, mask_id_number, mask_phone
from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType, Sex
from apps.people.models import Person


class PersonResource(ExcelResource):
    title = "老干部人员库"
    importable = False

    name = Column("name", "姓名")
    sex = Column("sex", "性别", kind="choice", choices=Sex)
    birth_date = Column("birth_date", "出生日期", kind="date")
    id_number = Column("id_number", "身份证号", kind="id_number", width=22)
    phone = Column("phone", "联系电话")
    address = Column("address", "居住地址", width=32)
    retirement_type = Column("retirement_type", "离退休类型", kind="choice", choices=RetirementType)
    retired_on = Column("retired_on", "离退休时间", kind="date")
    former_unit = Column("former_unit", "原工作单位")
    former_rank = Column("former_rank", "原职级", kind="choice", choices=Rank)
    health = Column("health", "健康状况", kind="choice", choices=Health)
    living = Column("living", "居住情况", kind="choice", choices=Living)
    region = Column("region", "所属区域")
    status = Column("status", "状态", kind="choice", choices=PersonStatus)

    class Meta:
        model = Person
        fields = (
            "name",
            "sex",
            "birth_date",
            "id_number",
            "phone",
            "address",
            "retirement_type",
            "retired_on",
            "former_unit",
            "former_rank",
            "health",
            "living",
            "region",
            "status",
        )

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        labels = {c.attribute: dict(c.choices.choices) for c in self.columns() if c.choices is not None}
        for r in queryset.values_list(
            "name",
            "sex",
            "birth_date",
            "id_number_encrypted",
            "phone",
            "address",
            "retirement_type",
            "retired_on",
            "former_unit",
            "former_rank",
            "health",
            "living",
            "region__name",
            "status",
        ).iterator(chunk_size=5000):
            id_number, phone, address = crypto.decrypt(r[3]), r[4], r[5]
            if not sensitive:
                id_number, phone, address = mask_id_number(id_number), mask_phone(phone), mask_address(address)
            yield [
                r[0],
                labels["sex"].get(r[1], r[1]),
                r[2],
                id_number,
                phone,
                address,
                labels["retirement_type"].get(r[6], r[6]),
                r[7],
                r[8],
                labels["former_rank"].get(r[9], r[9]),
                labels["health"].get(r[10], r[10]),
                labels["living"].get(r[11], r[11]),
                r[12],
                labels["status"].get(r[13], r[13]),
            ]
