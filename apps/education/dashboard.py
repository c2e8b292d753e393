"""牵手夕阳 · 老年教育's part of the data dashboard (declared in brand.py): the section
(the current term's courses and the network, ``apps.education.selectors.dashboard_data``)
with the year's figures, and the headline figures of the overview and five-year trend
(``Brand.key_figures``) read by the same selector: the venues open on the day read, the courses of the terms begun from
1 January up to the day read, and their applications (报名人次, withdrawn ones excluded)."""

import datetime

from apps.core.figures import as_of, in_region, totals_by_region, year_to
from apps.education.models import Course, Enrolment
from apps.education.selectors import APPLIED_STATUSES, dashboard_data, venues_open


def courses_to(day: datetime.date):
    return Course.objects.filter(year_to("term__starts_on", day))


def applications_to(day: datetime.date):
    return Enrolment.objects.filter(year_to("course__term__starts_on", day), status__in=APPLIED_STATUSES)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """Venues open on each day (the network, a stock), and courses and applications of the
    terms begun in each day's year up to it. One query."""
    return totals_by_region(
        region_id,
        days,
        {
            "venues": lambda day: in_region(venues_open(day), "region"),
            "courses": lambda day: in_region(courses_to(day), "venue__region"),
            "applications": lambda day: in_region(applications_to(day), "course__venue__region"),
        },
    )


def section_data(filters) -> dict:
    """The section's data, and the year's figures (one query more)."""
    year = key_figures(filters.region_id, [as_of(filters.year)])
    return dashboard_data(filters) | {
        "year": filters.year,
        "year_courses": year["courses"][0],
        "year_applications": year["applications"][0],
    }
