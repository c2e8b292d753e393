"""银发先锋's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
organisations and one organisation. The frame (``apps.dashboard.views.page_view``) has
checked the dashboard permission; ``frame`` gives the year and the user's region rule.
Each returns a ``Drill``: the frame adds its print view and Excel export."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from apps.core.brands import Drill
from apps.core.figures import DEC, INT, PCT, TEXT, Table
from apps.core.masking import can_view_sensitive, mask_name
from apps.core.scoping import get_scoped_or_404
from apps.party import dashboard
from apps.party.compliance import NOTHING_DUE
from apps.party.models import Organisation

BRAND, BRAND_TITLE = "vanguard", "银发先锋"
ORGANISATION_HEADERS = [
    "党组织",
    "党员（年末）",
    "组织生活（已通过）",
    "“三会一课”达标率",
    dashboard.PERSON_TIMES_LABEL,
    "党性教育",
]
ORGANISATION_KINDS = [TEXT, INT, INT, PCT, INT, INT]


def _rate_cell(rate) -> tuple:
    """A 三会一课 rate and its kind: None (nothing due) says so in words."""
    return (NOTHING_DUE, TEXT) if rate is None else (rate, PCT)


def with_compliance(filters, organisations: list[dict]) -> list[dict]:
    """``organisations`` (rows of :func:`dashboard.region_organisations`), each with its
    三会一课 rate as its own page reads it."""
    compliance = dashboard.organisation_compliance(filters, organisations)
    return [o | {"compliance": compliance.get(o["id"])} for o in organisations]


def organisations_table(region, year: int, rows: list[dict]) -> Table:
    """A region's organisations (every row of ``rows``, from :func:`with_compliance`)."""
    table = Table(
        "vanguard-region-organisations",
        f"{region.name}离退休干部党组织（{year}年）",
        ORGANISATION_HEADERS,
        ORGANISATION_KINDS,
    )
    for o in rows:
        rate, rate_kind = _rate_cell(o["compliance"])
        table.rows.append([o["name"], o["members"], o["activities"], rate, o["person_times"], o["education"]])
        table.row_kinds.append([TEXT, INT, INT, rate_kind, INT, INT])
        table.links.append(f"{reverse('dashboard:organisation', args=[o['id']])}?year={year}")
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    organisations = dashboard.region_organisations(filters, search=search)
    # The page's 50 rows; read only by the page, not by its print view and export.
    page = SimpleLazyObject(lambda: Paginator(organisations, 50).get_page(request.GET.get("page")))
    rows = SimpleLazyObject(lambda: with_compliance(filters, list(page.object_list)))
    return Drill(
        title=f"{region.name}离退休干部党组织",
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        lead=f"{filters.year}年 · 点击党组织名称查看其组织生活、“三会一课”、培训和考评情况。",
        tables=lambda: [organisations_table(region, filters.year, with_compliance(filters, list(organisations)))],
        template="party/dashboard/region.html",
        context={"region": region, "page": page, "rows": rows, "search": search},
        search=search,
        search_hint="如：夕阳红",
    )


def organisation_tables(organisation, year: int, f: dict) -> list[Table]:
    """The organisation page's tables (``f``: :func:`dashboard.organisation_figures`)."""
    name = organisation.name
    rate, rate_kind = _rate_cell(f["compliance"]["rate"])
    summary = Table(
        "vanguard-organisation-figures",
        f"{name} · 主要指标（{year}年）",
        ["指标", "数值"],
        [TEXT, INT],
        rows=[
            ["党员（年末，人）", f["members"]],
            ["组织生活（已通过，次）", f["activities"]],
            ["“三会一课”达标率", rate],
            ["“三会一课”应开展（项次）", f["compliance"]["due"]],
            ["“三会一课”达标（项次）", f["compliance"]["met"]],
            [f"{dashboard.PERSON_TIMES_LABEL}", f["person_times"]],
            ["党性教育（场次）", f["education"]],
        ],
        row_kinds=[[TEXT, INT], [TEXT, INT], [TEXT, rate_kind], [TEXT, INT], [TEXT, INT], [TEXT, INT], [TEXT, INT]],
    )
    types = Table(
        "vanguard-organisation-types",
        f"{name} · 组织生活类型（{year}年已审核通过）",
        ["类型", "次数"],
        [TEXT, INT],
        rows=[[t["label"], t["count"]] for t in f["types"]],
        chart=("hbar", 1),
    )
    comp_rows = f["compliance"]["rows"]
    months = Table(
        "vanguard-organisation-compliance",
        f"{name} · “三会一课”逐月达标（{year}年）",
        ["党支部", *dashboard.MONTH_LABELS, "全年"],
        [TEXT, *[PCT] * 12, PCT],
        rows=[[row["name"], *row["months"], _rate_cell(row["rate"])[0]] for row in comp_rows],
        row_kinds=[[TEXT, *[PCT] * 12, _rate_cell(row["rate"])[1]] for row in comp_rows],
        note="每格为当月到期项目中已达标的比例；“—”为当月无到期项目。"
        + ("" if comp_rows else "本组织下没有需开展“三会一课”的党支部。"),
    )
    recent = Table(
        "vanguard-organisation-recent",
        f"{name} · 最近 20 条组织生活记录（{year}年）",
        ["日期", "类型", "主题", "党组织", "状态"],
        [TEXT] * 5,
        rows=[
            [
                log["held_on"].isoformat(),
                log["type_label"],
                log["theme"],
                log["organisation__name"],
                log["status_label"],
            ]
            for log in f["recent"]
        ],
    )
    training = Table(
        "vanguard-organisation-training",
        f"{name} · “领头雁”培训参训记录（{year}年）",
        ["培训班", "开班日期", "学员"],
        [TEXT] * 3,
        rows=[
            [t["training_class__name"], t["training_class__start_on"].isoformat(), t["person__name"]]
            for t in f["training"]
        ],
    )
    reviews = Table(
        "vanguard-organisation-reviews",
        f"{name} · “六有一提升”复核（历年）",
        ["党支部", "年度", "结论"],
        [TEXT, TEXT, TEXT],
        rows=[[r["organisation__name"], f"{r['year']}年", r["result_label"]] for r in f["reviews"]],
    )
    card = f["scorecard"]
    scorecard = Table(
        "vanguard-organisation-scorecard",
        f"{name} · 年度综合考评（{year}年）",
        ["考评方案", "名次", "总分", "等次"],
        [TEXT, INT, DEC, TEXT],
        rows=[[card["scheme"], card["rank"], card["score"], card["grade"]]] if card else [],
        note="" if card else "本年度尚无该组织的考评结果。",
    )
    return [summary, types, months, recent, training, reviews, scorecard]


def organisation_detail(request, frame, pk: int):
    organisation = get_scoped_or_404(Organisation.objects.select_related("region", "parent"), request.user, pk=pk)
    filters = frame.filters(organisation.region)
    figures = dashboard.organisation_figures(organisation=organisation, year=filters.year)
    # Trainees are cadres: their names masked unless the user may see personal data, on
    # the page, its print view and its workbook alike (asked once: the same queries with
    # or without trainees).
    if not can_view_sensitive(request.user):
        figures["training"] = [t | {"person__name": mask_name(t["person__name"])} for t in figures["training"]]
    region_url = f"{reverse('dashboard:region', args=[organisation.region_id])}?year={filters.year}"
    parent = f" · 上级：{organisation.parent.name}" if organisation.parent else ""
    return Drill(
        title=organisation.name,
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        crumbs=((f"{organisation.region.name}离退休干部党组织", region_url),),
        lead=f"{organisation.get_kind_display()}{parent} · {filters.year}年",
        tables=lambda: organisation_tables(organisation, filters.year, figures),
        template="party/dashboard/organisation.html",
        context={"organisation": organisation, "f": figures, "months": dashboard.MONTH_LABELS, "years": frame.years},
    )
