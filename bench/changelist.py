"""``python -m bench changelist``: the back office's big lists at demo and at city scale.

For the organisation, member (组织关系) and activity-log changelists, and the people
changelist searched by name, pinyin initials and ID number, it measures SQL queries and
median time of a GET through Django's test ``Client`` as a bureau staff member, once on
the demo data set and once on the city (``--scale``), side by side.

Goals (issue 6): ≤ 10 queries each; city ≤ 3× demo; each search ≤ 200 ms at city scale.
"""

from bench.common import count_queries, dataset, median_ms, table

GOALS = {"max_queries": 10, "scale_ratio": 3.0, "max_search_ms": 200.0}
LISTS = {
    "organisations": "/admin/party/organisation/",
    "members": "/admin/party/membership/",
    "activity logs": "/admin/party/activitylog/",
}
SEARCHES = ("search: name", "search: initials", "search: ID number")


ID_SEARCH_URL = "/admin/people/person/id-search/"


def search_terms(person) -> dict[str, str]:
    """The people-changelist searches for one known person by name and pinyin initials
    (``?q=``); the ID number is searched by POST (see :func:`id_search_url`)."""
    return {
        "search: name": person.name,
        "search: initials": person.name_initials,
    }


def cases(person) -> dict[str, str]:
    """Every measured GET URL, by label; the ID search's URL comes from :func:`id_search_url`."""
    from urllib.parse import urlencode

    urls = dict(LISTS)
    for label, term in search_terms(person).items():
        urls[label] = "/admin/people/person/?" + urlencode({"q": term})
    return urls


def id_search_url(client, person) -> str:
    """POST the ID number as staff do; the list URL it redirects to carries a session token."""
    response = client.post(ID_SEARCH_URL, {"id_number": person.id_number})
    assert response.status_code == 302 and person.id_number not in response["Location"], response
    return response["Location"]


def summarise(demo: dict[str, tuple[int, float]], city: dict[str, tuple[int, float]]) -> dict:
    """Figures from ``{label: (queries, ms)}`` at both scales.

    ``scale_ratio`` is the worst city ÷ demo time over every case; ``max_search_ms`` the
    slowest search at city scale.
    """
    return {
        "max_queries": max(q for q, _ in [*demo.values(), *city.values()]),
        "scale_ratio": round(max(city[k][1] / demo[k][1] for k in city if demo[k][1] > 0), 2),
        "max_search_ms": round(max(city[k][1] for k in city if k.startswith("search")), 1),
    }


def measure(username: str, repeat: int) -> dict[str, tuple[int, float]]:
    from django.test import Client

    from apps.accounts.models import User
    from apps.people.models import Person

    client = Client()
    client.force_login(User.objects.get(username=username))
    # A person in the middle of the registry, the same way at both scales.
    people = Person.objects.order_by("id")
    person = people[people.count() // 2]
    results = {}
    urls = cases(person) | {"search: ID number": id_search_url(client, person)}
    for label, url in urls.items():

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        response = get()
        if label.startswith("search"):
            assert person.name in response.content.decode(), f"{label}: the person was not found"
        with count_queries() as queries:
            get()
        results[label] = (len(queries), median_ms(get, repeat=repeat))
    return results


def run(args) -> dict:
    repeat = 3 if getattr(args, "quick", False) else 9
    scale = getattr(args, "scale", 1.0)
    with dataset("demo"):
        demo = measure("demo_staff", repeat)
    with dataset("city", scale):
        city = measure("city_staff", repeat)
    rows = [
        [
            label,
            demo[label][0],
            city[label][0],
            f"{demo[label][1]:.1f}",
            f"{city[label][1]:.1f}",
            f"{city[label][1] / demo[label][1]:.2f}",
        ]
        for label in demo
    ]
    table(rows, ["changelist", "queries demo", f"queries city×{scale:g}", "ms demo", "ms city", "ratio"])
    figures = summarise(demo, city)
    print(
        f"goals: ≤{GOALS['max_queries']} queries, city ≤{GOALS['scale_ratio']:g}× demo, searches ≤{GOALS['max_search_ms']:g} ms"
    )
    return {**figures, "scale": scale}
