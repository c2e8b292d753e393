"""The benchmark harness and the changelist benchmark's pure helpers."""

import pytest

from bench import changelist
from bench.common import count_queries, dataset_suffix, median_ms


def test_dataset_names_are_plain_identifiers():
    assert dataset_suffix("city", 1) == "city_1"
    assert dataset_suffix("city", 0.1) == "city_0_1"
    assert dataset_suffix("city", 5.0) == "city_5"
    assert dataset_suffix("demo", 3) == "demo_1"  # the demo has one size
    with pytest.raises(ValueError):
        dataset_suffix("town")


@pytest.mark.django_db
def test_count_queries_counts_what_ran_inside_the_block():
    from apps.regions.models import Region

    with count_queries() as queries:
        list(Region.objects.all())
        list(Region.objects.all())

    assert len(queries) == 2


def test_median_ms_is_the_middle_run():
    assert median_ms(lambda: None, repeat=3) < 5


def test_changelist_summary_takes_the_worst_case():
    demo = {"organisations": (6, 50.0), "search: name": (7, 20.0)}
    city = {"organisations": (8, 100.0), "search: name": (9, 90.0)}

    assert changelist.summarise(demo, city) == {"max_queries": 9, "scale_ratio": 4.5, "max_search_ms": 90.0}


def test_changelist_searches_a_person_three_ways():
    class P:
        name = "王建国"
        name_initials = "wjg"
        id_number = "321002195001011234"

    urls = changelist.cases(P())

    assert urls["search: initials"] == "/admin/people/person/?q=wjg"
    assert "search: ID number" not in urls  # searched by POST: the number never enters a URL
    assert urls["search: name"].startswith("/admin/people/person/?q=%E7%8E%8B")
    assert urls["organisations"] == "/admin/party/organisation/"
