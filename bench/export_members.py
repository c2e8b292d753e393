"""``python -m bench export``: 20,000 members to xlsx with masking, project vs library default.

- **project** — ``MemberResource.export()`` for a leadership user (no permission to see
  personal data, so ID, phone and address are masked) and the project's xlsx format
  (the one writer, ``apps.core.excel.writer``: XlsxWriter in constant-memory mode, formulae
  escaped): one ``values_list`` query, rows built as plain lists.
- **default** — a plain ``resources.ModelResource`` for ``Membership`` with the same eleven
  columns (``person__…`` attributes, ``dehydrate_…`` methods decrypting and masking the ID,
  phone and address), ``select_related`` queryset, written by the library's own
  ``base_formats.XLSX`` (tablib → openpyxl): the library's default path for the same rows.

The 20,000 members are imported first with the project's import (``bench.import_members``)
and deleted afterwards. Figures: seconds (median of 3), ``default_ratio`` = default ÷
project time, peak Python memory of the project export (tracemalloc).

Goals: ≤ 2 s; ≥ 3× the default; peak ≤ 200 MB.
"""

import statistics
import time

from bench.common import count_queries, dataset, peak_memory, table
from bench.import_members import LEADER_USERNAME, ROWS, STAFF_USERNAME, cleanup, ensure_fixtures, member_rows, workbook

GOALS = {"seconds": 2.0, "default_ratio": 3.0, "peak_mb": 200}
REPEAT = 3


def project_export(queryset, user) -> bytes:
    from apps.core.excel.formats import XLSX
    from apps.party.resources import MemberResource

    return XLSX().export_data(MemberResource(user=user).export(queryset))


def default_resource_class():
    from import_export import fields, resources

    from apps.core.masking import mask_address, mask_id_number, mask_phone
    from apps.party.models import Membership

    class DefaultMemberResource(resources.ModelResource):
        id_number = fields.Field(column_name="身份证号")
        name = fields.Field(attribute="person__name", column_name="姓名")
        phone = fields.Field(column_name="联系电话")
        address = fields.Field(column_name="居住地址")
        retirement_type = fields.Field(attribute="person__retirement_type", column_name="离退休类型")
        former_unit = fields.Field(attribute="person__former_unit", column_name="原工作单位")
        former_rank = fields.Field(attribute="person__former_rank", column_name="原职级")
        region = fields.Field(attribute="person__region__name", column_name="所属区域")
        organisation = fields.Field(attribute="organisation__name", column_name="所在党组织")
        joined_party_on = fields.Field(attribute="joined_party_on", column_name="入党时间")
        joined_on = fields.Field(attribute="joined_on", column_name="转入本支部时间")

        class Meta:
            model = Membership
            fields = (
                "id_number",
                "name",
                "phone",
                "address",
                "retirement_type",
                "former_unit",
                "former_rank",
                "region",
                "organisation",
                "joined_party_on",
                "joined_on",
            )

        def dehydrate_id_number(self, membership):
            return mask_id_number(membership.person.id_number)

        def dehydrate_phone(self, membership):
            return mask_phone(membership.person.phone)

        def dehydrate_address(self, membership):
            return mask_address(membership.person.address)

    return DefaultMemberResource


def default_export(queryset) -> bytes:
    from import_export.formats.base_formats import XLSX

    dataset = default_resource_class()().export(queryset.select_related("person__region", "organisation"))
    return XLSX().export_data(dataset)


def _median_seconds(func, repeat=REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(args) -> dict:
    # The import benchmark's data set (regions and roles only), never the configured database.
    with dataset("import"):
        return _run(args)


def _run(args) -> dict:
    import gc

    from apps.party.models import Membership
    from apps.party.resources import MemberResource
    from bench.import_members import project_import

    fixtures = ensure_fixtures()
    cleanup(fixtures)
    leader = fixtures[LEADER_USERNAME]
    project_import(workbook(MemberResource.headers(), member_rows(fixtures)), fixtures[STAFF_USERNAME])
    try:
        queryset = Membership.objects.filter(organisation__in=fixtures["branches"])
        assert queryset.count() == ROWS
        data = project_export(queryset, leader)
        assert len(data) > 100_000
        with count_queries() as queries:
            project_export(queryset, leader)
        gc.collect()
        seconds = _median_seconds(lambda: project_export(queryset, leader))
        gc.collect()
        with peak_memory() as peak:
            project_export(queryset, leader)
        gc.collect()
        default_seconds = _median_seconds(lambda: default_export(queryset), repeat=1)
    finally:
        cleanup(fixtures)
    figures = {
        "rows": ROWS,
        "seconds": round(seconds, 2),
        "default_ratio": round(default_seconds / seconds, 2),
        "peak_mb": peak["mb"],
        "default_seconds": round(default_seconds, 2),
        "queries": len(queries),
        "file_mb": round(len(data) / 1024 / 1024, 2),
    }
    table(
        [
            ["project (masked, one writer)", ROWS, f"{seconds:.2f}", len(queries)],
            ["default ModelResource + tablib xlsx", ROWS, f"{default_seconds:.2f}", "-"],
        ],
        ["export", "rows", "seconds", "queries"],
    )
    figures["passed"] = (
        figures["seconds"] <= GOALS["seconds"]
        and figures["default_ratio"] >= GOALS["default_ratio"]
        and figures["peak_mb"] <= GOALS["peak_mb"]
    )
    return figures
