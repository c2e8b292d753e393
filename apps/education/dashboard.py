"""牵手夕阳 · 老年教育's part of the data dashboard (declared in brand.py): the section
(the courses of the last term begun in the year and the network, ``apps.education.selectors.dashboard_data``)
with the year's figures, and the headline figures of the overview and five-year trend
(``Brand.key_figures``) read by the same selector: the venues open on the day read, the courses of the terms begun from
1 January up to the day read, and their applications (报名人次, withdrawn ones excluded)."""

import datetime

from apps.core.figures import Tally, as_of, totals_on_days, year_to
from apps.education.models import Course, Enrolment, Venue, open_on_q
from apps.education.selectors import APPLIED_STATUSES, dashboard_data


def courses_to(day: datetime.date):
    return Course.objects.filter(year_to("term__starts_on", day))


def applications_to(day: datetime.date):
    return Enrolment.objects.filter(year_to("course__term__starts_on", day), status__in=APPLIED_STATUSES)


def key_figures(region_id, days: list[datetime.date]) -> dict[str, list]:
    """Venues open on each day (the network, a stock: the rule of ``venues_open``), and
    courses and applications of the terms begun in each day's year up to it. One query."""
    return totals_on_days(
        region_id,
        days,
        {
            "venues": Tally(Venue.objects.all(), "region", open_on_q),
            "courses": Tally(Course.objects.all(), "venue__region", lambda day: year_to("term__starts_on", day)),
            "applications": Tally(
                Enrolment.objects.filter(status__in=APPLIED_STATUSES),
                "course__venue__region",
                lambda day: year_to("course__term__starts_on", day),
            ),
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
