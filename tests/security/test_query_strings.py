"""No ID number in a URL: a query string carrying one is refused (a Chinese 400 page)
before any view runs — and before the second-factor step could copy it into ``next=`` —
and error pages carry the same security headers as every other page."""

import logging

import pytest

from tests.security.conftest import valid_id
from tests.security.test_hardening import _check_headers

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id("32100219500517003")


def _refused(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert "身份证号" in page and "网址" in page
    assert ID_NUMBER not in page and ID_NUMBER[:14] not in page
    return page


@pytest.mark.parametrize(
    "query",
    [
        {"q": ID_NUMBER},
        {"q": ID_NUMBER.lower()[:17] + "x"},
        {"q": f" {ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]} "},
        {"q": f"查找{ID_NUMBER}的人"},
        {"region": "3", "keyword": ID_NUMBER},
        {ID_NUMBER: "1"},
    ],
)
def test_an_id_number_in_a_back_office_query_string_is_refused(client, cast, query):
    client.force_login(cast.staff)
    _refused(client.get("/admin/people/person/", query))


def test_an_id_number_in_the_dashboard_search_is_refused(client, cast):
    client.force_login(cast.leader)
    _refused(client.get(f"/dashboard/regions/{cast.branch.region_id}/", {"q": ID_NUMBER}))


def test_an_id_number_in_next_is_refused_on_every_page(client, cast):
    _refused(client.get("/accounts/login/", {"next": f"/admin/people/person/?q={ID_NUMBER}"}))
    client.force_login(cast.staff)
    _refused(client.get("/accounts/otp/verify/", {"next": f"/admin/people/person/?q={ID_NUMBER}"}))


def test_the_second_factor_step_never_copies_an_id_number_into_next(client, cast, settings):
    settings.OTP_REQUIRED = True
    client.force_login(cast.staff)
    response = client.get("/admin/people/person/", {"q": ID_NUMBER})
    _refused(response)
    assert "Location" not in response


def test_the_refusal_logs_no_id_number(client, cast, caplog):
    client.force_login(cast.staff)
    with caplog.at_level(logging.DEBUG):
        _refused(client.get("/admin/people/person/", {"q": ID_NUMBER}))
    assert all(ID_NUMBER not in r.getMessage() and ID_NUMBER[:14] not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/?year=2025",
        "/admin/people/person/?q=zhangsan&p=2",
        "/admin/people/person/?q=%E5%BC%A0",
        "/dashboard/?_=1764240000000",
        "/admin/audit/auditevent/?created_at__gte=2026-01-01+00:00:00&created_at__lt=2026-12-31+23:59:59",
    ],
)
def test_ordinary_query_strings_pass(client, cast, path):
    client.force_login(cast.staff)
    assert client.get(path).status_code != 400


# ---------------------------------------------------------------------------
# Error pages carry the security headers
# ---------------------------------------------------------------------------
def test_every_error_page_carries_the_security_headers(client, cast, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.urls_boom"
    client.raise_request_exception = False
    client.force_login(cast.staff)
    sensitive = client.get("/admin/people/person/?phone__startswith=139")
    assert sensitive.status_code == 400
    assert "不允许按身份证号、电话、地址" in sensitive.content.decode()
    _check_headers(sensitive, "sensitive filter 400")
    in_query = client.get("/admin/people/person/", {"q": ID_NUMBER})
    _refused(in_query)
    _check_headers(in_query, "ID number 400")
    _check_headers(client.get("/no-such-page/"), "404")
    client.force_login(cast.leader)
    forbidden = client.post("/audit/reveal/person/999999/")
    assert forbidden.status_code == 403
    _check_headers(forbidden, "403")
    failed = client.get("/__boom__/")
    assert failed.status_code == 500
    _check_headers(failed, "500")


def test_the_sensitive_filter_page_is_a_chinese_html_page(client, cast):
    client.force_login(cast.staff)
    response = client.get("/admin/people/person/?address__contains=东关")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()
