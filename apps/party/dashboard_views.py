"""银发先锋's drill-down pages of the dashboard (``Brand.dashboard_pages``): a region's
organisations and one organisation. The frame (``apps.dashboard.views.page_view``) has
checked the dashboard permission; ``frame`` gives the year and the user's region rule."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from apps.core.scoping import get_scoped_or_404
from apps.party import dashboard
from apps.party.models import Organisation


def region_detail(request, frame, region_id: int):
    region = frame.region_for(region_id)
    if region is None:
        raise Http404("区域不存在。")
    filters = frame.filters(region)
    search = request.GET.get("q", "").strip()
    organisations = dashboard.region_organisations(filters, search=search)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    compliance = dashboard.organisation_compliance(filters, list(page.object_list))
    rows = [o | {"compliance": compliance.get(o["id"])} for o in page.object_list]
    return render(
        request,
        "party/dashboard/region.html",
        {"filters": filters, "region": region, "page": page, "rows": rows, "search": search},
    )


def organisation_detail(request, frame, pk: int):
    organisation = get_scoped_or_404(Organisation.objects.select_related("region", "parent"), request.user, pk=pk)
    filters = frame.filters(organisation.region)
    figures = dashboard.organisation_figures(organisation=organisation, year=filters.year)
    return render(
        request,
        "party/dashboard/organisation.html",
        {
            "filters": filters,
            "organisation": organisation,
            "f": figures,
            "months": dashboard.MONTH_LABELS,
            "years": frame.years,
        },
    )
