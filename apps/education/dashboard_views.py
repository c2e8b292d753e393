"""牵手夕阳 · 老年教育's drill-down pages of the dashboard (``Brand.dashboard_pages``): a
region's venues and one venue. The frame (``apps.dashboard.views.page_view``) has checked
the dashboard permission; ``frame`` gives the year and the user's region rule. Each returns
a ``Drill``: the frame adds its print view and Excel export."""

from django.core.paginator import Paginator
from django.urls import reverse

from apps.core.brands import Drill
from apps.core.figures import INT, TEXT, Table, as_of
from apps.core.scoping import get_scoped_or_404
from apps.education import dashboard
from apps.education.models import Venue
from apps.education.selectors import term_of_year

BRAND = "sunset_education"
BRAND_TITLE = "牵手夕阳 · 老年教育"
# Up to ~80 venues in a district at city scale: a page of 50 keeps a phone's page short.
PER_PAGE = 50
VENUE_NOTE = "“已停用”的办学点不计入办学点数，但其本学期课程计入课程与报名。报名人次不含已退课。"
VENUE_HEADERS = ["办学点", "层级", "类型", "示范校（点）", "状态", "开设课程", "招生名额", "报名人次", "候补人次"]


def _venue_url(pk: int, year: int) -> str:
    return f"{reverse('dashboard:education_venue', args=[pk])}?year={year}"


def venues_table(region, year: int, term, venues) -> Table:
    """A region's venues (every row of ``venues``: rows of :func:`dashboard.venue_row`)."""
    table = Table(
        "education-region-venues",
        f"{region.name}老年教育办学点（{year}年；课程与报名：{term or '无学期'}）",
        VENUE_HEADERS,
        [TEXT, TEXT, TEXT, TEXT, TEXT, INT, INT, INT, INT],
        note=VENUE_NOTE,
    )
    for v in venues:
        table.rows.append(
            [
                v["name"],
                v["level_label"],
                v["kind_label"],
                v["demonstration_label"],
                "在用" if v["open"] else "已停用",
                v["courses_n"],
                v["seats_n"],
                v["applicants_n"],
                v["waiting_n"],
            ]
        )
        table.links.append(_venue_url(v["id"], year))
    return table


def region_detail(request, frame, region_id: int):
    region = frame.region(region_id)
    filters = frame.filters(region)
    day = as_of(filters.year)
    term = term_of_year(filters.year)
    search = request.GET.get("q", "").strip()
    venues = dashboard.region_venues(region_id=region.pk, term=term, day=day, search=search)
    page = Paginator(venues, PER_PAGE).get_page(request.GET.get("page"))
    rows = [dashboard.venue_row(v) for v in page.object_list]
    return Drill(
        title=f"{region.name}老年教育办学点",
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        lead=(
            f"{filters.year}年 · 办学点截至{day:%Y年%-m月%-d日}，课程与报名为{term or '（该年无已发布学期）'}。"
            "点击办学点名称查看其课程、月度上课与出勤和近期课堂。"
        ),
        tables=lambda: [venues_table(region, filters.year, term, (dashboard.venue_row(v) for v in venues))],
        template="education/dashboard_region.html",
        context={"region": region, "page": page, "rows": rows, "search": search, "term": term, "note": VENUE_NOTE},
        search=search,
        search_hint="如：老年大学",
    )


def venue_detail(request, frame, pk: int):
    venue = get_scoped_or_404(Venue.objects.select_related("region"), request.user, pk=pk)
    filters = frame.filters(venue.region)
    figures = dashboard.venue_figures(venue=venue, year=filters.year)
    term = figures["term"]
    region_url = f"{reverse('dashboard:education_region', args=[venue.region_id])}?year={filters.year}"

    def tables():
        summary = Table(
            "education-venue-figures",
            f"{venue.name} · 主要指标（{term or f'{filters.year}年无已发布学期'}）",
            ["指标", "数值"],
            [TEXT, INT],
            rows=[
                ["开设课程（门）", figures["courses_n"]],
                ["招生名额（个）", figures["seats_n"]],
                ["报名人次（不含已退课）", figures["applicants_n"]],
                ["候补人次", figures["waiting_n"]],
            ],
        )
        courses = Table(
            "education-venue-courses",
            f"{venue.name} · 课程（{term or '无学期'}）",
            ["课程", "上课时间", "招生名额", "报名人次", "候补人次"],
            [TEXT, TEXT, INT, INT, INT],
            rows=[
                [str(c), f"{c.get_weekday_display()} {c.starts_at:%H:%M}", c.seats, c.applicants, c.waiting]
                for c in figures["courses"]
            ],
        )
        recent = Table(
            "education-venue-recent",
            f"{venue.name} · 最近 20 次课堂（{filters.year}年）",
            ["日期", "课程", "出勤（人）", "点名（人）"],
            [TEXT, TEXT, INT, INT],
            rows=[[x.date.isoformat(), str(x.course), x.present_n, x.marked_n] for x in figures["recent"]],
        )
        return [summary, courses, figures["months"], recent]

    return Drill(
        title=venue.name,
        filters=filters,
        brand=BRAND,
        brand_title=BRAND_TITLE,
        crumbs=((f"{venue.region.name}老年教育办学点", region_url),),
        lead=f"{venue.get_level_display()} · {venue.get_kind_display()}"
        + ("" if venue.open_on(figures["day"]) else f" · {figures['day']:%Y年%-m月%-d日}已停用"),
        tables=tables,
        template="education/dashboard_venue.html",
        context={"venue": venue, "f": figures},
    )
